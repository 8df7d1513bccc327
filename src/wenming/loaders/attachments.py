"""Attachment cells: paths kept with a record, resolved inside the dataset folder and hashed.

A path is resolved the way the operating system will open it (links followed), and
what lands outside the dataset folder is refused: a ledger must not make wenming
read and fingerprint a system file. Each attachment's own errors (a name too long
for the file system, a NUL byte, no permission) become an issue of its cell.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Final

from wenming.loaders.cells import CONTROL_EXPECTED, CONTROL_MESSAGE, CellError, visible
from wenming.model import Attachment

__all__ = ["AttachmentReader"]

_HEX64: Final = re.compile(r"[0-9a-fA-F]{64}")
_HEXISH: Final = re.compile(r"[0-9a-fA-F]{6,}")
_ABSOLUTE: Final = re.compile(r"^(?:/|[A-Za-z]:|\\\\)")
_SEPARATORS: Final = ";；"
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_OUTSIDE: Final = ("attachment path leaves the dataset folder / 附件路径超出了数据集文件夹",
                   "a path inside the dataset folder")


class AttachmentReader:
    """Reads one ledger cell of attachments; each file is hashed once per load."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root: Path | None = None
        self._hashes: dict[str, str | CellError | None] = {}

    def read(
        self, raw: object, errors: list[tuple[int, CellError, object]], column: int,
    ) -> tuple[Attachment, ...]:
        entries: list[tuple[str, str | None]] = []
        if isinstance(raw, list):  # JSON: strings or {"path": ..., "sha256": ...}
            for item in raw:
                if isinstance(item, dict) and isinstance(item.get("path"), str) and \
                        isinstance(item.get("sha256"), str | None) and \
                        set(item) <= {"path", "sha256"}:
                    entries.append((item["path"].strip(), item.get("sha256")))
                elif isinstance(item, str) and item.strip():
                    entries.append(_split_hash(item.strip()))
                else:
                    errors.append((column, CellError(
                        "expected an attachment path / 应为附件路径",
                        'a path string or {"path": "…", "sha256": "…"}', item), raw))
        elif isinstance(raw, str):
            text = raw
            for sep in _SEPARATORS[1:]:
                text = text.replace(sep, _SEPARATORS[0])
            entries = [_split_hash(part.strip()) for part in
                       text.split(_SEPARATORS[0]) if part.strip()]
        else:
            errors.append((column, CellError(
                "expected attachment paths / 应为附件路径",
                "paths separated by ; each optionally followed by #sha256", raw), raw))
        out: list[Attachment] = []
        for path, given in entries:
            try:
                out.append(self._attachment(path, given))
            except CellError as exc:
                errors.append((column, exc, raw))
        return tuple(out)

    def _attachment(self, path: str, given: str | None) -> Attachment:
        entry = path if given is None else f"{path}#{given}"
        if given is not None and not _HEX64.fullmatch(given):
            raise CellError("attachment hash is not a SHA-256 / 附件哈希不是SHA-256",
                            "64 hexadecimal digits after #", entry)
        given = given.lower() if given else None
        if _CONTROL.search(path):
            raise CellError(CONTROL_MESSAGE, CONTROL_EXPECTED, visible(entry))
        relative = path.replace("\\", "/")
        if _ABSOLUTE.match(path) or _ABSOLUTE.match(relative):
            raise CellError("attachment path must be relative to the dataset folder / "
                            "附件路径应相对于数据集文件夹", "a path such as files/会议纪要.pdf",
                            entry)
        relative = posixpath.normpath(relative)
        if relative == ".." or relative.startswith("../"):
            raise CellError(*_OUTSIDE, entry)
        if relative in self._hashes:
            actual = self._hashes[relative]
        else:
            actual = self._hashes[relative] = self._hash(relative)
        if isinstance(actual, CellError):
            raise CellError(actual.message, actual.expected, entry)
        if actual is None:  # not kept beside the ledgers (e.g. on paper); nothing to verify
            return Attachment(relative, given)
        if given is not None and given != actual:
            raise CellError("attachment does not match its SHA-256 / 附件内容与登记的SHA-256不符",
                            f"a file whose SHA-256 is {given}; the file's SHA-256 is {actual} "
                            "(the file changed, or the hash is wrong)", entry)
        return Attachment(relative, actual)

    def _hash(self, relative: str) -> str | CellError | None:
        try:
            if self._real_root is None:
                self._real_root = self.root.resolve()
            file = (self.root / relative).resolve()
            if not file.is_relative_to(self._real_root):
                return CellError(_OUTSIDE[0] + f" (a link to {file})", _OUTSIDE[1])
            if not file.exists():
                return None
            if not file.is_file():
                return CellError("attachment is not a file / 附件不是文件", "a path to a file")
            with open(file, "rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
        except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: a link loop (3.11)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return CellError(f"cannot read the attachment / 无法读取附件: {reason}",
                             "a readable file with a name of at most 255 bytes")


def _split_hash(entry: str) -> tuple[str, str | None]:
    # A "#" starts a hash only when hex digits follow; otherwise it is part of the name.
    path, sep, tail = entry.rpartition("#")
    if sep and _HEXISH.fullmatch(tail.strip()):
        return path.strip(), tail.strip()
    return entry, None
