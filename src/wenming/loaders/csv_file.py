"""CSV ledgers: the one table of a CSV file, decoded strictly in one encoding.

CSV files are UTF-8 or GB18030 (which contains GBK and GB2312: what Excel's
"CSV" writes on Chinese Windows). The encoding is decided by the first line
holding a non-ASCII byte, and the whole file is then decoded strictly in it, so
no file is ever read half in one encoding and half in another:

* that line is valid UTF-8 → UTF-8. Text that is valid in both is taken as
  UTF-8 because valid UTF-8 is unambiguous in practice: its multi-byte
  sequences follow a strict lead/continuation pattern that GBK text of any
  length almost never happens to follow, while almost every UTF-8 Chinese text
  is *also* valid GB18030 (as mojibake) — so "decodes as GB18030" means
  nothing, and "decodes as UTF-8" means UTF-8;
* else it is valid GB18030 → GB18030, and a note says so;
* any later line that does not decode in the chosen encoding is an error at
  that line (a file that mixes encodings is refused, never guessed).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Final, TextIO

from wenming.errors import DataIssue
from wenming.loaders.cells import visible
from wenming.loaders.collector import IssueCollector
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

__all__ = ["csv_encoding", "csv_tables"]


_QUOTE_EXPECTED: Final = ('every quote closed: a cell that starts with " ends with ", and a quote '
                          'inside a cell is written twice ("") — Excel saves it so')


class _LineTooLong(Exception):
    pass


def _physical_lines(handle: TextIO, eof: list[bool]) -> Iterator[str]:
    # readline with a limit keeps a file without line breaks from being read whole;
    # ``eof`` tells the reader that the csv module asked for more than the file had.
    readline = handle.readline
    limit = MAX_CSV_LINE_CHARS
    while line := readline(limit):
        if len(line) == limit and line[-1] not in "\r\n":
            raise _LineTooLong
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


_UTF8: Final = "utf-8-sig"  # drops the BOM Excel writes with "CSV UTF-8"
_GB18030: Final = "gb18030"
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
_UTF8_BOM: Final = codecs.BOM_UTF8


def csv_encoding(file: Path) -> str:
    """``utf-8-sig`` or ``gb18030``, decided by the first line with a non-ASCII byte.

    Reads up to that line only (a whole file only when it is all ASCII, which
    both encodings read alike). See the module's docstring for why UTF-8 wins
    when both decode.
    """
    block_size = 1 << 20
    with open(file, "rb") as handle:
        head = handle.read(len(_UTF8_BOM))
        if head == _UTF8_BOM:
            return _UTF8
        block = head + handle.read(block_size)
        while block:
            found = _NON_ASCII.search(block)
            if found is not None:
                start = found.start()
                end = block.find(b"\n", start)
                while end < 0 and len(block) - start < MAX_CSV_LINE_CHARS * 4:
                    more = handle.read(block_size)
                    if not more:
                        break
                    block += more
                    end = block.find(b"\n", start)
                line = block[start:end if end >= 0 else len(block)]
                return _UTF8 if _decodes(line, "utf-8") or not _decodes(line, _GB18030) \
                    else _GB18030
            block = handle.read(block_size)
    return _UTF8


def _decodes(data: bytes, encoding: str) -> bool:
    try:  # not final: a line cut at the read limit may end inside a character
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(
    file: Path, name: str, issues: IssueCollector
) -> Generator[tuple[int, Row], None, None]:
    """Records numbered as a spreadsheet numbers rows (a cell may span lines)."""
    encoding = csv_encoding(file)
    if encoding == _GB18030:
        issues.note(DataIssue(name, "read as GB18030/GBK, not UTF-8 (Excel's “CSV” on Chinese "
                              "Windows) / 按GB18030（GBK）编码读取"))
    # newline="" lets the csv module handle line breaks inside quoted cells.
    with open(file, encoding=encoding, newline="") as handle:
        eof = [False]
        reader = csv.reader(_physical_lines(handle, eof))
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
            issues.add(_not_utf8(file, name) if encoding == _UTF8 else _not_gb18030(file, name))
        except _LineTooLong:
            issues.add(DataIssue(name, "a line of the file is too long / 文件中有一行过长",
                                 line=reader.line_num + 1,
                                 expected=f"lines of at most {MAX_CSV_LINE_CHARS:,} characters "
                                          "(is it really a CSV file?)"))
        except csv.Error as exc:
            issues.add(DataIssue(name, f"malformed CSV / CSV格式错误: {exc}",
                                 line=reader.line_num, expected=_QUOTE_EXPECTED))


def _first_bad_byte(file: Path, encoding: str = "utf-8") -> tuple[int, bytes, bytes] | None:
    """The physical line of the first byte not in ``encoding``, that byte on, and its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(file, "rb") as handle:
        # b"\n" never occurs inside a UTF-8, GBK or GB18030 character, so lines split safely;
        # a very long line is fed in pieces, the decoder keeping a split character.
        while piece := handle.readline(1 << 20):
            try:
                decoder.decode(piece, final=piece.endswith(b"\n"))
            except UnicodeDecodeError as exc:
                return line, exc.object[exc.start:exc.start + 4], piece
            if piece.endswith(b"\n"):
                line += 1
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return line, exc.object[exc.start:exc.start + 4], exc.object
    return None


def _not_utf8(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file)
    hint = ""
    if found is not None and _decodes(found[2], _GB18030):
        # UTF-8 was chosen from an earlier line, so this one cannot be read as GB18030
        hint = (" (this line looks like GBK/GB18030 but earlier lines are UTF-8: the file "
                "mixes two encodings)")
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码" + hint, line=line,
                     value=value,
                     expected="CSV saved as UTF-8 — in Excel: 另存为 → “CSV UTF-8(逗号分隔)”")


def _not_gb18030(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file, _GB18030)
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is neither UTF-8 nor GB18030/GBK text / "
                     "文件既不是UTF-8也不是GB18030（GBK）编码", line=line, value=value,
                     expected="a CSV file in one encoding — in Excel: 另存为 → "
                              "“CSV UTF-8(逗号分隔)”")


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
