"""A registry of hostile and careless ledgers, each built by script, with the outcome it must get.

Each :class:`Case` writes one dataset folder (the valid fixture of tests/loaders
plus something hostile) and says what loading it must give: issues that must be
reported, each located (file, line, field), or how many records must be read.
Nothing large is checked in: the zip bombs are compressed at build time.

Other modules add cases with :func:`register`; ``tests/hostile/folder_cases.py``
(folder-level cases) is merged in when present. ``python -m tests.hostile.corpus
OUTDIR`` writes every case into ``OUTDIR/<case name>``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from tests.hostile.cases import Case, Expect
from tests.loaders.conftest import (
    CSV_HEADER,
    write_csv,
    write_jsonl,
    write_valid_dataset,
    write_xlsx,
)

#: Records in the valid fixture folder every case starts from.
VALID_RECORDS = 9
LEDGER = "evidence/hostile.csv"
EXPORT = "evidence/hostile.jsonl"
BOOK = "evidence/hostile.xlsx"
SHEET_HEADER: list[object] = ["编号", "单位", "类别", "日期", "标题", "金额", "参与人数"]


CASES: dict[str, Case] = {}


def register(
    name: str, *expect: Expect, records: int | None = None, only: bool = True,
    needs: tuple[str, ...] = (), heavy: bool = False,
) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Decorator: the decorated ``build(root)`` becomes the case ``name``."""
    def add(build: Callable[[Path], None]) -> Callable[[Path], None]:
        if name in CASES:
            raise ValueError(f"hostile case {name!r} registered twice")
        CASES[name] = Case(name, build, tuple(expect), records, only, needs, heavy)
        return build
    return add


def _row(record_id: str, **cells: str) -> list[str]:
    values = {"编号": record_id, "单位": "hq", "类别": "道德讲堂", "日期": "2021-05-06",
              "标题": "道德讲堂", **cells}
    return [values.get(h, "") for h in CSV_HEADER]


def _csv_lines(count: int) -> list[str]:
    """A header and ``count`` plain rows as CSV text lines (no quotes needed)."""
    return [",".join(CSV_HEADER)] + [",".join(_row(f"H-{i:04d}", 标题=f"活动{i}"))
                                     for i in range(count)]


def _write_lines(root: Path, lines: Iterable[str]) -> None:
    path = root / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- CSV structure and encoding ---------------------------------------------------------------

@register("unclosed quote swallows the rest of a CSV",
          Expect(LEDGER, "never closed", line=4, field="column E"))
def _unclosed_quote(root: Path) -> None:
    write_valid_dataset(root)
    lines = _csv_lines(51)
    lines[3] = lines[3].replace("活动2", '"活动2 never closed')
    _write_lines(root, lines)


@register("quote closed many rows later swallows the rows between",
          Expect(LEDGER, "closes only on line 9", line=3, field="column E"),
          records=VALID_RECORDS)
def _late_quote(root: Path) -> None:
    write_valid_dataset(root)
    lines = _csv_lines(20)
    lines[2] = lines[2].replace("活动1", '"活动1')
    lines[8] = lines[8].replace("活动7", '活动7"')
    _write_lines(root, lines)


@register("a multi-line title written by Excel is one cell", records=VALID_RECORDS + 3)
def _multiline_title(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("ML-1", 标题="第一行\n第二行, 带逗号\n第三行"),
                              _row("ML-2", 标题="制表\t符"), _row("ML-3")])


@register("GBK rows after UTF-8 ones are reported at their physical line",
          Expect(LEDGER, "not UTF-8", line=2002))
def _gbk_late(root: Path) -> None:
    write_valid_dataset(root)
    lines = _csv_lines(2100)
    head = "\n".join(lines[:2001]) + "\n"
    tail = "\n".join(lines[2001:]).replace("活动", "会议") + "\n"
    path = root / LEDGER
    path.write_bytes(head.encode("utf-8") + tail.encode("gbk"))


@register("a stray byte is reported at its physical line, after multi-line cells",
          Expect(LEDGER, "not UTF-8", line=5001, value=b"\xff,hq"))
