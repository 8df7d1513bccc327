"""Untrusted .xls, .xlsb and .ods workbooks, read where their reader cannot hurt the caller.

python-calamine is native code. A 5.6 KB .xls whose sector chain loops back on
itself made it allocate 4 GB; a 3 KB .xlsb with one cell at ``XFD1048576``
made it ask for 550 GB and abort — taking with it whatever process called
:func:`wenming.load_dataset` (a web server, a notebook). So the workbook is
first sniffed here (a web page or a text file saved as ``.xls`` is named as
such, without any reader), then read by :mod:`wenming.loaders.calamine_child`
in a child process whose address space and CPU time are capped
(:data:`~wenming.loaders.limits.MAX_WORKBOOK_READER_BYTES`,
:data:`~wenming.loaders.limits.WORKBOOK_READER_SECONDS`) and which hands back
JSON. If the child dies, the load gets a located problem — the file, the sheet
being read, what happened and what to do — and goes on with the other files.

.xlsx is not read this way: openpyxl is pure Python, streams rows in read-only
mode, and the zip-bomb limits bound what it inflates; no native code runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from wenming.errors import DataIssue
from wenming.loaders.limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_READER_BYTES,
    WORKBOOK_READER_SECONDS,
)

__all__ = ["SheetRows", "read_workbook", "sniff"]

_CHILD: Final = Path(__file__).with_name("calamine_child.py")
_OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP: Final = b"PK\x03\x04"
_SAVE_AS: Final = ("the file opened in Excel or WPS and saved as an Excel workbook (.xlsx): "
                   "文件 → 另存为 → Excel 工作簿")


@frozen
class SheetRows:
    """One worksheet: its non-blank rows numbered as the sheet numbers them, or a problem."""

    name: str
    rows: tuple[tuple[int, list[object]], ...] = ()
    problem: DataIssue | None = None


def sniff(head: bytes, suffix: str, where: str) -> DataIssue | None:
    """A problem if the first bytes of a ``suffix`` workbook show it is something else."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\x00").lower()
    if text.startswith(b"<") or text.startswith(b"mime-version"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower():
            kind = "an XML Spreadsheet 2003 file / XML 电子表格 2003 文件"
        else:
            kind = "a web page (HTML), as many web systems export / 网页文件"
        return DataIssue(where, f"this is {kind}, not a real {suffix} workbook; save it as a "
                         "real workbook / 这是网页，不是真正的工作簿，请另存为工作簿",
                         expected=_SAVE_AS)
    wanted = _OLE if suffix == ".xls" else _ZIP  # .xlsx, .xlsb and .ods are zip archives
    if head.startswith(wanted) or (suffix == ".xls" and head[:2] in (b"\x09\x08", b"\x09\x04")):
        return None
    if head.startswith(_ZIP if suffix == ".xls" else _OLE):
        other = ".xlsx, .xlsb or .ods" if suffix == ".xls" else ".xls"
        return DataIssue(where, f"this is a {other} workbook named {suffix} / 扩展名与文件格式"
                         "不符", expected=f"the file renamed to its real format, or {_SAVE_AS}")
    if b"\x00" not in head and _decodes(head):
        return DataIssue(where, f"this is a text file (CSV or tab-separated), not a {suffix} "
                         "workbook / 这是文本文件，不是工作簿",
                         expected=f"the file renamed to .csv if it is comma-separated, or "
                                  f"{_SAVE_AS}")
    return DataIssue(where, f"not a readable {suffix} workbook / 无法读取的工作簿: the file "
                     "does not start as one", expected=f"a workbook saved by Excel, WPS or "
                                                     f"LibreOffice as {suffix}")


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as err:
            if err.start >= len(head) - 4:  # a character cut at the end of what was read
                return True
            continue
        return True
    return False


def read_workbook(file: Path, name: str) -> DataIssue | Iterator[SheetRows]:
    """The worksheets of ``file`` (``name`` as messages give it), or why it cannot be read."""
    suffix = file.suffix.lower()
    try:
        with file.open("rb") as handle:
            head = handle.read(4096)
    except OSError as err:
        return DataIssue(name, f"cannot read the file / 无法读取文件: {err.strerror or err}")
    found = sniff(head, suffix, name)
    if found is not None:
        return found
    command = [sys.executable, str(_CHILD), str(file), str(MAX_WORKBOOK_READER_BYTES),
               str(WORKBOOK_READER_SECONDS), str(MAX_SHEET_ROWS), str(MAX_SHEET_COLUMNS),
               str(MAX_SHEET_CELLS)]
    environment = {**os.environ, "RUST_BACKTRACE": "0", "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=WORKBOOK_READER_SECONDS + 10, env=environment,
                              check=False)
    except subprocess.TimeoutExpired as timeout:
        lines = _messages(timeout.stdout or b"")
        return _died(name, suffix, lines, "timeout", b"")
    except OSError as err:
        return DataIssue(name, f"cannot start the workbook reader / 无法启动工作簿读取进程: "
                         f"{err.strerror or err}")
    lines = _messages(done.stdout)
    if done.returncode != 0 or (lines and "reading" in lines[-1]):
        return _died(name, suffix, lines, done.returncode, done.stderr)
    if lines and "sheet" not in lines[0] and "error" in lines[0]:
        return _unreadable(name, suffix, str(lines[0]["error"]))
    return (_sheet(name, suffix, line) for line in lines if "sheet" in line)


def _messages(out: bytes) -> list[dict[str, Any]]:
    found = []
    for raw in out.splitlines():
        try:
            message = json.loads(raw)
        except ValueError:
            break  # a line cut short when the child died
        if isinstance(message, dict):
            found.append(message)
    return found


def _unreadable(where: str, suffix: str, reason: str) -> DataIssue:
    return DataIssue(where, f"not a readable {suffix} workbook / 无法读取的工作簿: "
                     f"{reason[:200]}",
                     expected=f"a workbook saved by Excel, WPS or LibreOffice as {suffix}")


def _died(name: str, suffix: str, lines: list[dict[str, Any]], code: int | str,
          stderr: bytes) -> DataIssue:
    sheet = next((str(m["reading"]) for m in reversed(lines) if "reading" in m), None)
    where = f"{name}[{sheet}]" if sheet is not None else name
    said = stderr.decode("utf-8", "replace")
    limit_mb = MAX_WORKBOOK_READER_BYTES // 1_048_576
    # SIGXCPU: the CPU limit; SIGKILL: the kernel past it. Neither exists on Windows.
    stopped = {-getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name)}
    if code == "timeout" or code in stopped:
        what = (f"reading it took longer than {WORKBOOK_READER_SECONDS} s, the limit for one "
                "workbook / 读取超时")
    elif "memory allocation" in said or "MemoryError" in said:
        what = (f"reading it needed more than {limit_mb:,} MB of memory, the limit for one "
                "workbook: the file claims a far larger sheet or stream than it holds "
                "(a cell far beyond the data, or a damaged internal chain) / 读取所需内存超出上限")
    elif isinstance(code, int) and code > 0 and "Error" in said:
        # The child's own Python failed (python-calamine missing or broken): not the file.
        last = said.strip().splitlines()[-1][:200]
        return DataIssue(where, f"the {suffix} reader could not run / 无法运行工作簿读取程序: "
                         f"{last}", expected="python-calamine installed with wenming (pip "
                                             "install wenming), or the workbook saved as .xlsx")
    else:
        what = (f"the spreadsheet reader stopped on it ({_signal_name(code)}): the file is "
                "damaged or made to harm / 工作簿已损坏，读取程序异常退出")
    return DataIssue(where, f"this {suffix} workbook cannot be read safely; {what}",
                     expected=f"{_SAVE_AS}; if Excel shows data far below or to "
                              "the right of the table (Ctrl+End), delete those rows and columns "
                              "first")


