"""What an upload must be before anything parses it: its size, its name, its bytes.

Everything here runs on the raw request: names are checked before they touch
the file system, sizes and zip directories before anything inflates. A refusal
is an :class:`UploadRefused` carrying every located problem, so a clerk who
sends five files learns about all of them at once.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from io import BytesIO
from pathlib import PurePosixPath
from typing import Final

from wenming.errors import DataIssue, WenmingError
from wenming.loaders.ledger_file import LEDGER_SUFFIXES as _LOADER_SUFFIXES
from wenming.loaders.limits import (
    MAX_NAME_CHARS,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_TOTAL_BYTES,
    XLSX_RATIO_GRACE_BYTES,
)

__all__ = [
    "LEDGER_SUFFIXES",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_REQUEST_BYTES",
    "MAX_ZIP_BYTES",
    "MAX_ZIP_MEMBERS",
    "UploadRefused",
    "check_ledger",
    "check_zip_directory",
    "extract_dataset",
    "safe_name",
]

#: Bytes of one request body: read no further (HTTP 413). A bureau's ledgers for a
#: whole cycle are a few megabytes; a province's export is sent per county.
MAX_REQUEST_BYTES: Final = 64 * 1024 * 1024
#: Bytes of one uploaded ledger.
MAX_FILE_BYTES: Final = 32 * 1024 * 1024
#: Files in one upload request.
MAX_FILES: Final = 50
#: Entries in a zipped dataset folder (POST /api/score, /api/validate).
MAX_ZIP_MEMBERS: Final = MAX_XLSX_MEMBERS
#: Uncompressed bytes of a zipped dataset folder, all entries together.
MAX_ZIP_BYTES: Final = 512 * 1024 * 1024

#: What the loaders read as ledgers (see docs/dataset-format.md).
#: The loaders' own list: an upload is refused for its suffix exactly when the
#: dataset loader would refuse the same file.
LEDGER_SUFFIXES: Final = tuple(sorted(_LOADER_SUFFIXES))
_ACCEPTED = "a ledger file: " + ", ".join(LEDGER_SUFFIXES)
#: First bytes of the zip formats, checked before their zip directory is read. An .xls
#: is left to the loader, which names what a mislabelled one really is (a web page, a
#: CSV) and reads workbooks in a child process with limits.
_MAGIC: Final = {suffix: (b"PK\x03\x04",) for suffix in (".xlsx", ".xlsb", ".ods")}
#: Names Windows reserves for devices, with any extension (``con.csv`` is the console).
_RESERVED: Final = frozenset({"con", "prn", "aux", "nul", "clock$",
                              *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                              "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"})
_DRIVE = re.compile(r"^[A-Za-z]:")


class UploadRefused(WenmingError, ValueError):
    """An upload refused before or while it was checked; ``status`` is the HTTP answer."""

    def __init__(self, issues: Iterable[DataIssue], status: int = 422,
                 headline: str = "upload refused / 上传被拒绝") -> None:
        self.issues = tuple(issues)
        self.status = status
        self.headline = headline
        super().__init__(headline + "".join(f"\n  - {issue}" for issue in self.issues))


def _name_problem(name: str, *, folder_parts: bool) -> str | None:
    """Why ``name`` cannot be stored, or ``None``: each rule is one that a file system breaks."""
    if not name or not name.strip():
        return "empty file name / 文件名为空"
    if len(name) > MAX_NAME_CHARS:
        return f"file name longer than {MAX_NAME_CHARS} characters / 文件名过长"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "control or invisible character in the file name / 文件名含控制字符"
    if "\\" in name or (not folder_parts and "/" in name):
        return "a path, not a file name / 文件名不得含路径"
    if name.startswith("/") or _DRIVE.match(name):
        return "absolute path / 不得为绝对路径"
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return "path leaves its folder / 路径越出所在文件夹"
        if part.startswith((".", "~$")):
            return "hidden or lock file / 隐藏文件或锁文件"
        if part.endswith((".", " ")):
            return "name ends in a dot or space / 文件名以点或空格结尾"
        if part.split(".")[0].strip().lower() in _RESERVED:
            return "a device name reserved by Windows / Windows 保留的设备名"
        if any(c in part for c in '<>:"|?*'):
            return "character not allowed in file names / 文件名含非法字符"
    return None


def safe_name(name: str, *, where: str = "upload", folder_parts: bool = False) -> str:
    """``name`` normalised to NFC if it is a safe file name; :class:`UploadRefused` otherwise.

    ``folder_parts`` allows ``a/b.csv`` (members of a zipped folder); a single
    upload is a bare name. Nothing here looks at the file system.
    """
    normal = unicodedata.normalize("NFC", name)
    problem = _name_problem(normal, folder_parts=folder_parts)
    if problem is not None:
        raise UploadRefused([DataIssue(where, problem, field="filename", value=name,
                                       expected="a plain file name such as 2021-台账.xlsx")],
                            status=400)
    return normal


def check_ledger(name: str, data: bytes) -> list[DataIssue]:
    """Problems of one uploaded ledger that show without parsing it (empty list: none).

    Located at ``evidence/NAME``, where the loader would name the same file.
    """
    problem = _name_problem(name, folder_parts=False)
    if problem is not None:
        return [DataIssue(name, problem, field="filename", value=name,
                          expected="a plain file name such as 2021-台账.xlsx")]
    where = f"evidence/{name}"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in LEDGER_SUFFIXES:
        return [DataIssue(where, "unsupported ledger format / 不支持的台账格式", value=suffix,
                          expected=_ACCEPTED)]
    if len(data) > MAX_FILE_BYTES:
        return [DataIssue(where, "file too large / 文件过大", value=len(data),
                          expected=f"at most {MAX_FILE_BYTES} bytes")]
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        return [DataIssue(where, "content is not the format its extension names / "
                          "文件内容与扩展名不符", value=data[:8].hex(),
                          expected=f"a real {suffix} file")]
    if suffix in _MAGIC:
        return check_zip_directory(where, data, MAX_XLSX_MEMBERS, MAX_XLSX_TOTAL_BYTES)
    return []


def check_zip_directory(where: str, data: bytes, max_members: int,
                        max_total: int) -> list[DataIssue]:
    """Bound a zip by its central directory alone: entries, total size, inflation ratio.

    The directory states each member's sizes; a lying directory is caught again by
    zipfile, which stops reading a member at its stated size.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        return [DataIssue(where, "not a readable zip archive / 压缩包无法读取",
                          value=str(error), expected="a .zip (or .xlsx) file")]
    issues: list[DataIssue] = []
    if len(infos) > max_members:
        issues.append(DataIssue(where, "too many entries in the archive / 压缩包条目过多",
                                value=len(infos), expected=f"at most {max_members}"))
    total = sum(info.file_size for info in infos)
    if total > max_total:
        issues.append(DataIssue(where, "archive inflates too large / 解压后过大", value=total,
                                expected=f"at most {max_total} bytes uncompressed"))
    for info in infos:
        if info.file_size > XLSX_RATIO_GRACE_BYTES and \
                info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            issues.append(DataIssue(where, "entry inflates too much (zip bomb?) / 压缩比异常",
                                    field=info.filename,
                                    value=f"{info.compress_size} -> {info.file_size}",
                                    expected=f"at most {MAX_XLSX_RATIO} times its size"))
            break
    return issues