def _stray_byte(root: Path) -> None:
    write_valid_dataset(root)
    lines = _csv_lines(5100)
    lines[10] = lines[10].replace("活动9", '"活动9\n第二行"')  # one row, two lines
    lines[4999] = lines[4999].replace("H-4998", "H-4998\xff")
    text = "\n".join(lines) + "\n"
    (root / LEDGER).write_bytes(text.encode("utf-8").replace("\xff".encode(), b"\xff"))


@register("a CSV without line breaks is refused without being read whole",
          Expect(LEDGER, "too long", line=2))
def _endless_line(root: Path) -> None:
    write_valid_dataset(root)
    _write_lines(root, [",".join(CSV_HEADER), "x," * 700_000])


# -- numbers ------------------------------------------------------------------------------------

@register("circled digit in participants", Expect(LEDGER, "participants", line=2, field="参与人数",
                                                  value="①"))
def _circled(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("N-1", 参与人数="①")])


@register("superscript digit in participants",
          Expect(LEDGER, "participants", line=2, field="参与人数", value="3²"))
def _superscript(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("N-2", 参与人数="3²")])


@register("participants beyond 64 bits",
          Expect(LEDGER, "implausibly large", line=2, field="参与人数"))
def _huge_count(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("N-3", 参与人数="99999999999999999999")])


@register("amount of 1e20 in a JSON export",
          Expect(EXPORT, "implausibly large", line=1, field="amount"),
          Expect(EXPORT, "implausibly large", line=2, field="participants"))
def _huge_json(root: Path) -> None:
    write_valid_dataset(root)
    base = {"unit": "hq", "kind": "道德讲堂", "date": "2021-05-06"}
    write_jsonl(root / EXPORT, [{**base, "id": "N-4", "amount": 1e20},
                                {**base, "id": "N-5", "participants": 2**64}])


# -- control characters and length ------------------------------------------------------------

@register("control characters in id, unit and kind",
          Expect(LEDGER, "control character", line=2, field="编号"),
          Expect(LEDGER, "control character", line=3, field="单位"),
          Expect(LEDGER, "control character", line=4, field="类别"))
def _controls(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("C-1\x00"), _row("C-2", 单位="h\vq"),
                              _row("C-3", 类别="道德讲堂\x1b[2J")])


# Titles are free text: a control character there is replaced with a warning (issue 27),
# and the record kept: VT pasted from Word, a terminal escape, NUL, a bidi override.
@register("control characters in titles: replaced, records kept", records=VALID_RECORDS + 4)
def _title_controls(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("C-4", 标题="标题\x1b]0;x\x07"),
                              _row("C-6", 标题="第一段\v第二段"), _row("C-7", 标题="a\x00b")])
    write_jsonl(root / EXPORT, [{"id": "C-5", "unit": "hq", "kind": "道德讲堂",
                                 "date": "2021-05-06", "title": "a\u202eb"}])


@register("a title longer than Excel allows", Expect(LEDGER, "too long", line=2, field="标题"))
def _long_title(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("L-1", 标题="长" * 40_000)])


# -- attachments --------------------------------------------------------------------------------

@register("attachment name longer than the file system allows",
          Expect(LEDGER, "cannot read the attachment", line=2, field="附件"),
          records=VALID_RECORDS)
def _long_attachment(root: Path) -> None:
    write_valid_dataset(root)
    write_csv(root / LEDGER, [CSV_HEADER, _row("A-1", 附件="files/" + "长" * 100 + ".pdf"),
                              _row("A-2", 附件="files/lg.pdf")])


@register("NUL in an attachment path", Expect(EXPORT, "control character", line=1,
                                               field="attachments"))
def _nul_attachment(root: Path) -> None:
    write_valid_dataset(root)
    write_jsonl(root / EXPORT, [{"id": "A-3", "unit": "hq", "kind": "道德讲堂",
                                 "date": "2021-05-06", "attachments": ["files/lg.pdf\x00.txt"]}])


@register("attachment linked from outside the dataset",
          Expect(LEDGER, "leaves the dataset folder", line=2, field="附件"),
          needs=("symlink",))