def _signal_name(code: int | str) -> str:
    if isinstance(code, int) and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _sheet(name: str, suffix: str, message: dict[str, Any]) -> SheetRows:
    sheet = str(message["sheet"])
    where = f"{name}[{sheet}]"
    if "error" in message:
        reason = str(message["error"])
        if "cell limit" in reason.lower():
            return SheetRows(sheet, problem=DataIssue(
                where, "the sheet holds a cell beyond the reader's limit (a value or format far "
                "below or to the right of the table) / 工作表含有超出范围的单元格",
                value=reason[:200], expected="the rows and columns after the table deleted "
                "(Ctrl+End in Excel or LibreOffice shows the last cell), then the file saved "
                "again"))
        return SheetRows(sheet, problem=_unreadable(where, suffix, reason))
    if "end" in message:
        row, column = (int(n) for n in message["end"])
        return SheetRows(sheet, problem=_too_far(where, row, column))
    rows = tuple((int(number), [_value(v) for v in values])
                 for number, values in message.get("rows", ()))
    return SheetRows(sheet, rows)


def _too_far(where: str, row: int, column: int) -> DataIssue:
    last = f"{column_letter(column + 1)}{row + 1}"
    if row + 1 > MAX_SHEET_ROWS or column + 1 > MAX_SHEET_COLUMNS:
        reason = (f"beyond Excel's limit of {MAX_SHEET_ROWS:,} rows and "
                  f"{MAX_SHEET_COLUMNS:,} columns")
    else:
        reason = (f"so the sheet spans {(row + 1) * (column + 1):,} cells, more than the "
                  f"{MAX_SHEET_CELLS:,} wenming reads from one sheet")
    return DataIssue(where, f"the sheet's last cell is {last}, {reason}; the sheet is not read "
                     "/ 工作表的最后一个单元格超出范围，未读取", value=last,
                     expected="the rows and columns after the table deleted (Ctrl+End shows the "
                              "last cell), then the file saved again")


def column_letter(number: int) -> str:
    """``1`` → ``A``, ``16384`` → ``XFD``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _value(value: Any) -> object:
    if isinstance(value, dict):
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "t" in value:
            return time.fromisoformat(value["t"])
        if "td" in value:
            return timedelta(seconds=float(value["td"]))
    if isinstance(value, float) and value.is_integer():
        return int(value)  # openpyxl's type for whole numbers; calamine reads them as floats
    if value == "":
        return None
    return value
