"""Record fingerprints, and the evidence kinds each item reads.

Runs recorded before this revision keep their scores; they have no
fingerprint (``digest_version`` NULL), and ``wenming diff`` says so rather
than reporting every record as added.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wenming_runs") as batch:
        batch.add_column(sa.Column("digest_version", sa.Integer, nullable=True))
    with op.batch_alter_table("wenming_run_items") as batch:
        batch.add_column(sa.Column("kinds", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "wenming_run_records",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("wenming_runs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("record_id", sa.String, nullable=False),
        sa.Column("kind", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("digest", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "record_id"),
    )


def downgrade() -> None:
    op.drop_table("wenming_run_records")
    with op.batch_alter_table("wenming_run_items") as batch:
        batch.drop_column("kinds")
    with op.batch_alter_table("wenming_runs") as batch:
        batch.drop_column("digest_version")