def _linked_attachment(root: Path) -> None:
    write_valid_dataset(root)
    secret = root.parent / "secret.txt"
    secret.write_text("not for the ledger", encoding="utf-8")
    os.symlink(secret, root / "files" / "notes.pdf")
    write_csv(root / LEDGER, [CSV_HEADER, _row("A-4", 附件="files/notes.pdf")])


# -- JSONL --------------------------------------------------------------------------------------

@register("a key written twice in a JSONL object",
          Expect(EXPORT, "written twice", line=2, field="date"))
def _duplicate_key(root: Path) -> None:
    write_valid_dataset(root)
    (root / EXPORT).write_text(
        '{"id": "D-1", "unit": "hq", "kind": "道德讲堂", "date": "2021-05-06"}\n'
        '{"id": "D-2", "unit": "hq", "kind": "道德讲堂", "date": "2021-05-06", '
        '"title": "10:30 会议", "date": "2021-06-01"}\n', encoding="utf-8")


@register("colons in JSONL text and nested objects are not duplicates",
          records=VALID_RECORDS + 2)
def _colons(root: Path) -> None:
    write_valid_dataset(root)
    write_jsonl(root / EXPORT, [
        {"id": "D-3", "unit": "hq", "kind": "道德讲堂", "date": "2021-05-06",
         "title": "时间: 10:30; 地点: 会议室"},
        {"id": "D-4", "unit": "hq", "kind": "道德讲堂", "date": "2021-05-06",
         "attachments": [{"path": "files/lg.pdf"}]}])


# -- XLSX ---------------------------------------------------------------------------------------

