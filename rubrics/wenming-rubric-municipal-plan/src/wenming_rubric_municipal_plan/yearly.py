"""The ``yearly`` criterion type: every applicant unit, every campaign year, in its window.

The plan's third safeguard has each unit plan at the start of the year, sum
up at its end, and keep people, goods and money behind the work. Which years
those are depends on the campaign, so the years are read from the campaign
window instead of being written into the rubric:

- ``at = "start"``: one check per unit for every year the campaign touches;
  the window opens ``before`` months ahead of the year's first campaign day
  (1 January, or the campaign's start in its first year) and runs for
  ``after`` months from it. With the defaults a plan for 2021 counts from
  2020-12-01 to 2021-03-31.
- ``at = "end"``: one check per unit for every year that closes inside the
  campaign; the window opens ``before`` months ahead of 31 December and runs
  ``after`` months into the next year, but not past the campaign's end when
  it opens before it (the campaign's archive is inspected at its end). With
  the defaults a summary dated 2021-01-20 closes 2020, and one dated
  2021-02-01 closes no year.
- ``at = "year"``: one check per unit for every year's part of the campaign.

The windows of neighbouring years do not overlap, so a record counts for one
year only. Each year is scored as a ``coverage`` over the units of
``unit_kinds``: a bureau's divisions act for it, a sub-bureau answers for itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from attrs import field, frozen

from wenming.calendar import DateWindow
from wenming.model import Label, UnitKind, Vocabulary
from wenming.plugins import CriterionType
from wenming.scoring import Check, EvalContext
from wenming.scoring.criteria.coverage import CoverageParams, evaluate_coverage

__all__ = ["YEARLY", "YearlyParams", "evaluate", "year_windows"]

MODES: Final = ("start", "end", "year")


def _mode(value: object) -> str:
    if value not in MODES:
        raise ValueError(f"at must be one of {', '.join(MODES)}, got {value!r}")
    return str(value)


def _unit_kinds(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"unit_kinds must be a list of strings, got {value!r}")
    return tuple(UnitKind.parse(str(v)).value for v in value)  # names the accepted kinds


def _months(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        raise ValueError(f"a number of months from 0 to 12 is expected, got {value!r}")
    return value


#: Months before and after the year's boundary when the rubric gives none.
_DEFAULT_MONTHS: Final = {"start": (1, 3), "end": (1, 1)}


@frozen
class YearlyParams:
    """Parameters of a ``yearly`` criterion; ``kinds`` any of which counts.

    ``before`` and ``after`` default to 1 and 3 months at the start of a year
    and to 1 and 1 month at its end; ``at = "year"`` takes neither.
    """

    kinds: tuple[str, ...]
    unit_kinds: tuple[str, ...] = field(default=("bureau", "dispatched"), converter=_unit_kinds)
    at: str = field(default="start", converter=_mode)
    before: int | None = field(default=None, converter=_months)
    after: int | None = field(default=None, converter=_months)

    def __attrs_post_init__(self) -> None:
        if self.at == "year" and (self.before is not None or self.after is not None):
            raise ValueError('at = "year" takes the whole year: leave before and after out')

    def describe(self, vocabulary: Vocabulary) -> list[Label]:
        """The parameters in words for ``wenming rubrics show`` (months, not festival days)."""
        kinds = [vocabulary.kinds.get(k) for k in self.kinds]
        zh = [f"{k.label.zh}（{k.id}）" if k else name for k, name in zip(kinds, self.kinds,
                                                                         strict=True)]
        en = [f"{k.label.en} ({k.id})" if k else name for k, name in zip(kinds, self.kinds,
                                                                        strict=True)]
        units = [UnitKind.parse(k).label for k in self.unit_kinds]
        words = [Label("记录类别：" + "、".join(zh), "kinds: " + ", ".join(en)),
                 Label("单位类别：" + "、".join(u.zh for u in units),
                       "units: " + ", ".join(u.en for u in units))]
        before, after = self.months
        if self.at == "start":
            words.append(Label(f"每年：年初前 {before} 个月至年初后 {after} 个月内",
                               f"every year: from {before} month(s) before its start to "
                               f"{after} month(s) after"))
        elif self.at == "end":
            words.append(Label(f"每年：年末前 {before} 个月至次年 {after} 个月内（不超出创建周期）",
                               f"every year: from {before} month(s) before its end to {after} "
                               "month(s) into the next (never past the campaign)"))
        else:
            words.append(Label("每年：该年的创建期内", "every year: its part of the campaign"))
        return words

    @property
    def months(self) -> tuple[int, int]:
        """(before, after) in months, defaults filled in."""
        default = _DEFAULT_MONTHS.get(self.at, (0, 0))
        return (default[0] if self.before is None else self.before,
                default[1] if self.after is None else self.after)


def _add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; only ever called with the 1st of a month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_windows(params: YearlyParams, campaign: DateWindow) -> list[tuple[int, DateWindow]]:
    """Each campaign year that needs a record, with the window the record must fall in."""
    out: list[tuple[int, DateWindow]] = []
    before, after = params.months
    for year in range(campaign.start.year, campaign.end.year + 1):
        first = max(date(year, 1, 1), campaign.start)
        if params.at == "year":
            out.append((year, DateWindow(first, min(date(year, 12, 31), campaign.end))))
        elif params.at == "start":
            # A campaign opening mid-month still gives the plan whole months around it.
            month_start = first.replace(day=1)
            end = _add_months(month_start, after) - timedelta(days=1)
            out.append((year, DateWindow(_add_months(month_start, -before), end)))
        elif date(year, 12, 31) <= campaign.end:
            next_year = date(year + 1, 1, 1)
            start = _add_months(next_year, -before)
            end = _add_months(next_year, after) - timedelta(days=1)
            # Cut at the campaign's end, unless that would leave the window empty.
            if start <= campaign.end < end:
                end = campaign.end
            out.append((year, DateWindow(start, end)))
    return out


def evaluate(params: YearlyParams, ctx: EvalContext) -> list[Check]:
    """One coverage check per unit and year, labelled with the year."""
    checks: list[Check] = []
    for year, window in year_windows(params, ctx.campaign.window):
        spec = f"{window.start.isoformat()}..{window.end.isoformat()}"
        coverage = CoverageParams(kinds=params.kinds, unit_kinds=params.unit_kinds, window=spec)
        for check in evaluate_coverage(coverage, ctx):
            label = Label(f"{year}年（{window}）{check.label.zh}",
                          f"{year} ({window}) {check.label.en}")
            checks.append(Check(label, check.required, check.found, due=check.due,
                                evidence=check.evidence, unit=check.unit,
                                deadline=check.deadline, start=check.start))
    return checks


YEARLY = CriterionType(
    name="yearly",
    params=YearlyParams,
    evaluate=evaluate,
    summary=Label("每个申报单位每个创建年度在规定时段内都有记录",
                  "Every applicant unit has a record in its window for every campaign year"),
    kinds_param="kinds",
)
