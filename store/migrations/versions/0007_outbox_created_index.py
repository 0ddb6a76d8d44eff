"""outbox index for the daily reply count: created_at first, with the columns the count reads

Revision ID: 0007
Revises: 0006

store/quota.py counts an address's replies of the last 24 hours for every message recorded; it
read the whole outbox (raw bytes included) to do so, a cost that grew with its history (27 ms a
message at 26,000 rows). This index covers that count: only the day's rows are read, from the
index alone.
"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_created_to_kind', ['created_at', 'to_addr', 'kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_created_to_kind')
