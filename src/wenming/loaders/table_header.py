"""A ledger table and its header row: found among the title rows, mapped and checked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from attrs import frozen

from wenming.errors import Bilingual, DataIssue, bi
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import (
    HeaderMap,
    column_letter,
    describe_aliases,
    map_header,
    resembling,
)

__all__ = ["DUTY_SHEET", "HEADER_SEARCH_ROWS", "SETUP_SHEETS", "SKIPPED_SHEET", "Row",
           "SkippedSheets", "Table",
           "check_header", "find_header", "is_blank_row", "no_header"]

#: How many non-blank rows above the header (titles, notes) a table may have.
HEADER_SEARCH_ROWS: Final = 10
#: Sheets named like this are instructions; skipped when no header is found on them.
SKIPPED_SHEET: Final = re.compile(
    r"说明|须知|备注|示例|readme|read\s*me|instruction|notes?\b|example|help", re.IGNORECASE)
#: The ledger workbook's 任务分工 sheet: owners per task and rubric item, read by
#: :mod:`wenming.loaders.duty_sheet`, never as a ledger.
DUTY_SHEET: Final = "任务分工"
#: Sheets of a ledger workbook that their own readers read; the evidence reader passes them
#: by. (Sheets for the campaign, units or leading group join this set as they are added.)
SETUP_SHEETS: Final = frozenset({DUTY_SHEET})

Row = Sequence[object]

@frozen
class Table:
    """A header-mapped table of a CSV file or an XLSX sheet, rows not yet read."""

    file: str
    sheet: str | None
    header: HeaderMap
    header_row: int
    rows: Iterator[tuple[int, Row]]

    @property
    def where(self) -> str:
        return f"{self.file}[{self.sheet}]" if self.sheet else self.file


def is_blank_row(row: Row) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in row)


class _Span:
    """Passes rows on, noting the first and last non-blank row and how many there are."""

    __slots__ = ("count", "first", "last", "rows")

    def __init__(self, rows: Iterator[tuple[int, Row]]) -> None:
        self.rows = rows
        self.first = self.last = self.count = 0

    def __iter__(self) -> Iterator[tuple[int, Row]]:
        for number, row in self.rows:
            if not is_blank_row(row):
                self.first = self.first or number
                self.last = number
                self.count += 1
            yield number, row


class SkippedSheets:
    """The sheets of one workbook that hold no ledger, said in one warning line each kind.

    A sheet named like instructions (说明, 备注, notes …) without a header row is not
    read; a clerk may still have typed records there, so the warning names each such
    sheet with the rows it holds. Any other sheet without a header row — a 统计 or
    汇总 sheet beside the ledger, a cover page — is skipped the same way when another
    sheet of the workbook is a ledger; when none is, each is an error, as a workbook
    must hold at least one ledger.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.sheets: list[Bilingual] = []
        self.headerless: list[tuple[str, Bilingual]] = []  # (sheet, its rows), not named as notes
        self.pending: list[DataIssue] = []
        self.tables = 0

    def header(self, sheet: str, rows: Iterator[tuple[int, Row]],
               columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
               issues: IssueCollector) -> tuple[int, HeaderMap] | None:
        """The header of ``sheet``; else None, with the sheet reported or noted as skipped."""
        span = _Span(rows)
        found = find_header(iter(span), columns, required)
        if not isinstance(found, bool):
            self.tables += 1
            return found
        if found:
            for _ in span:  # the rest of the sheet, to say which rows are not read
                pass
            lines = f"row {span.first}" if span.first == span.last else \
                f"rows {span.first}–{span.last}"
            lines_zh = f"第 {span.first} 行" if span.first == span.last else \
                f"第 {span.first}–{span.last} 行"
            described = bi(f"{sheet} ({lines}, {span.count} non-blank)",
                           f"{sheet}（{lines_zh}，{span.count} 行非空）")
            if SKIPPED_SHEET.search(sheet):
                self.sheets.append(described)
            else:
                self.headerless.append((sheet, described))
                self.pending.append(no_header(f"{self.name}[{sheet}]", columns, required))
        return None

    def note(self, issues: IssueCollector) -> None:
        if self.sheets:
            issues.note(DataIssue(
                self.name, bi(f"sheets not read, named like instructions and without a header "
                              f"row in their first {HEADER_SEARCH_ROWS} non-blank rows: "
                              f"{'; '.join(d.en for d in self.sheets)}",
                              f"未读取的说明类工作表（前 {HEADER_SEARCH_ROWS} 个非空行中没有"
                              f"表头）：{'；'.join(d.zh for d in self.sheets)}"),
                expected=bi("records on a sheet with a header row; rename the sheet if it "
                            "holds records", "记录应填在有表头的工作表中；如果该表中有记录，"
                            "请给它加上表头")))
        if not self.headerless:
            return
        if not self.tables:
            issues.extend(self.pending)
            return
        names = [described for _, described in self.headerless]
        issues.note(DataIssue(
            self.name, bi(f"sheets without a ledger header skipped (a summary or cover sheet "
                          f"beside the ledger): {'; '.join(d.en for d in names)}",
                          f"已跳过没有台账表头的工作表（台账旁的统计、汇总或封面表）："
                          f"{'；'.join(d.zh for d in names)}"),
            expected=bi("records on a sheet whose header names 编号, 单位, 类别 and 日期",
                        "记录应填在表头含 编号、单位、类别、日期 的工作表中")))


