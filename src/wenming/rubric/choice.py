"""Which installed rubrics a campaign is scored against when none is named.

Example rubrics (示例) ship to show the rule shapes and to teach rubric authors;
scored into a real campaign they would put invented items on its rectification
list. They are used only when named.
"""

from __future__ import annotations

from collections.abc import Mapping

from wenming.rubric.document import Rubric

__all__ = ["default_rubric_ids", "is_example"]


def is_example(rubric: Rubric) -> bool:
    """An example rubric, known by its title or id (the bundled examples say so in both)."""
    return ("示例" in rubric.title.zh or "(example)" in rubric.title.en.lower()
            or rubric.id == "example" or rubric.id.endswith("-example"))


def default_rubric_ids(rubrics: Mapping[str, Rubric]) -> list[str]:
    """Every rubric but the examples; all of them when only examples are installed."""
    real = [rubric_id for rubric_id, rubric in rubrics.items() if not is_example(rubric)]
    return real or list(rubrics)
