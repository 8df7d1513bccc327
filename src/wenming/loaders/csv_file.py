"""CSV ledgers: the one table of a CSV file, decoded strictly in one encoding.

Which encoding — UTF-8 or GB18030 — is decided by :mod:`wenming.loaders.encodings`;
a file is never read half in one encoding and half in another.
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Final, TextIO

from wenming.errors import DataIssue
from wenming.loaders.cells import visible
from wenming.loaders.collector import IssueCollector
from wenming.loaders.encodings import (
    GB18030,
    UTF8,
    choose_encoding,
    csv_encoding,
    mixed,
    mixed_line,
    not_gb18030,
    not_utf8,
)
from wenming.loaders.headers import (
    column_letter,
)
from wenming.loaders.limits import (
    MAX_CSV_LINE_CHARS,
)
from wenming.loaders.table_header import (
    Row,
    Table,
    find_header,
    no_header,
)

__all__ = ["csv_encoding", "csv_tables"]  # csv_encoding re-exported for loaders.tables


_QUOTE_EXPECTED: Final = ('every quote closed: a cell that starts with " ends with ", and a quote '
                          'inside a cell is written twice ("") — Excel saves it so')


class _LineTooLong(Exception):
    pass


class _MixedLine(Exception):
    def __init__(self, line: int, reading: str) -> None:
        super().__init__(line)
        self.line = line
        self.reading = reading


def _physical_lines(handle: TextIO, eof: list[bool], gbk: bool = False) -> Iterator[str]:
    # readline with a limit keeps a file without line breaks from being read whole;
    # ``eof`` tells the reader that the csv module asked for more than the file had.
    readline = handle.readline
    limit = MAX_CSV_LINE_CHARS
    number = 0
    while line := readline(limit):
        number += 1
        if len(line) == limit and line[-1] not in "\r\n":
            raise _LineTooLong
        if gbk and (reading := mixed_line(line)) is not None:
            raise _MixedLine(number, reading)
        yield line
    eof[0] = True


def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _looks_like_rows(cell: str, width: int) -> bool:
    """A multi-line cell whose later lines hold as many commas as a row has cells."""
    wanted = max(2, width // 2)
    return any(line.count(",") >= wanted for line in cell.splitlines()[1:])


def _swallowed(
    row: list[str], first: int, last: int, at_eof: bool, width: int, name: str,
) -> DataIssue | None:
    """The issue for a record whose quoted cell ran over later rows, if it did."""
    line = first
    for index, cell in enumerate(row):
        breaks = _breaks(cell)
        if breaks and (_looks_like_rows(cell, width) or
                       (at_eof and not any(_breaks(c) for c in row[index + 1:]))):
            if at_eof:
                message = ("a quote opened on this line is never closed, so the rest of the "
                           "file was read as one cell / "
                           "引号未闭合，文件的其余部分被读成了一个单元格")
            else:
                message = (f"a quote opened on this line closes only on line {last}, so the "
                           "rows between were read as one cell / "
                           "引号未闭合，其后的行被读成了一个单元格")
            return DataIssue(name, message, line=line, field=f"column {column_letter(index)}",
                             value=visible(cell, 60), expected=_QUOTE_EXPECTED)
        line += breaks
    return None


def _csv_rows(
    file: Path, name: str, issues: IssueCollector
) -> Generator[tuple[int, Row], None, None]:
    """Records numbered as a spreadsheet numbers rows (a cell may span lines)."""
    choice = choose_encoding(file)
    encoding = choice.encoding
    note = choice.note(name)
    if note is not None:
        issues.note(note)
    # newline="" lets the csv module handle line breaks inside quoted cells.
    with open(file, encoding=encoding, newline="") as handle:
        eof = [False]
        reader = csv.reader(_physical_lines(handle, eof, gbk=encoding == GB18030))
        number = 0
        last = 0  # physical lines read so far
        width = 0
        try:
            for row in reader:
                number += 1
                line = reader.line_num
                if line - last > 1 or eof[0]:
                    problem = _swallowed(row, last + 1, line, eof[0], width, name)
                    last = line
                    if problem is not None:
                        issues.add(problem)
                        continue
                last = line
                if not width:
                    width = len(row) if len(row) > 1 else 0
                yield number, row
        except UnicodeDecodeError:
            issues.add(not_utf8(file, name) if encoding == UTF8 else not_gb18030(file, name))
        except _MixedLine as found:
            issues.add(mixed(name, found.line, found.reading))
        except _LineTooLong:
            issues.add(DataIssue(name, "a line of the file is too long / 文件中有一行过长",
                                 line=reader.line_num + 1,
                                 expected=f"lines of at most {MAX_CSV_LINE_CHARS:,} characters "
                                          "(is it really a CSV file?)"))
        except csv.Error as exc:
            issues.add(DataIssue(name, f"malformed CSV / CSV格式错误: {exc}",
                                 line=reader.line_num, expected=_QUOTE_EXPECTED))


def csv_tables(
    file: Path, name: str, columns: Mapping[str, tuple[str, ...]], required: Sequence[str],
    issues: IssueCollector,
) -> Iterator[Table]:
    """The one table of a CSV file (none if it is empty or has no header)."""
    with closing(_csv_rows(file, name, issues)) as rows:
        found = find_header(rows, columns, required)
        if isinstance(found, bool):
            if found:
                issues.add(no_header(name, columns, required))
            return
        yield Table(name, None, found[1], found[0], rows)
