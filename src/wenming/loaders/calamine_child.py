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
