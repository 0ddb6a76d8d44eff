"""Everything mdreg keeps: tables, migrations, the case state machine, audit, outbox.

Only this package knows SQL; what leaves it are plain dataclasses (store.views).
"""
