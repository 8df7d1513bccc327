"""Documented limits on what a dataset's files may hold.

Ledgers come from clerks' spreadsheets and from other systems' exports, and
sometimes from someone who means harm. Each limit here is far beyond any real
ledger and keeps a hostile file from taking unbounded time or memory, or a
number from overflowing later (64-bit integers, JSON output, sums over a
province). A value beyond a limit is refused with a located message; nothing
is truncated silently.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_AMOUNT",
    "MAX_CELL_CHARS",
    "MAX_CSV_LINE_CHARS",
    "MAX_JSONL_LINE_BYTES",
    "MAX_NAME_CHARS",
    "MAX_PARTICIPANTS",
    "MAX_SCORE",
    "MAX_SHEET_CELLS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_WORKBOOK_READER_BYTES",
    "MAX_XLSX_MEMBERS",
    "MAX_XLSX_MEMBER_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_SHARED_STRINGS_BYTES",
    "MAX_XLSX_TOTAL_BYTES",
    "WORKBOOK_READER_SECONDS",
    "XLSX_RATIO_GRACE_BYTES",
]

# -- cells ----------------------------------------------------------------------------------

#: Characters in one text cell: Excel's own limit for a cell.
MAX_CELL_CHARS: Final = 32_767
#: Characters in an id, a unit, a kind or a festival cell.
MAX_NAME_CHARS: Final = 200
#: People at one activity (participants): more than any gathering, far below 2**63.
MAX_PARTICIPANTS: Final = 100_000_000
#: Yuan in one record (amount): one trillion; sums over a million records stay exact in a double.
MAX_AMOUNT: Final = 1_000_000_000_000
#: A self-assessment score is a percentage.
MAX_SCORE: Final = 100

# -- CSV ------------------------------------------------------------------------------------

#: Characters on one physical line of a CSV file (a quoted cell may span lines).
MAX_CSV_LINE_CHARS: Final = 1_048_576

# -- JSONL ----------------------------------------------------------------------------------

#: Bytes on one line of a JSONL file (one record).
MAX_JSONL_LINE_BYTES: Final = 4_194_304

# -- XLSX -----------------------------------------------------------------------------------

#: Rows of one sheet: Excel's own limit.
MAX_SHEET_ROWS: Final = 1_048_576
#: Columns of one sheet: Excel's own limit (column XFD).
MAX_SHEET_COLUMNS: Final = 16_384
#: Files inside one workbook (a workbook holds a few dozen; images add some).
MAX_XLSX_MEMBERS: Final = 10_000
#: Uncompressed bytes of one file inside a workbook (a full Excel sheet of ledger rows
#: is well under this).
MAX_XLSX_MEMBER_BYTES: Final = 1_000_000_000
#: Uncompressed bytes of the shared-strings file, which is read into memory whole.
MAX_XLSX_SHARED_STRINGS_BYTES: Final = 200_000_000
#: Uncompressed bytes of all files of one workbook together.
MAX_XLSX_TOTAL_BYTES: Final = 2_000_000_000
#: How many times larger than its compressed size a member may inflate (Apache POI's
#: default); XML of real sheets compresses 5 to 30 times.
MAX_XLSX_RATIO: Final = 100
#: Members smaller than this are not held to the ratio (tiny files compress extremely).
XLSX_RATIO_GRACE_BYTES: Final = 1_048_576

# -- .xls, .xlsb, .ods (read by a native library, in a child process) -----------------------

#: Cells in the used area of one .xls, .xlsb or .ods sheet (its last row times its last
#: column): 500,000 rows of 20 columns. Checked before any row is turned into values.
MAX_SHEET_CELLS: Final = 10_000_000
#: Address space of the child process that reads one such workbook; a file that makes the
#: reader ask for more is refused instead of taking the caller's memory.
MAX_WORKBOOK_READER_BYTES: Final = 1_073_741_824
#: CPU seconds of that child process (and, with ten more, its wall-clock time).
WORKBOOK_READER_SECONDS: Final = 120
