"""Crafted workbooks that once took the process down, built from the committed fixtures.

Each builder patches a few bytes of a small, valid ledger (tests/loaders/fixtures),
so the file is legal up to the one thing that is hostile:

* :func:`looping_xls` — the 5.6 KB .xls whose Workbook stream's sector chain loops
  back to its first sector while the directory claims a 4 GB stream: the reader
  follows the loop, allocating, until it aborts (4.2 GB and 15 s without limits);
* :func:`far_cell_xlsb` — the .xlsb whose last cell moves to ``XFD1048576``: the
  reader asks for 550 GB for the sheet's grid and aborts;
* :func:`far_cell_ods` — a legal .ods with one value a million rows down and
  16,000 columns right: the reader refuses it without naming sheet or cell;
* :func:`web_page_xls` — an HTML table saved as .xls, as web systems export.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "loaders" / "fixtures"

_SECTOR = 512
_END_OF_CHAIN = 0xFFFFFFFE


def looping_xls(target: Path) -> Path:
    data = bytearray((FIXTURES / "ledger.xls").read_bytes())
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert struct.unpack_from("<H", data, 30)[0] == 9  # 512-byte sectors
    fat_sector = struct.unpack_from("<I", data, 76)[0]  # the first DIFAT entry
    directory = struct.unpack_from("<I", data, 48)[0]
    entry = 512 + directory * _SECTOR + 128  # entry 1: the Workbook stream
    assert data[entry:entry + 16].decode("utf-16le") == "Workbook"
    start = struct.unpack_from("<I", data, entry + 116)[0]

    def fat(sector: int) -> int:
        return 512 + fat_sector * _SECTOR + 4 * sector

    last = start
    while struct.unpack_from("<I", data, fat(last))[0] != _END_OF_CHAIN:
        last = struct.unpack_from("<I", data, fat(last))[0]
    struct.pack_into("<I", data, fat(last), start)  # the chain's end leads back to its start
    struct.pack_into("<I", data, entry + 120, 0xFFFFFFF0)  # and the stream claims 4 GB
    target.write_bytes(bytes(data))
    return target


def _records(data: bytes) -> Iterator[tuple[int, int]]:
    """(record type, payload offset) of each BIFF12 record of an .xlsb part."""
    at = 0
    while at < len(data):
        kind = data[at]
        at += 1
        if kind & 0x80:
            kind = (kind & 0x7F) | ((data[at] & 0x7F) << 7)
            at += 1
        size = shift = 0
        for _ in range(4):
            byte = data[at]
            at += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield kind, at
        at += size


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, replace.get(info.filename, old.read(info.filename)))
    target.write_bytes(out.getvalue())
    return target


def far_cell_xlsb(target: Path) -> Path:
    source = FIXTURES / "ledger.xlsb"
    with zipfile.ZipFile(source) as book:
        sheet = bytearray(book.read("xl/worksheets/sheet1.bin"))
    records = list(_records(bytes(sheet)))
    last_row = [at for kind, at in records if kind == 0][-1]  # BrtRowHdr
    last_cell = [at for kind, at in records if 1 <= kind <= 7][-1]  # BrtCell*
    struct.pack_into("<I", sheet, last_row, 1_048_575)  # row 1048576 ...
    struct.pack_into("<I", sheet, last_cell, 16_383)  # ... column XFD
    return _rezip(source, target, {"xl/worksheets/sheet1.bin": bytes(sheet)})


def far_cell_ods(target: Path) -> Path:
    source = FIXTURES / "ledger.ods"
    with zipfile.ZipFile(source) as book:
        content = book.read("content.xml").decode("utf-8")
    far = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
           '</table:table-row><table:table-row>'
           '<table:table-cell table:number-columns-repeated="16000"/>'
           '<table:table-cell office:value-type="string"><text:p>远</text:p></table:table-cell>'
           '</table:table-row>')
    end = content.index("</table:table>")  # the first sheet, 台账
    return _rezip(source, target, {"content.xml": (content[:end] + far + content[end:])
                                   .encode("utf-8")})


def web_page_xls(target: Path) -> Path:
    target.write_text("<html><head><meta charset='utf-8'></head><body><table>"
                      "<tr><td>编号</td><td>单位</td></tr><tr><td>E-1</td><td>hq</td></tr>"
                      "</table></body></html>", "utf-8")
    return target
