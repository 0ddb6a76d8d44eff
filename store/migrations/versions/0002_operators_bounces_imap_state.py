"""operators, bounces, imap state

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa



revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('imap_folder_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(), nullable=False),
    sa.Column('folder', sa.String(), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account', 'folder', name='uq_imap_account_folder')
    )
    op.create_table('operator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_number', sa.String(), nullable=False),
    sa.Column('username', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('contact_email', sa.String(), nullable=False),
    sa.Column('language', sa.String(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_from_case_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_from_case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('operator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operator_org_number'), ['org_number'], unique=True)
        batch_op.create_index(batch_op.f('ix_operator_username'), ['username'], unique=True)

    op.create_table('undeliverable_address',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('diagnostic', sa.String(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('undeliverable_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_undeliverable_address_address'), ['address'], unique=False)

    op.create_table('operator_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('operator_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operator_change_operator_id'), ['operator_id'], unique=False)

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_of', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sender_authenticated', sa.Boolean(), nullable=True))
        batch_op.create_foreign_key('fk_case_duplicate_of', 'case', ['duplicate_of'], ['id'])

    


def downgrade() -> None:
    
    with op.batch_alter_table('case', schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint('fk_case_duplicate_of', type_='foreignkey')
        batch_op.drop_column('sender_authenticated')
        batch_op.drop_column('duplicate_of')

    with op.batch_alter_table('operator_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operator_change_operator_id'))

    op.drop_table('operator_change')
    with op.batch_alter_table('undeliverable_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_undeliverable_address_address'))

    op.drop_table('undeliverable_address')
    with op.batch_alter_table('operator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operator_username'))
        batch_op.drop_index(batch_op.f('ix_operator_org_number'))

    op.drop_table('operator')
    op.drop_table('imap_folder_state')
    
