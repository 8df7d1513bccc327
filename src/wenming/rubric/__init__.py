"""Rubric documents: the data model, the TOML loader and overlays."""

from wenming.rubric.choice import default_rubric_ids, is_example
from wenming.rubric.document import Area, Criterion, Item, Rubric, Veto
from wenming.rubric.loader import load_rubric
from wenming.rubric.overlay import apply_overlay

__all__ = ["Area", "Criterion", "Item", "Rubric", "Veto", "apply_overlay", "default_rubric_ids",
           "is_example", "load_rubric"]
