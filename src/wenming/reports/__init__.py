"""Report models: pure data built from scorecards and datasets, rendered by reporters.

- :class:`ScoreReport` — scorecards with unit names and their rectification list;
- :class:`GapList` — the rectification list (整改清单), :func:`build_gaps`;
- :class:`Comparison` — rubrics side by side, :func:`build_comparison`;
- :class:`Timeline` — the campaign's phases as of a date, :func:`build_timeline`;
- :class:`Trend`, :class:`Agenda`, :class:`WhatIf`, :class:`Plan` — progress over time,
  what falls due, hypothetical records and the planner (:func:`build_trend` …).
"""

from wenming.reports.agenda import Agenda, AgendaCategory, AgendaEntry, build_agenda
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
from wenming.reports.plan import Activity, Lost, Plan, WhatIf, build_plan, build_what_if
from wenming.reports.score import HeatMap, ScoreReport, heat_map
from wenming.reports.timeline import (
    Deliverable,
    DeliverableStatus,
    PhaseEntry,
    PhaseStatus,
    Timeline,
    build_timeline,
)
from wenming.reports.trend import Trend, build_trend

#: Every report type a reporter is expected to render.
Report = ScoreReport | GapList | Comparison | Timeline

__all__ = [
    "RECTIFICATION_PHASE",
    "Activity",
    "Agenda",
    "AgendaCategory",
    "AgendaEntry",
    "Comparison",
    "Deliverable",
    "DeliverableStatus",
    "Gap",
    "GapList",
    "HeatMap",
    "KindComparison",
    "Lost",
    "PhaseEntry",
    "PhaseStatus",
    "Plan",
    "Report",
    "RubricColumn",
    "ScoreReport",
    "Shortfall",
    "Timeline",
    "ToAssess",
    "Trend",
    "WhatIf",
    "build_agenda",
    "build_comparison",
    "build_gaps",
    "build_plan",
    "build_timeline",
    "build_trend",
    "build_what_if",
    "gap_deadline",
    "heat_map",
]
