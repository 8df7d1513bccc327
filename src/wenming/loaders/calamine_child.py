"""The child process that reads one .xls, .xlsb or .ods workbook with python-calamine.

Run by :mod:`wenming.loaders.isolated` as a script (``python calamine_child.py
FILE MEMORY SECONDS MAX_ROWS MAX_COLUMNS MAX_CELLS``), never imported: it imports
nothing of wenming, so it starts in a few tens of milliseconds. It caps its own
address space and CPU time before calamine sees a byte, so a workbook that makes the native reader
abort, or ask for hundreds of gigabytes, ends this process only.

Output, one JSON object per line on standard output:

* ``{"reading": NAME}`` before each worksheet is parsed (so that the parent can
  name the sheet if this process dies while parsing it);
* ``{"sheet": NAME, "rows": [[NUMBER, [CELL, …]], …]}`` with the non-blank rows,
  numbered from 1 as the sheet numbers them;
* ``{"sheet": NAME, "error": TEXT}`` for a sheet calamine refused;
* ``{"sheet": NAME, "end": [ROW, COLUMN]}`` for a sheet whose last cell (0-based)
  lies beyond the limits, or whose used area holds more cells than allowed: it is
  not turned into rows;
* ``{"error": TEXT}`` when the workbook cannot be opened at all.

Cells are JSON values, dates and times tagged (``{"d": "2021-06-03"}``, ``{"dt": …}``,
``{"t": …}``, ``{"td": seconds}``): JSON, not pickle, so that whatever this process
sends can never run code in the parent.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any


def _limit(memory: int, seconds: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the process still keeps a crash away
        return
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, seconds)):
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, hard))


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"t": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"td": value.total_seconds()}
    return value


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_far_cell(path: str) -> tuple[str, int, int] | None:
    """The sheet and 0-based place of the value cell spanning the largest area of an .ods.

    A streaming pass over content.xml, counting repeated rows and columns as the
    format writes them; it runs here, under this process's limits.
    """
    import xml.etree.ElementTree as ET
    import zipfile

    best: tuple[int, str, int, int] | None = None
    sheet, row, column = "", 0, 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            for event, element in ET.iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _TABLE + "table":
                        sheet, row = element.get(_TABLE + "name") or "", 0
                    elif tag == _TABLE + "table-row":
                        column = 0
                    continue
                if tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                    repeated = int(element.get(_TABLE + "number-columns-repeated") or 1)
                    if element.get(_OFFICE + "value-type") or len(element):
                        last = column + repeated - 1
                        area = (row + 1) * (last + 1)
                        if best is None or area > best[0]:
                            best = (area, sheet, row, last)
                    column += repeated
                    element.clear()
                elif tag == _TABLE + "table-row":
                    row += int(element.get(_TABLE + "number-rows-repeated") or 1)
                    element.clear()
    except Exception:  # damaged in another way too: calamine's own message says it
        return None
    return None if best is None else best[1:]


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    path, memory, seconds = argv[0], int(argv[1]), int(argv[2])
    max_rows, max_columns, max_cells = int(argv[3]), int(argv[4]), int(argv[5])
    _limit(memory, seconds)
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_path(path)
    except Exception as exc:  # calamine's own errors, zip and XML alike
        far = _ods_far_cell(path) if "cell limit" in str(exc).lower() else None
        if far is not None:  # calamine reads .ods whole and names no sheet: find it here
            _say({"sheet": far[0], "end": [far[1], far[2]]})
        else:
            _say({"error": f"{type(exc).__name__}: {exc}"})
        return 0
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:  # chart and macro sheets hold no rows
                continue
            _say({"reading": meta.name})
            try:
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end
                if end is None:
                    _say({"sheet": meta.name, "rows": []})
                    continue
                # Bounded before any row becomes Python objects.
                if (end[0] + 1 > max_rows or end[1] + 1 > max_columns
                        or (end[0] + 1) * (end[1] + 1) > max_cells):
                    _say({"sheet": meta.name, "end": [end[0], end[1]]})
                    continue
                # skip_empty_area=False: rows and columns counted from A1, as the sheet does
                grid = sheet.to_python(skip_empty_area=False)
            except Exception as exc:
                _say({"sheet": meta.name, "error": f"{type(exc).__name__}: {exc}"})
                continue
            rows = [[number + 1, [_cell(v) for v in values]]
                    for number, values in enumerate(grid) if not _blank(values)]
            _say({"sheet": meta.name, "rows": rows})
    finally:
        book.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
