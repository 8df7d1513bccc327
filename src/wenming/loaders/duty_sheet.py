"""The 任务分工 sheet of a ledger workbook: who answers for each task and rubric item.

``wenming template`` writes it (one row per main task of the campaign, then one per
rubric item); a clerk fills in 责任单位 and, optionally, 责任人. Each filled row becomes
a :class:`~wenming.model.campaign.Duty`: ``编号`` is a task id, an item code or a
criterion id, ``测评细则`` narrows it to one rubric (blank: any). A unit may be written
by id or by name, several separated by 、 or ; (the first leads). Rows left blank are
no duty. Only ``.xlsx`` workbooks are read for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Final

from wenming.errors import DataIssue
from wenming.loaders.cells import CellError, text_cell
from wenming.loaders.collector import IssueCollector
from wenming.loaders.table_header import DUTY_SHEET, Table, check_header, is_blank_row
from wenming.loaders.units import UnitLookup
from wenming.loaders.xlsx_file import xlsx_tables
from wenming.model.campaign import Duty

__all__ = ["DUTY_COLUMNS", "DUTY_REQUIRED", "read_duty_sheets"]

#: Columns of the 任务分工 sheet, with the headers each may carry.
DUTY_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "target": ("编号", "任务或测评项编号", "测评项编号", "code", "item"),
    "rubric": ("测评细则", "细则", "rubric"),
    "title": ("任务或测评项", "名称", "内容", "title"),
    "owners": ("责任单位", "牵头单位", "owners", "owner", "unit"),
    "person": ("责任人", "person"),
})
DUTY_REQUIRED: Final = ("target", "owners")
_SEPARATORS = re.compile(r"[、;；,，\n]+")


def read_duty_sheets(files: Iterable[tuple[str, Path]], lookup: UnitLookup | None,
                     issues: IssueCollector) -> tuple[Duty, ...]:
    """Every filled row of the 任务分工 sheets of the ``.xlsx`` files among ``files``."""
    duties: list[Duty] = []
    seen: dict[tuple[str | None, str], str] = {}
    for name, file in files:
        if file.suffix.lower() != ".xlsx":
            continue
        # The evidence reader opened this workbook already and reported what is wrong with
        # it as a whole; only what concerns the 任务分工 sheet itself is reported here.
        opening = IssueCollector(issues.cap, strict=issues.strict)
        for table in _sheet_tables(file, name, opening, issues):
            if not check_header(table, DUTY_COLUMNS, DUTY_REQUIRED, issues):
                continue
            columns = table.header.columns
            for number, row in table.rows:
                if is_blank_row(row):
                    continue
                target, owners_text = _cell(row, columns, "target"), _cell(row, columns, "owners")
                if not owners_text:
                    continue  # not assigned yet: the office answers for it
                where = f"{table.where}:{number}"
                if not target:
                    issues.add(DataIssue(table.where, "an owner for no task or item / "
                                         "责任单位缺少对应的任务或测评项编号", line=number,
                                         field=DUTY_COLUMNS["target"][0], value=owners_text,
                                         expected="the task id, item code or criterion id"))
                    continue
                rubric = _cell(row, columns, "rubric") or None
                if (rubric, target) in seen:
                    issues.add(DataIssue(table.where, "the item is given an owner twice / "
                                         "测评项重复分工", line=number,
                                         field=DUTY_COLUMNS["target"][0], value=target,
                                         expected=f"each item once per rubric (first at "
                                                  f"{seen[rubric, target]})"))
                    continue
                owners = _owners(owners_text, lookup, table.where, number, issues)
                if owners is None:
                    continue
                seen[rubric, target] = where
                person = _cell(row, columns, "person") or None
                duties.append(Duty(target, owners, rubric, person, where))
    return tuple(duties)


def _sheet_tables(file: Path, name: str, opening: IssueCollector, issues: IssueCollector
                  ) -> Iterator[Table]:
    sheet = f"[{DUTY_SHEET}]"
    try:
        yield from xlsx_tables(file, name, DUTY_COLUMNS, DUTY_REQUIRED, opening,
                               only=frozenset({DUTY_SHEET}))
    finally:
        issues.extend(i for i in opening.issues if sheet in i.where)
        for warning in opening.warnings:
            if sheet in warning.where:
                issues.note(warning)


def _cell(row: Sequence[object], columns: Mapping[str, int], field: str) -> str:
    index = columns.get(field)
    value = row[index] if index is not None and index < len(row) else None
    # a code typed as a number keeps its written form ("12", not "12.0")
    return "" if value is None else text_cell(value).strip()


def _owners(text: str, lookup: UnitLookup | None, where: str, line: int,
            issues: IssueCollector) -> tuple[str, ...] | None:
    owners: list[str] = []
    for part in (p.strip() for p in _SEPARATORS.split(text)):
        if not part:
            continue
        if lookup is None:  # the units file has problems, reported already
            return None
        try:
            owners.append(lookup.resolve(part))
        except CellError as exc:
            issues.add(DataIssue(where, f"{exc.message} (责任单位)", line=line,
                                 field=DUTY_COLUMNS["owners"][0], value=part,
                                 expected=exc.expected))
            return None
    return tuple(owners)
