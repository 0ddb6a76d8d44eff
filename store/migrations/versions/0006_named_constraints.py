"""named constraints: every primary key and foreign key named by store.naming's convention

Revision ID: 0006
Revises: 0005

SQLite stored them unnamed and PostgreSQL named them its own way (case_pkey,
audit_event_case_id_fkey); from here on both carry the convention's names (pk_case,
fk_audit_event_case_id), so later migrations can drop or alter them by name on either database.
"""
from alembic import op
import sqlalchemy as sa

from store.naming import NAMING_CONVENTION

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        if bind.dialect.name == "sqlite":
            # SQLite cannot rename a constraint: the table is copied under the convention, which
            # names the reflected unnamed keys on the way.
            with op.batch_alter_table(table, recreate="always", naming_convention=NAMING_CONVENTION):
                pass
            continue
        _rename(table, inspector.get_pk_constraint(table).get("name"), f"pk_{table}")
        for fk in inspector.get_foreign_keys(table):
            _rename(table, fk.get("name"), f"fk_{table}_{fk['constrained_columns'][0]}")


def _rename(table: str, old: str | None, new: str) -> None:
    if old and old != new:
        op.execute(sa.text(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{old}" TO "{new}"'))


def downgrade() -> None:
    raise NotImplementedError("names are kept; there is nothing to go back to")
