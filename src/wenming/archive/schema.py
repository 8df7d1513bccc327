"""The archive's tables at the newest schema revision, for SQLAlchemy Core queries.

The migrations under ``migrations/versions`` create these tables; this module
only describes the result. A test checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["gap_gains", "gaps", "items", "metadata", "records", "rubrics", "runs"]

metadata = sa.MetaData()


def _run_key() -> sa.Column[int]:
    return sa.Column("run_id", sa.Integer,
                     sa.ForeignKey("wenming_runs.id", ondelete="CASCADE"),
                     nullable=False)


runs = sa.Table(
    "wenming_runs", metadata,
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
    sa.Column("digest_version", sa.Integer, nullable=True),
    sa.Index("ix_wenming_runs_campaign", "campaign_id", "as_of"),
)

rubrics = sa.Table(
    "wenming_run_rubrics", metadata,
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

items = sa.Table(
    "wenming_run_items", metadata,
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
    sa.Column("kinds", sa.Text, nullable=False, server_default=""),
    sa.PrimaryKeyConstraint("run_id", "rubric_id", "code"),
)

gaps = sa.Table(
    "wenming_run_gaps", metadata,
    _run_key(),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(200), nullable=False),
    sa.Column("finding_zh", sa.Text, nullable=False),
    sa.Column("finding_en", sa.Text, nullable=False),
    sa.Column("deadline", sa.Date, nullable=True),
    sa.PrimaryKeyConstraint("run_id", "rank"),
)

gap_gains = sa.Table(
    "wenming_run_gap_gains", metadata,
    _run_key(),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("rubric_id", sa.String(200), nullable=False),
    sa.Column("gain", sa.Float, nullable=False),
    sa.PrimaryKeyConstraint("run_id", "rank", "rubric_id"),
)

records = sa.Table(
    "wenming_run_records", metadata,
    _run_key(),
    sa.Column("record_id", sa.String, nullable=False),
    sa.Column("kind", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(200), nullable=False),
    sa.Column("digest", sa.BigInteger, nullable=False),
    sa.PrimaryKeyConstraint("run_id", "record_id"),
)
