"""Properties of the loaders under arbitrary input (Hypothesis).

Any value into a cell parser gives a value or a :class:`CellError`; any bytes as a
CSV ledger, any lines as JSONL and generated rows as XLSX give a ``Dataset`` or a
``DatasetError`` whose issues are located, never another exception. Rows are never
dropped silently: every non-blank row becomes a record or is named by an issue, and
the rows not named load on their own as exactly that many records.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.loaders.conftest import CAMPAIGN_TOML, CSV_HEADER, UNITS_TOML
from wenming.errors import DatasetError
from wenming.loaders import load_dataset
from wenming.loaders.cells import (
    REF_SEPARATORS,
    CellError,
    amount_cell,
    count_cell,
    date_cell,
    id_cell,
    list_cell,
    name_cell,
    percent_cell,
    text_cell,
    title_cell,
)

LEDGER = "evidence/any.csv"
EXPORT = "evidence/any.jsonl"
BOOK = "evidence/any.xlsx"
QUICK = settings(max_examples=300, deadline=None)
LOADS = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])

# -- cells ------------------------------------------------------------------------------------

typed = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(), st.times(),
    st.text(), st.lists(st.text(max_size=5), max_size=3), st.binary(max_size=5),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
numberish = st.text(alphabet=st.sampled_from(list("0123456789.,-+ ¥￥元人次%e①²١１")),
                    max_size=25)
PARSERS: dict[str, Callable[[object], object]] = {
    "text": text_cell, "id": id_cell, "name": name_cell, "title": title_cell,
    "date": date_cell, "amount": amount_cell, "count": count_cell, "percent": percent_cell,
    "list": lambda v: list_cell(v, REF_SEPARATORS),
}


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@QUICK
@given(value=st.one_of(typed, numberish))
def test_cell_parsers_give_a_value_or_a_cell_error(
    parser: Callable[[object], object], value: object,
) -> None:
    try:
        parser(value)
    except CellError as exc:
        assert exc.message and "/" in exc.message  # bilingual


@QUICK
@given(value=st.one_of(st.integers(), st.floats(), numberish))
def test_numbers_that_parse_are_within_bounds(value: object) -> None:
    for parse, bound in ((amount_cell, 1e12), (count_cell, 1e8), (percent_cell, 100)):
        try:
            number = parse(value)
        except CellError:
            continue
        assert isinstance(number, int | float)
        assert 0 <= number <= bound


# -- datasets ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base") / "data"
    (root / "evidence").mkdir(parents=True)
    (root / "campaign.toml").write_text(CAMPAIGN_TOML, encoding="utf-8")
    (root / "units.toml").write_text(UNITS_TOML, encoding="utf-8")
    return root


def _fresh(base: Path) -> Path:
    shutil.rmtree(base / "evidence")
    (base / "evidence").mkdir()
    return base


def _outcome(root: Path, file: str) -> tuple[int | None, set[int]]:
    """Records read (None on failure) and the lines of ``file`` that issues name."""
    try:
        return len(load_dataset(root, max_issues=10_000)), set()
    except DatasetError as exc:
        for issue in exc.issues:
            assert issue.where and issue.message
            assert "internal" not in issue.message
            if issue.where.startswith(file):
                # a row issue names its line; a file-level one says what about the file
                assert issue.line is not None or "header" in issue.message or \
                    "workbook" in issue.message, str(issue)
            else:  # the fixed files of the base dataset are valid
                assert issue.where.startswith("evidence/"), str(issue)
        return None, {i.line for i in exc.issues if i.where.startswith(file) and i.line}


@LOADS
@given(data=st.binary(max_size=600))
def test_any_bytes_as_a_csv_ledger(base: Path, data: bytes) -> None:
    root = _fresh(base)
    (root / LEDGER).write_bytes(",".join(CSV_HEADER).encode() + b"\n" + data)
    _outcome(root, LEDGER)


# Cells that are often valid, sometimes subtly not, sometimes hostile.
cell_text = st.one_of(
    st.sampled_from(["", "hq", "east", "道德讲堂", "work-plan", "2021-05-06", "2021/5/6", "12",
                     "1,200.50", "¥30", "30人", "春节", "files/x.pdf", "①", "1e20", "\x00",
                     "a\x1bb", '"', '"x', "x\ny", "99999999999999999999", " "]),
    st.text(max_size=12),
)


def _rows(draw_rows: list[list[str]]) -> list[list[str]]:
    # ids unique per row keep the property about rows, not about duplicate ids
    return [[f"R{i}{row[0]}", *row[1:]] if row[0] else row for i, row in enumerate(draw_rows)]


def _check_rows(root: Path, file: str, rows: Sequence[Sequence[object]],
                write: Callable[[Sequence[Sequence[object]]], None]) -> None:
    def blank(row: Sequence[object]) -> bool:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)

    live = {number: row for number, row in enumerate(rows, start=2) if not blank(row)}
    write(rows)
    records, reported = _outcome(root, file)
    if records is not None:
        assert records == len(live)
        return
    assert reported, "the load failed but no row of the ledger is named"
    # every row not named must load on its own: none was dropped silently
    kept = [row if number not in reported else [None] * len(row)
            for number, row in enumerate(rows, start=2)]
    write(kept)
    again, still = _outcome(root, file)
    assert again == len([n for n in live if n not in reported]), still


@LOADS
@given(rows=st.lists(st.lists(cell_text, min_size=len(CSV_HEADER), max_size=len(CSV_HEADER)),
                     max_size=12).map(_rows))
def test_csv_rows_become_records_or_issues(base: Path, rows: list[list[str]]) -> None:
    root = _fresh(base)

    def write(body: Sequence[Sequence[object]]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([CSV_HEADER, *body])
        (root / LEDGER).write_text(buffer.getvalue(), encoding="utf-8")

    _check_rows(root, LEDGER, rows, write)


json_value = st.one_of(cell_text, st.none(), st.integers(), st.floats(allow_nan=False),
                       st.lists(cell_text, max_size=3), st.booleans())
FIELDS = ("id", "unit", "kind", "date", "title", "amount", "participants", "score", "tags",
          "attachments", "festival")


@LOADS
@given(lines=st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.uuids().map(str), "unit": st.just("hq"),
                           "kind": st.just("道德讲堂"), "date": st.just("2021-05-06")},
                          optional={f: json_value for f in FIELDS[4:]}).map(
        lambda d: json.dumps(d, ensure_ascii=False).encode()),
    st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.text(max_size=40).map(lambda t: t.replace("\n", " ").replace("\r", " ")
                             .replace("\x85", " ").replace("\u2028", " ")
                             .replace("\u2029", " ").encode()),
), max_size=10))
def test_any_lines_as_jsonl(base: Path, lines: list[bytes]) -> None:
    root = _fresh(base)
    (root / EXPORT).write_bytes(b"\n".join(lines) + b"\n")
    records, reported = _outcome(root, EXPORT)
    # A BOM opening the file marks its encoding; the loader drops it, so a first line of
    # nothing else is blank.
    live = [n for n, line in enumerate(lines, start=1)
            if (line.removeprefix(b"\xef\xbb\xbf") if n == 1 else line).strip()]
    if records is not None:
        assert records == len(live)
        return
    kept = [line if n not in reported else b"" for n, line in enumerate(lines, start=1)]
    (root / EXPORT).write_bytes(b"\n".join(kept) + b"\n")
    again, _ = _outcome(root, EXPORT)
    assert again == len([n for n in live if n not in reported])


sheet_value = st.one_of(
    st.none(), cell_text.map(lambda t: "".join(c for c in t if c.isprintable() or c in "\t\n")),
    st.integers(min_value=-(10**15), max_value=10**15), st.floats(allow_nan=False,
                                                                    allow_infinity=False),
    st.dates(min_value=date(1901, 1, 1)), st.datetimes(min_value=datetime(1901, 1, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)), st.booleans(),
    st.sampled_from(["=1+1", "=DATE(2021,5,6)", "=A1"]),
)
SHEET_HEADER = ["编号", "单位", "类别", "日期", "标题", "金额", "参与人数", "评分"]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(sheet_value, min_size=len(SHEET_HEADER),
                              max_size=len(SHEET_HEADER)), max_size=8))
def test_xlsx_rows_become_records_or_issues(base: Path, rows: list[list[object]]) -> None:
    root = _fresh(base)
    rows = [[f"R{i}" if r[0] is not None else None, *r[1:]] for i, r in enumerate(rows)]

    def write(body: Sequence[Sequence[object]]) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "台账"
        sheet.append(SHEET_HEADER)
        for row in body:
            sheet.append([v.isoformat() if isinstance(v, time) else v for v in row])
        book.save(root / BOOK)

    _check_rows(root, BOOK, rows, write)
