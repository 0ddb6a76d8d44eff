"""the register: Enhetsregisteret units and API cache, checks per case, devices, mandates,
surveillance signals, purged content

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('brreg_api_cache',
    sa.Column('org_number', sa.String(length=9), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('org_number')
    )
    op.create_table('brreg_unit',
    sa.Column('org_number', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('org_form', sa.String(), nullable=True),
    sa.Column('org_form_text', sa.String(), nullable=True),
    sa.Column('business_address', sa.JSON(), nullable=False),
    sa.Column('postal_address', sa.JSON(), nullable=False),
    sa.Column('bankrupt', sa.Boolean(), nullable=False),
    sa.Column('liquidation', sa.Boolean(), nullable=False),
    sa.Column('forced_dissolution', sa.Boolean(), nullable=False),
    sa.Column('deleted_on', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('org_number')
    )
    op.create_table('purged_content',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('purged_content', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purged_content_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_purged_kind_row', ['kind', 'row_id'], unique=False)

    op.create_table('brreg_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('org_number', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('unit', sa.JSON(), nullable=False),
    sa.Column('proposals', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('brreg_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brreg_check_case_id'), ['case_id'], unique=False)

    op.create_table('surveillance_signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('surveillance_signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveillance_signal_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveillance_signal_rule'), ['rule'], unique=False)

    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('basic_udi_di', sa.String(), nullable=True),
    sa.Column('risk_class', sa.String(), nullable=True),
    sa.Column('regulation', sa.String(), nullable=True),
    sa.Column('notified_body', sa.String(), nullable=True),
    sa.Column('doc_date', sa.String(), nullable=True),
    sa.Column('custom_made', sa.Boolean(), nullable=False),
    sa.Column('manufacturer', sa.String(), nullable=True),
    sa.Column('added_case_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_case_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retired_by', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['added_case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.ForeignKeyConstraint(['retired_case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_basic_udi_di'), ['basic_udi_di'], unique=False)
        batch_op.create_index('ix_device_operator_active', ['operator_id', 'retired_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_device_operator_id'), ['operator_id'], unique=False)

    op.create_table('mandate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('manufacturer_name', sa.String(), nullable=False),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('address', sa.String(), nullable=True),
    sa.Column('srn', sa.String(), nullable=True),
    sa.Column('added_case_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['added_case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mandate_operator_id'), ['operator_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mandate_operator_id'))

    op.drop_table('mandate')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_operator_id'))
        batch_op.drop_index('ix_device_operator_active')
        batch_op.drop_index(batch_op.f('ix_device_basic_udi_di'))

    op.drop_table('device')
    with op.batch_alter_table('surveillance_signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveillance_signal_rule'))
        batch_op.drop_index(batch_op.f('ix_surveillance_signal_case_id'))

    op.drop_table('surveillance_signal')
    with op.batch_alter_table('brreg_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brreg_check_case_id'))

    op.drop_table('brreg_check')
    with op.batch_alter_table('purged_content', schema=None) as batch_op:
        batch_op.drop_index('ix_purged_kind_row')
        batch_op.drop_index(batch_op.f('ix_purged_content_case_id'))

    op.drop_table('purged_content')
    op.drop_table('brreg_unit')
    op.drop_table('brreg_api_cache')
