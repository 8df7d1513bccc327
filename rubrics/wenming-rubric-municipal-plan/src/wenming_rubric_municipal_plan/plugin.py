"""Hook implementations: the municipal-plan rubric and its ``leading-group`` and
``yearly`` criterion types."""

from __future__ import annotations

from wenming.plugins import CriterionType, RubricSource, hookimpl
from wenming_rubric_municipal_plan.leading_group import LEADING_GROUP
from wenming_rubric_municipal_plan.yearly import YEARLY


@hookimpl
def wenming_rubrics() -> list[RubricSource]:
    return [RubricSource.from_package(__package__ or "wenming_rubric_municipal_plan",
                                      "rubric.toml")]


@hookimpl
def wenming_criterion_types() -> list[CriterionType]:
    return [LEADING_GROUP, YEARLY]