def extract_dataset(data: bytes, target: str) -> None:
    """Unpack a zipped dataset folder into the existing empty folder ``target``.

    Checked first as a whole (:func:`check_zip_directory`), then each member's
    name (no ``..``, absolute path, link or reserved name). A single top folder
    holding ``campaign.toml`` is stripped, so zipping the folder itself or its
    contents both work.
    """
    import os

    where = "dataset.zip"
    issues = check_zip_directory(where, data, MAX_ZIP_MEMBERS, MAX_ZIP_BYTES)
    if issues:
        raise UploadRefused(issues, status=413 if _too_big(issues) else 422)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        names: list[tuple[zipfile.ZipInfo, str]] = []
        for info in members:
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                issues.append(DataIssue(where, "links are not accepted in a zipped dataset / "
                                        "压缩包中不得含链接", field=info.filename))
                continue
            # orig_filename keeps what zipfile cuts at a NUL: a name with one is refused
            raw = unicodedata.normalize("NFC", info.orig_filename)
            problem = _name_problem(raw, folder_parts=True)
            if problem is not None:
                issues.append(DataIssue(where, problem, field="member", value=raw,
                                        expected="paths inside the dataset folder"))
                continue
            names.append((info, unicodedata.normalize("NFC", info.filename)))
        if issues:
            raise UploadRefused(issues, status=400)
        prefix = _common_top(name for _, name in names)
        for info, name in names:
            relative = name[len(prefix):] if prefix else name
            path = os.path.join(target, *relative.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with archive.open(info) as source, open(path, "xb") as sink:
                left = info.file_size
                while chunk := source.read(min(1 << 20, left + 1)):
                    left -= len(chunk)
                    if left < 0:  # a member larger than its directory entry said
                        raise UploadRefused([DataIssue(where, "entry larger than declared / "
                                                       "条目大小与声明不符", field=name)])
                    sink.write(chunk)


def _too_big(issues: Sequence[DataIssue]) -> bool:
    return any("too" in issue.message for issue in issues)


def _common_top(names: Iterable[str]) -> str:
    """``"folder/"`` when every member sits under one folder holding campaign.toml."""
    names = list(names)
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and all("/" in name for name in names):
        top = next(iter(tops))
        if f"{top}/campaign.toml" in names:
            return top + "/"
    return ""