def find_header(
    rows: Iterator[tuple[int, Row]], columns: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
) -> tuple[int, HeaderMap] | bool:
    """The header row and its mapping; ``False`` if the table is empty, ``True`` if none found."""
    seen = 0
    for number, row in rows:
        if is_blank_row(row):
            continue
        header = map_header(row, columns)
        if header.recognisable(required):
            return number, header
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return seen > 0


def no_header(where: str, columns: Mapping[str, tuple[str, ...]],
               required: Sequence[str]) -> DataIssue:
    wanted = ", ".join("/".join(columns[f][:3]) for f in required)
    return DataIssue(where, "no header row found / 找不到表头行",
                     expected=f"a header row within the first {HEADER_SEARCH_ROWS} non-blank "
                              f"rows naming the columns {wanted}")


def check_header(table: Table, columns: Mapping[str, tuple[str, ...]],
                  required: Sequence[str], issues: IssueCollector) -> bool:
    """Report missing and repeated columns; ``False`` if rows cannot be read."""
    for name in table.header.missing(required):
        issues.add(DataIssue(table.where, "missing required column / 缺少必需的列",
                             line=table.header_row, field=name,
                             expected=describe_aliases(name, columns)))
    for name, (first, second) in table.header.repeated.items():
        issues.add(DataIssue(table.where, "two columns have the same header / 表头重复",
                             line=table.header_row, field=table.header.names[name],
                             value=f"columns {column_letter(first)} and {column_letter(second)}",
                             expected="each header once"))
    _warn_unread(table, columns, issues)
    return not table.header.missing(required)


def _warn_unread(table: Table, columns: Mapping[str, tuple[str, ...]],
                 issues: IssueCollector) -> None:
    """A warning per headed column that is not read (an error under ``strict``)."""
    for index, (text, field) in sorted(table.header.unread.items()):
        letter = column_letter(index)
        if field is not None:
            used = table.header.names.get(field, field)
            where = column_letter(table.header.columns[field])
            issues.warn(DataIssue(
                table.where, "a second column for the same field is not read / "
                "同一字段的第二列不会被读取", line=table.header_row,
                field=f"column {letter}",
                value=text, expected=bi(f"one column per field: column {where} ({used}) is "
                                        f"read as {field}; remove or rename this one",
                                        f"每个字段一列：已读取 {where} 列（{used}）；请删除此列"
                                        "或改名")))
            continue
        like = resembling(text, columns)
        hint = (bi(f"a known header — did you mean {like[0]} (the {like[1]} field)?",
                   f"已知的表头——您是否指 {like[0]}？") if like else
                bi("a known header (see docs/dataset-format.md)",
                   "已知的表头（见 docs/dataset-format.md）"))
        issues.warn(DataIssue(
            table.where, "a column wenming does not know is not read / 无法识别的列，不会被读取",
            line=table.header_row, field=f"column {letter}", value=text,
            expected=hint + bi("; or, if the column is only for people, head it 备注… or "
                               "start its header with # (wenming validate --strict refuses "
                               "other unknown columns)",
                               "；如果该列只给人看，把表头写成“备注……”或以 # 开头"
                               "（wenming validate --strict 会拒绝其他无法识别的列）")))
