"""What a unit may keep beside its evidence to tailor scoring: waivers and overlays."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field, frozen


@frozen
class Waiver:
    """An item excused by someone with the authority to excuse it, until a date.

    A waiver shows in every report with who granted it and why; after
    ``until`` it no longer applies and the item is scored again.
    """

    rubric: str
    item: str
    by: str
    reason: str
    until: date | None = None
    unit: str | None = None
    source: str | None = None

    def applies(self, rubric: str, item: str, as_of: date, unit: str | None = None) -> bool:
        if self.rubric != rubric or self.item != item:
            return False
        if self.unit is not None and unit is not None and self.unit != unit:
            return False
        return self.until is None or as_of <= self.until


@frozen
class Overlay:
    """Local tailoring of a rubric without forking it: new weights, dropped items.

    ``points`` maps an item code to its new maximum; ``drop`` lists item
    codes left out (the total shrinks unless ``total`` says otherwise).
    ``lines`` maps ``drop`` and ``points.<code>`` to their lines in ``source``
    so that a code the rubric lacks can be pointed at; it takes no part in
    equality or the dataset's content hash. ``criteria`` maps a criterion id
    to the parameters (or ``threshold``) it takes instead of the rubric's.
    """

    rubric: str
    points: Mapping[str, float] = field(factory=dict)
    drop: tuple[str, ...] = ()
    total: float | None = None
    pass_line: float | None = None
    note: str = ""
    source: str | None = None
    lines: Mapping[str, int] = field(factory=dict, eq=False, repr=False)
    criteria: Mapping[str, Mapping[str, Any]] = field(factory=dict)
