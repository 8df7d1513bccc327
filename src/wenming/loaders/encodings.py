"""Which encoding a CSV file is in: UTF-8 or GB18030, decided once, never mixed.

CSV files are UTF-8 or GB18030 (which contains GBK and GB2312: what Excel's
"CSV" writes on Chinese Windows). The encoding is decided by the first line
holding a non-ASCII byte, and the whole file is then decoded strictly in it:

* that line is not valid UTF-8 → GB18030 (a note says so);
* it is valid UTF-8 and reads as Chinese text → UTF-8. Almost any UTF-8 Chinese
  text is *also* valid GB18030, as mojibake of rare characters (党史 →
  鍏氬彶), so "decodes as GB18030" alone says nothing;
* it is valid in both, its UTF-8 reading holds letters no Chinese ledger is
  written in (学习 in GBK reads ѧϰ in UTF-8) and its GB18030 reading is common
  Chinese → GB18030, and a warning shows both readings so that a person can
  check the decision (``validate`` lists it);
* while a GB18030 file is read, a line that is valid UTF-8 Chinese is refused
  at that line: a UTF-8 line appended to a GBK file would otherwise be read as
  mojibake whenever its Chinese runs have an even number of bytes. A line that
  does not decode in the chosen encoding is refused too.

GBK bytes that happen to form UTF-8 inside an otherwise UTF-8 file are not
looked for line by line (that would cost every UTF-8 ledger a scan of every
character); a whole file in GBK is caught by the first line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Final

from attrs import frozen

from wenming.errors import DataIssue
from wenming.loaders.limits import MAX_CSV_LINE_CHARS

__all__ = ["GB18030", "UTF8", "Choice", "choose_encoding", "csv_encoding", "mixed_line",
           "not_gb18030", "not_utf8"]

UTF8: Final = "utf-8-sig"  # drops the BOM Excel writes with "CSV UTF-8"
GB18030: Final = "gb18030"
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
_UTF8_BOM: Final = codecs.BOM_UTF8
# What a Chinese ledger is written in beside ASCII: CJK ideographs, kana, CJK and
# full-width punctuation, general punctuation, ¥ § ° ± · × ÷, circled numbers, shapes.
_CHINESE_TEXT: Final = re.compile(
    "[\u00a5\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u206f\u2100-\u21ff\u2460-\u26ff"
    "\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_SAMPLE_CHARS: Final = 60
_LATIN_WORD: Final = re.compile("[A-Za-z][\u00c0-\u024f]|[\u00c0-\u024f][A-Za-z]")


@frozen
class Choice:
    """The encoding of a file, and both readings of the line that decided it if in doubt."""

    encoding: str
    #: (line number, UTF-8 reading, GB18030 reading) when both were valid
    doubt: tuple[int, str, str] | None = None

    def note(self, name: str) -> DataIssue | None:
        """What ``validate`` shows about the decision."""
        if self.doubt is not None:
            line, utf8, gbk = self.doubt
            return DataIssue(
                name, f"the file decodes both as UTF-8 and as GB18030/GBK; read as GBK, whose "
                f"reading is Chinese text: GBK {gbk!r}, UTF-8 {utf8!r} / 文件可按两种编码解读，"
                "已按GBK读取", line=line, expected="CSV saved as UTF-8 (另存为 → “CSV UTF-8"
                "(逗号分隔)”) to remove the doubt")
        if self.encoding == GB18030:
            return DataIssue(name, "read as GB18030/GBK, not UTF-8 (Excel's “CSV” on Chinese "
                             "Windows) / 按GB18030（GBK）编码读取")
        return None


def csv_encoding(file: Path) -> str:
    """``utf-8-sig`` or ``gb18030`` (see :func:`choose_encoding`)."""
    return choose_encoding(file).encoding


def choose_encoding(file: Path) -> Choice:
    """The encoding of ``file``, decided by the first line with a non-ASCII byte.

    Reads up to that line only (a whole file only when it is all ASCII, which
    both encodings read alike).
    """
    block_size = 1 << 20
    with open(file, "rb") as handle:
        head = handle.read(len(_UTF8_BOM))
        if head == _UTF8_BOM:
            return Choice(UTF8)
        block = head + handle.read(block_size)
        lines_before = 0
        while block:
            found = _NON_ASCII.search(block)
            if found is not None:
                start = block.rfind(b"\n", 0, found.start()) + 1
                end = block.find(b"\n", start)
                while end < 0 and len(block) - start < MAX_CSV_LINE_CHARS * 4:
                    more = handle.read(block_size)
                    if not more:
                        break
                    block += more
                    end = block.find(b"\n", start)
                line = block[start:end if end >= 0 else len(block)]
                return _decide(line, lines_before + block.count(b"\n", 0, start) + 1)
            lines_before += block.count(b"\n")
            block = handle.read(block_size)
    return Choice(UTF8)


def _decide(line: bytes, number: int) -> Choice:
    if not _decodes(line, "utf-8"):
        return Choice(GB18030 if _decodes(line, GB18030) else UTF8)
    if not _decodes(line, GB18030):
        return Choice(UTF8)
    utf8 = line.decode("utf-8", "replace")
    gbk = line.decode(GB18030, "replace")
    if _chinese(utf8) or _latin_words(utf8) or not _common_chinese(gbk):
        return Choice(UTF8)
    return Choice(GB18030, (number, _sample(utf8), _sample(gbk)))


def _chinese(text: str) -> bool:
    """Every non-ASCII character of ``text`` is one a Chinese ledger is written in."""
    rest = [c for c in text if c >= "\x80"]
    return len(_CHINESE_TEXT.findall(text)) == len(rest)


def _latin_words(text: str) -> bool:
    """A letter beyond ASCII next to an ASCII letter (José, Müller): a Latin-script word.

    GBK read as UTF-8 gives runs of such letters on their own (学习 → ѧϰ); but UTF-8
    é or ü read as GBK gives common characters (茅, 眉), so the GBK reading alone
    cannot tell a name with an accent from Chinese text.
    """
    return _LATIN_WORD.search(text) is not None


def _common_chinese(text: str) -> bool:
    """Most of ``text``'s non-ASCII characters are GB2312's common characters or symbols.

    UTF-8 read as GBK gives rare characters outside GB2312 (鍏氬彶瀛︿範); real GBK
    text is mostly the 3,755 common characters (GB2312 level 1) and its punctuation.
    """
    wide = [c for c in text if c >= "\x80"]
    if not wide:
        return False
    common = 0
    for char in wide:
        try:
            lead = char.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        common += 0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= 0xD7
    return common >= 0.8 * len(wide)


def _sample(text: str) -> str:
    """``text`` (a line) for a message: from a little before its first non-ASCII character."""
    first = next((i for i, c in enumerate(text) if c >= "\x80"), 0)
    start = max(0, first - 20)
    return text[start:start + _SAMPLE_CHARS].strip()


def _decodes(data: bytes, encoding: str) -> bool:
    try:  # not final: a line cut at the read limit may end inside a character
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def mixed_line(line: str) -> str | None:
    """The UTF-8 reading of ``line`` (read as GB18030) when it is really UTF-8 Chinese."""
    if line.isascii():
        return None
    raw = line.encode(GB18030)  # GB18030 maps every byte string it decodes back exactly
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _sample(utf8) if _chinese(utf8) else None


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


def not_utf8(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file)
    hint = ""
    if found is not None and _decodes(found[2], GB18030):
        # UTF-8 was chosen from an earlier line, so this one cannot be read as GB18030
        hint = (" (this line looks like GBK/GB18030 but earlier lines are UTF-8: the file "
                "mixes two encodings)")
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is not UTF-8 text / 文件不是UTF-8编码" + hint, line=line,
                     value=value,
                     expected="CSV saved as UTF-8 — in Excel: 另存为 → “CSV UTF-8(逗号分隔)”")


def not_gb18030(file: Path, name: str) -> DataIssue:
    found = _first_bad_byte(file, GB18030)
    if found is not None and _decodes(found[2], "utf-8"):
        return mixed(name, found[0], _sample(found[2].decode("utf-8", "replace")))
    line, value = (found[0], found[1]) if found is not None else (None, None)
    return DataIssue(name, "the file is neither UTF-8 nor GB18030/GBK text / "
                     "文件既不是UTF-8也不是GB18030（GBK）编码", line=line, value=value,
                     expected="a CSV file in one encoding — in Excel: 另存为 → "
                              "“CSV UTF-8(逗号分隔)”")


def mixed(name: str, line: int, reading: str) -> DataIssue:
    return DataIssue(name, "this line is UTF-8 while the lines before it are GB18030/GBK: the "
                     "file mixes two encodings / 文件混用了两种编码（此行为UTF-8）", line=line,
                     value=reading, expected="a CSV file in one encoding — in Excel: 另存为 → "
                                             "“CSV UTF-8(逗号分隔)”")
