"""staff queue indexes: paging by received time, per state and kind, and the change marker

Revision ID: 0003
Revises: 0002
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_received_id', ['received_at', 'id'], unique=False)
        batch_op.create_index('ix_case_status_received', ['status', 'received_at'], unique=False)
        batch_op.create_index('ix_case_kind_received', ['kind', 'received_at'], unique=False)
        batch_op.create_index('ix_case_updated_at', ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_updated_at')
        batch_op.drop_index('ix_case_kind_received')
        batch_op.drop_index('ix_case_status_received')
        batch_op.drop_index('ix_case_received_id')
