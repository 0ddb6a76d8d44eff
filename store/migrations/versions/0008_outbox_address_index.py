"""outbox index for the daily reply count by address: lower(to_addr) first

Revision ID: 0008
Revises: 0007

store/quota.py counts an address's replies of the last 24 hours for every message recorded, by
lower(to_addr). Index 0007 (created_at first) reads every reply of the day to find one address's:
770 µs a message with 5,000 replies that day, 4 µs with this index, which finds the address
first. The bounce checks (store/bounces.py) look replies up by lower(to_addr) too.
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_outbox_to_lower_created', 'outbox_message',
                    [sa.text('lower(to_addr)'), 'created_at', 'kind'], unique=False)
    op.drop_index('ix_outbox_created_to_kind', table_name='outbox_message')


def downgrade() -> None:
    op.create_index('ix_outbox_created_to_kind', 'outbox_message', ['created_at', 'to_addr', 'kind'], unique=False)
    op.drop_index('ix_outbox_to_lower_created', table_name='outbox_message')
