"""Scoring runs: rubrics, items and the rectification list.

Revision ID: 0001
Revises:
Create Date: 2025-01-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def _run_key() -> sa.Column[int]:
    return sa.Column("run_id", sa.Integer,
                     sa.ForeignKey("wenming_runs.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "wenming_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("campaign_id", sa.String(200), nullable=False),
        sa.Column("campaign_title_zh", sa.Text, nullable=False),
        sa.Column("campaign_title_en", sa.Text, nullable=False),
        sa.Column("dataset_path", sa.Text, nullable=False),
        sa.Column("dataset_hash", sa.String(64), nullable=False),
        sa.Column("record_count", sa.Integer, nullable=False),
        sa.Column("wenming_version", sa.String(50), nullable=False),
    )
    op.create_index("ix_wenming_runs_campaign", "wenming_runs", ["campaign_id", "as_of"])
    op.create_table(
        "wenming_run_rubrics",
        _run_key(),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("maximum", sa.Float, nullable=False),
        sa.Column("nominal", sa.Float, nullable=False),
        sa.Column("pass_line", sa.Float, nullable=True),
        sa.Column("verdict", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("run_id", "rubric_id"),
    )
    op.create_table(
        "wenming_run_items",
        _run_key(),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("area", sa.String(100), nullable=False),
        sa.Column("title_zh", sa.Text, nullable=False),
        sa.Column("title_en", sa.Text, nullable=False),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("maximum", sa.Float, nullable=False),
        sa.Column("bonus", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "rubric_id", "code"),
    )
    op.create_table(
        "wenming_run_gaps",
        _run_key(),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("finding_zh", sa.Text, nullable=False),
        sa.Column("finding_en", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("run_id", "rank"),
    )
    op.create_table(
        "wenming_run_gap_gains",
        _run_key(),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("gain", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "rank", "rubric_id"),
    )


def downgrade() -> None:
    for table in ("gap_gains", "gaps", "items", "rubrics"):
        op.drop_table(f"wenming_run_{table}")
    op.drop_table("wenming_runs")
