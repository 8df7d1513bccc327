"""Scoring: criteria evaluated into checks, items into scorecards."""

from wenming.calendar import today
from wenming.scoring.checks import Check, Earned, Measured, NotApplicable, Reason
from wenming.scoring.context import EvalContext, WindowSpecError
from wenming.scoring.engine import credit_fraction, score_rubric
from wenming.scoring.scorecard import (
    SCHEMA,
    AreaResult,
    Arithmetic,
    CriterionResult,
    ItemResult,
    RuleShape,
    Scorecard,
    VetoResult,
)
from wenming.scoring.scorer import NoRubricsError, Scorer, UnknownRubricError
from wenming.scoring.states import State

__all__ = [
    "SCHEMA",
    "AreaResult",
    "Arithmetic",
    "Check",
    "CriterionResult",
    "Earned",
    "EvalContext",
    "ItemResult",
    "Measured",
    "NoRubricsError",
    "NotApplicable",
    "Reason",
    "RuleShape",
    "Scorecard",
    "Scorer",
    "State",
    "UnknownRubricError",
    "VetoResult",
    "WindowSpecError",
    "credit_fraction",
    "score_rubric",
    "today",
]
