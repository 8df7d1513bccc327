"""Report models: pure data built from scorecards and datasets, rendered by reporters.

- :class:`ScoreReport` — scorecards with unit names and their rectification list;
- :class:`GapList` — the rectification list (整改清单), :func:`build_gaps`;
- :class:`Comparison` — rubrics side by side, :func:`build_comparison`;
- :class:`Timeline` — the campaign's phases as of a date, :func:`build_timeline`.
"""

from wenming.reports.compare import Comparison, KindComparison, RubricColumn, build_comparison
from wenming.reports.gaps import (
    RECTIFICATION_PHASE,
    Gap,
    GapList,
    Shortfall,
    ToAssess,
    build_gaps,
    gap_deadline,
)
from wenming.reports.score import HeatMap, ScoreReport, heat_map
from wenming.reports.timeline import (
    Deliverable,
    DeliverableStatus,
    PhaseEntry,
    PhaseStatus,
    Timeline,
    build_timeline,
)

#: Every report type a reporter is expected to render.
Report = ScoreReport | GapList | Comparison | Timeline

__all__ = [
    "RECTIFICATION_PHASE",
    "Comparison",
    "Deliverable",
    "DeliverableStatus",
    "Gap",
    "GapList",
    "HeatMap",
    "KindComparison",
    "PhaseEntry",
    "PhaseStatus",
    "Report",
    "RubricColumn",
    "ScoreReport",
    "Shortfall",
    "Timeline",
    "ToAssess",
    "build_comparison",
    "build_gaps",
    "build_timeline",
    "gap_deadline",
    "heat_map",
]
