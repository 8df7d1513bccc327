"""Who answers for a shortfall (责任单位), and on what basis (责任依据).

The precedence, first match wins (docs/reports.md, "Who is responsible"):

1. the check's own unit, for a check about one unit (每个单位都要做的事，由该单位自己做);
2. the owner the campaign names for the criterion id, then for the rubric item code
   (a :class:`~wenming.model.campaign.Duty`, from ``[[duties]]`` in campaign.toml or the
   任务分工 sheet of the ledger workbook);
3. the owner of the main task (主要任务) the rubric item names (``owner = "task:t05"``),
   else of the task whose evidence kinds cover the criterion's kinds, or a unit the rubric
   item names itself;
4. the leading group's office (领导小组办公室), which the municipal plan charges with the
   daily work of the campaign;
5. the campaign's top unit, when no office is named.

Names are matched exactly; owners left empty (``owners = []``, a blank 责任单位 cell) are
skipped, so a duty list filled in half-way still falls back for the rest.
"""

from __future__ import annotations

import enum
from collections.abc import Container, Iterable

import attrs
from attrs import frozen

from wenming.model.campaign import Campaign, Duty, Task
from wenming.model.labels import Label

__all__ = ["Basis", "Responsibilities", "Responsibility", "unowned"]


class Basis(enum.Enum):
    """Why a unit is the one responsible: the step of the precedence that placed it."""

    CHECK_UNIT = "check-unit"
    CRITERION = "criterion"
    ITEM = "item"
    TASK = "task"
    RUBRIC = "rubric"
    OFFICE = "office"
    TOP = "top"


@frozen
class Responsibility:
    """A responsible unit, the optional person (责任人) and the basis that placed it.

    ``ref`` is what the basis points at: a criterion id, item code or task id.
    """

    unit: str
    basis: Basis
    person: str | None = None
    ref: str = ""
    source: str = ""

    @property
    def placed_by(self) -> Label:
        """The basis in words, for the 责任依据 column."""
        ref, basis = self.ref, self.basis
        where = f"（{self.source}）" if self.source else ""
        where_en = f" ({self.source})" if self.source else ""
        if basis is Basis.CHECK_UNIT:
            return Label("逐单位检查：由该单位自行整改", "per-unit check: the unit itself")
        if basis is Basis.CRITERION:
            return Label(f"任务分工：指标 {ref}{where}", f"duty list: criterion {ref}{where_en}")
        if basis is Basis.ITEM:
            return Label(f"任务分工：测评项 {ref}{where}", f"duty list: item {ref}{where_en}")
        if basis is Basis.TASK:
            return Label(f"主要任务 {ref} 的牵头单位", f"lead unit of main task {ref}")
        if basis is Basis.RUBRIC:
            return Label("测评细则指定的单位", "the unit the rubric item names")
        if basis is Basis.OFFICE:
            return Label("领导小组办公室（负责日常工作）",
                         "leading group's office (runs the daily work)")
        return Label("创建单位（未设领导小组办公室）", "the campaign's top unit (no office named)")


class Responsibilities:
    """Resolves responsibility for one campaign; indexes built once, each lookup O(kinds)."""

    def __init__(self, campaign: Campaign, units: Container[str]) -> None:
        self._units = units
        task_ids = {t.id for t in campaign.tasks}
        # A duty naming a task id (the 任务分工 sheet's task rows) owns that task, unless
        # campaign.toml names its owners already.
        for_task = {d.target: d for d in campaign.duties
                    if d.rubric is None and d.target in task_ids}
        self._duties: dict[tuple[str | None, str], Duty] = {}
        for duty in campaign.duties:
            if _owner(duty.owners, units) is not None and duty.target not in for_task:
                self._duties.setdefault((duty.rubric, duty.target), duty)
        tasks = []
        for task in campaign.tasks:
            assigned = for_task.get(task.id)
            if not _owner(task.owners, units) and assigned is not None:
                task = attrs.evolve(task, owners=assigned.owners,
                                    person=assigned.person or task.person)
            tasks.append(task)
        self._tasks = {t.id: t for t in tasks if _owner(t.owners, units)}
        self._task_of_kind: dict[str, Task] = {}
        for task in self._tasks.values():
            for kind in task.kinds:
                self._task_of_kind.setdefault(kind, task)
        office = campaign.office()
        self._office = (Responsibility(office.unit, Basis.OFFICE, office.person)
                        if office is not None and office.unit in units
                        else Responsibility(campaign.top_unit, Basis.TOP))

    @property
    def office(self) -> Responsibility:
        return self._office

    def _duty(self, rubric: str, target: str) -> Duty | None:
        if not target:
            return None
        return self._duties.get((rubric, target)) or self._duties.get((None, target))

    def task_for(self, kinds: Iterable[str]) -> Task | None:
        """The owned task covering most of ``kinds`` (the first such, in the plan's order)."""
        counts: dict[str, int] = {}
        for kind in kinds:
            task = self._task_of_kind.get(kind)
            if task is not None:
                counts[task.id] = counts.get(task.id, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return next(t for t in self._tasks.values() if counts.get(t.id) == best)

    def resolve(self, rubric: str, item_code: str, criterion_id: str = "",
                kinds: Iterable[str] = (), check_unit: str | None = None,
                item_owner: str | None = None) -> Responsibility:
        """Who answers for a check of ``criterion_id`` of item ``item_code`` in ``rubric``.

        ``item_owner`` is the unit the scorer gave the item from the rubric's ``owner``
        (a task's owner or a named unit); the office is passed over there, as it comes
        later in the precedence.
        """
        if check_unit:
            return Responsibility(check_unit, Basis.CHECK_UNIT)
        for target, basis in ((criterion_id, Basis.CRITERION), (item_code, Basis.ITEM)):
            duty = self._duty(rubric, target)
            if duty is not None:
                unit = _owner(duty.owners, self._units)
                assert unit is not None  # only owned duties are indexed
                return Responsibility(unit, basis, duty.person, target, duty.source)
        task = self.task_for(kinds)
        if task is not None:
            unit = _owner(task.owners, self._units)
            assert unit is not None
            return Responsibility(unit, Basis.TASK, task.person, task.id)
        if item_owner and item_owner != self._office.unit and item_owner in self._units:
            return Responsibility(item_owner, Basis.RUBRIC)
        return self._office


def _owner(owners: Iterable[str], units: Container[str]) -> str | None:
    """The lead owner: the first one named that is a unit (a blank one is skipped)."""
    return next((o for o in owners if o.strip() and o in units), None)


def unowned(campaign: Campaign, units: Container[str],
            items: Iterable[tuple[str, str, tuple[str, ...], str | None]]) -> tuple[int, int]:
    """How many of ``items`` — (rubric id, item code, the kinds its criteria count, the
    unit the rubric names) — fall to the office or the top unit for want of an owner;
    and how many there are."""
    resolver = Responsibilities(campaign, units)
    total = missing = 0
    for rubric, code, kinds, named in items:
        total += 1
        basis = resolver.resolve(rubric, code, "", kinds, None, named).basis
        missing += basis in (Basis.OFFICE, Basis.TOP)
    return missing, total