STRINGS = "xl/sharedStrings.xml"
_STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def _members(path: Path, replace: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """The members of the zip at ``path``, some replaced; shared strings declared if added."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    if STRINGS in replace and STRINGS not in members:  # openpyxl writes inline strings
        types = members["[Content_Types].xml"]
        members["[Content_Types].xml"] = types.replace(b"</Types>", _STRINGS_TYPE + b"</Types>")
    members.update(replace)
    return list(members.items())


def _rewrite(path: Path, replace: dict[str, bytes]) -> None:
    """Rewrite members of the zip at ``path`` (and add new ones)."""
    members = _members(path, replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(name, data)


def _book(root: Path, rows: list[list[object]]) -> Path:
    write_valid_dataset(root)
    return write_xlsx(root / BOOK, {"台账": [SHEET_HEADER, *rows]})


@register("formulas without a saved value (a workbook written by a script)",
          Expect(f"{BOOK}[台账]", "formula without a saved value", line=2, field="日期"),
          Expect(f"{BOOK}[台账]", "formula without a saved value", line=3, field="金额"),
          records=VALID_RECORDS + 1)
def _formulas(root: Path) -> None:
    _book(root, [["F-1", "hq", "道德讲堂", "=DATE(2021,5,6)", "讲堂"],
                 ["F-2", "hq", "道德讲堂", "2021-05-06", "讲堂", "=100*12"],
                 ["F-3", "hq", "道德讲堂", "2021-05-06", "讲堂", 1200, None, "=A1"]])


@register("malformed XML inside a workbook names the workbook and sheet",
          Expect(f"{BOOK}[台账]", "not a readable .xlsx workbook"))
def _bad_xml(root: Path) -> None:
    path = _book(root, [["X-1", "hq", "道德讲堂", "2021-05-06", "讲堂"]])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    _rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", b"<row>")})


@register("entity expansion (billion laughs) in shared strings",
          Expect(BOOK, "not a readable .xlsx workbook"))
def _laughs(root: Path) -> None:
    path = _book(root, [["X-2", "hq", "道德讲堂", "2021-05-06", "讲堂"]])
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
               'uniqueCount="1"><si><t>&a9;</t></si></sst>')
    _rewrite(path, {STRINGS: strings.encode()})


@register("a row number beyond Excel's last row",
          Expect(f"{BOOK}[台账]", "beyond Excel's limit"))
def _far_row(root: Path) -> None:
    path = _book(root, [["X-3", "hq", "道德讲堂", "2021-05-06", "讲堂"]])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    far = b'<row r="900000000"><c r="A900000000" t="inlineStr"><is><t>x</t></is></c></row>'
    _rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>",
                                                               far + b"</sheetData>")})


@register("a workbook of 20,000 parts", Expect(BOOK, "far larger inside"))
def _many_parts(root: Path) -> None:
    path = _book(root, [["X-4", "hq", "道德讲堂", "2021-05-06", "讲堂"]])
    with zipfile.ZipFile(path, "a") as book:
        for i in range(20_000):
            book.writestr(f"xl/media/p{i}.bin", b"")


def _bomb(root: Path, member: str, head: bytes, unit: bytes, size: int, tail: bytes) -> None:
    """A workbook whose ``member`` inflates to ``size`` bytes of ``unit`` repeated."""
    path = _book(root, [["B-1", "hq", "道德讲堂", "2021-05-06", "讲堂"]])
    members = _members(path, {member: b""})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in members:
            if name != member:
                out.writestr(name, data)
                continue
            with out.open(name, "w") as handle:
                handle.write(head)
                chunk = unit * (1_048_576 // len(unit))
                for _ in range(size // len(chunk)):
                    handle.write(chunk)
                handle.write(tail)


@register("zip bomb: sheet XML inflating to 1.15 GB", Expect(BOOK, "far larger inside"),
          heavy=True)
def _sheet_bomb(root: Path) -> None:
    _bomb(root, "xl/worksheets/sheet1.xml",
          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b"<sheetData>", b'<row><c t="inlineStr"><is><t>bomb</t></is></c></row>',
          1_150_000_000, b"</sheetData></worksheet>")


@register("zip bomb: one shared string of 1.1 GB", Expect(BOOK, "far larger inside"),
          heavy=True)
def _string_bomb(root: Path) -> None:
    _bomb(root, STRINGS,
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
          b'uniqueCount="1"><si><t>', b"a", 1_100_000_000, b"</t></si></sst>")


@register("zip member that inflates past its declared size",
          Expect(BOOK, "not a readable .xlsx workbook"), heavy=True)
def _lying_size(root: Path) -> None:
    """The directory says 1 MB; the data inflates to 600 MB (zipfile stops at the 1 MB)."""
    _bomb(root, STRINGS,
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
          b'uniqueCount="1"><si><t>', b"a", 600_000_000, b"</t></si></sst>")
    path = root / BOOK
    data = bytearray(path.read_bytes())
    name = b"xl/sharedStrings.xml"
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:  # central directory entries
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == name:
            data[at + 24:at + 28] = (1_000_000).to_bytes(4, "little")  # uncompressed size
        at += 4
    path.write_bytes(bytes(data))


# -- folder-level cases from other modules -------------------------------------------------------

def _merge(module_name: str) -> None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return
    found = getattr(module, "CASES", ())
    for case in found.values() if isinstance(found, dict) else found:
        CASES.setdefault(case.name, case)


# -- crafted workbooks (issue 27): the native reader runs in a limited child process -------------

def _crafted(build: Callable[[Path], Path], name: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        write_valid_dataset(root)
        build(root / "evidence" / name)
    return make


def _register_workbooks() -> None:
    from tests.hostile import crafted

    for name, build, where, words in [
        ("loop.xls", crafted.looping_xls, "evidence/loop.xls", "cannot be read safely"),
        ("far.xlsb", crafted.far_cell_xlsb, "evidence/far.xlsb[台账]", "cannot be read safely"),
        ("far.ods", crafted.far_cell_ods, "evidence/far.ods[台账]", "the sheet's last cell"),
    ]:  # the web page saved as .xls: tests/hostile/test_workbooks.py (serve words it its way)
        register(f"crafted workbook {name}", Expect(where, words))(_crafted(build, name))


_register_workbooks()
_merge("tests.hostile.folder_cases")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.hostile.corpus OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    summary = {}
    for number, case in enumerate(CASES.values(), start=1):
        folder = out / f"{number:02d}" / "data"
        folder.parent.mkdir(parents=True, exist_ok=True)
        case.build(folder)
        summary[f"{number:02d}"] = {
            "case": case.name, "records": case.records,
            "expect": [vars(e) | {"value": repr(e.value)} for e in case.expect]}
    (out / "cases.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2),
                                    encoding="utf-8")
    print(f"{len(CASES)} cases written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
