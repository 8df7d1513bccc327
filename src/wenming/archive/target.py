"""Where the archive is: a strict reading of ``--db``, and checks on a SQLite file before use.

A ``--db`` value with a typo must never fall through to "a file of that
name": ``postgresql:/host/db`` would then record into a new local file
instead of the shared database, and print the password as part of a path.
So anything with a scheme-like prefix is a URL and has to parse as one
(SQLAlchemy's :func:`~sqlalchemy.engine.make_url`); only what has none is a
file path. The password is never shown: not in messages, not in errors, not
in what a report prints as the archive's place.

A SQLite file is checked before SQLAlchemy opens it, so that a CSV, a
workbook or a damaged archive is refused with its name instead of being
written to (SQLite would happily turn an empty file into a database).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Final
from urllib.parse import quote

import sqlalchemy as sa

from wenming.errors import WenmingError

__all__ = ["ARCHIVE_QUICK_CHECK_BYTES", "ArchiveError", "check_sqlite_file", "create_sqlite_file",
           "mask", "parse_url", "shown"]

#: SQLite files up to this size get ``PRAGMA quick_check`` on every open (about 0.2 s per
#: 150 MB on the reference machine); a larger one only has its header and schema checked.
ARCHIVE_QUICK_CHECK_BYTES: Final = 1_073_741_824

_HEADER = b"SQLite format 3\x00"
_MASK = "***"
# What a URL starts with: a scheme-like word and a colon ("postgresql:", "postgre sql:",
# "user:password@host"). A Windows drive ("C:\\") is a path.
_SCHEME_COLON = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.\- _]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_KNOWN = re.compile(r"^(?:sqlite|postgres(?:ql)?)(?:\+\w+)?$", re.IGNORECASE)
# A database name with its slashes but without the colon ("postgresql//host/db").
_SCHEME_NO_COLON = re.compile(
    r"^\s*(?:sqlite|postgres(?:ql)?|psql|pg|mysql|mariadb|oracle|mssql)(?:\+\w+)?/{2}",
    re.IGNORECASE)
# A password parameter hides everything after it: an unencoded & in the password would
# otherwise start a "parameter" made of the password's tail.
_SECRET_PARAM = re.compile(r"(?i)((?:^|[?&;\s])(?:password|passwd|pwd|sslpassword|passfile)=)"
                           r".*", re.DOTALL)
_SECRET_KEYS = frozenset({"password", "passwd", "pwd", "sslpassword", "passfile"})
_MANY_AT = ("it holds more than one '@': write an '@' inside the user name or password as %40 "
            "/ 用户名或密码中的 @ 须写作 %40")
_HELP = ("expected a file path, sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DB / "
         "应为文件路径、sqlite:///文件 或 postgresql://用户:密码@主机:端口/库")


class ArchiveError(WenmingError):
    """The archive cannot be opened or read as asked (exit status 2 on the command line)."""


def mask(text: str) -> str:
    """``text`` (a URL, parsed or not) with everything that may be a password as ``***``.

    Masks between the first colon after the user name and the last ``@`` (an
    unencoded ``@`` in a password is masked whole), a ``host:word`` that may be a
    password given without a host, and password parameters of the query.
    """
    found = re.match(r"^[^:/@?]*(?::/+|/{2}|:(?=[^@]*$))", text)
    head = found.group(0) if found else ""
    rest = text[len(head):]
    if "@" in rest:
        credentials, _, tail = rest.rpartition("@")
        if ":" in credentials:
            credentials = f"{credentials.split(':', 1)[0]}:{_MASK}"
        rest = f"{credentials}@{tail}"
    else:
        authority, slash, tail = rest.partition("/")
        if ":" in authority:
            rest = f"{authority.split(':', 1)[0]}:{_MASK}{slash}{tail}"
    return head + _SECRET_PARAM.sub(rf"\g<1>{_MASK}", rest)


def shown(url: sa.URL) -> str:
    """``url`` for messages: a SQLite file's path, else the URL with no password in it."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    if any(key.lower() in _SECRET_KEYS for key in url.query):
        # The whole query is hidden: the password's tail may have become a parameter.
        return url.set(query={}).render_as_string(hide_password=True) + f"?password={_MASK}"
    return url.render_as_string(hide_password=True)


def looks_like_url(value: str) -> bool:
    """Whether ``value`` has a scheme-like prefix (and so must parse as a URL)."""
    return ("://" in value or bool(_SCHEME_COLON.match(value) and not _DRIVE.match(value))
            or bool(_SCHEME_NO_COLON.match(value)))


def parse_url(value: str) -> sa.URL:
    """``value`` as a database URL, strictly; :class:`ArchiveError` naming what is wrong."""
    problem = _malformed(value)
    if problem is None:
        try:
            url = sa.make_url(value)
        except sa.exc.ArgumentError:
            problem = "it does not parse as a database URL / 无法解析为数据库地址"
        except ValueError:  # int(port)
            problem = "the port is not a number / 端口不是数字"
        else:
            problem = _odd(url)
            if problem is None:
                return url
    raise ArchiveError(f"--db {mask(value)!r} is not a usable database URL: {problem}; {_HELP}")


def _malformed(value: str) -> str | None:
    text = value.strip()
    if text.count("@") > 1:
        # make_url ends the password at the first @, and the rest of the password becomes
        # the host, or a query that hides it: shown in messages, or connected to.
        return _MANY_AT
    scheme = re.match(r"^([^:/]*)", text)
    name = scheme.group(1) if scheme else ""
    if _SCHEME_NO_COLON.match(text):
        return (f"a colon is missing after {name!r} (write {name}://…) / "
                f"{name} 后缺少冒号")
    if re.search(r"\s", name):
        return f"the scheme {name!r} holds a space / 协议名中有空格"
    if text.startswith(f"{name}:") and not text.startswith(f"{name}://"):
        if not _KNOWN.match(name):
            return (f"it starts with {name + ':'!r}, which is no database scheme; write "
                    "./NAME for a file whose name has a colon / 不是数据库协议")
        return (f"{name!r} must be followed by two slashes (write {name}://…) / "
                f"{name}: 后应为两个斜杠")
    return None


def _odd(url: sa.URL) -> str | None:
    """What make_url accepted but cannot be meant."""
    for part in (url.host or "", url.username or ""):
        if "@" in part:
            return _MANY_AT
    if url.port is not None and not 0 < url.port < 65536:
        return "the port is not between 1 and 65535 / 端口应在 1 到 65535 之间"
    return None


def scrub(message: str, url: sa.URL) -> str:
    """``message`` (a driver's) with the password of ``url`` masked, wherever it appears."""
    secret = url.password
    if isinstance(secret, str) and secret:
        message = message.replace(secret, _MASK)
        message = message.replace(quote(secret, safe=""), _MASK)
    return message


# -- SQLite files ----------------------------------------------------------------------------

def _what(head: bytes) -> str:
    """What a file that is not a SQLite database seems to be, for the message."""
    if head.startswith(b"PK\x03\x04"):
        return "a zip file, such as an XLSX workbook / zip 文件（如 XLSX 工作簿）"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Office file (.xls, .doc) / 旧版 Office 文件"
    if head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml")):
        return "a web page or XML file / 网页或 XML 文件"
    if head.startswith(b"%PDF"):
        return "a PDF file / PDF 文件"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "not a SQLite database / 不是 SQLite 数据库"
    return "a text file, such as a CSV ledger / 文本文件（如 CSV 台账）"


def check_sqlite_file(path: Path, *, init: bool) -> None:
    """Refuse ``path`` unless it is a sound SQLite file (or an empty one and ``init``).

    Reads only: a refused file is left exactly as it was.
    """
    if path.is_dir():
        raise ArchiveError(f"the archive {path} is a folder / 档案库路径是目录; give a file name")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as err:
        raise ArchiveError(f"cannot read the archive {path} / 无法读取档案库: "
                           f"{err.strerror or err}") from None
    if size == 0:
        if init:
            return
        raise ArchiveError(
            f"the archive {path} is an empty file, not an archive / 档案库文件为空，不是档案库; "
            "give --init to make it one (open_archive(..., init=True) in Python), or give "
            "another file name and wenming creates it")
    if not head.startswith(_HEADER):
        raise ArchiveError(
            f"{path} is not a wenming archive: it is {_what(head)}; it was left untouched / "
            "该文件不是档案库，未作改动. Give the archive's file, or a new file name")
    if size > ARCHIVE_QUICK_CHECK_BYTES:
        return
    sidecars = [Path(f"{path}-{end}") for end in ("wal", "shm")]
    absent = [side for side in sidecars if not side.exists()]
    problems = _quick_check(path)
    if problems:
        # SQLite made these to read a WAL-mode file; a refused file is left as it was found.
        for side in absent:
            with contextlib.suppress(OSError):
                side.unlink()
        raise ArchiveError(
            f"the archive {path} is damaged (SQLite integrity check: {problems}); it was left "
            "untouched / 档案库已损坏，未作改动. Restore it from a backup, or give a new file "
            "name to start another archive")


def _quick_check(path: Path) -> str | None:
    """SQLite's own check, on a read-only connection; the first problems, or None."""
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=60)
    except sqlite3.Error as err:
        raise ArchiveError(_cannot_open(path, str(err))) from None
    try:
        rows = connection.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.OperationalError as err:
        if "unable to open" in str(err):
            raise ArchiveError(_cannot_open(path, str(err))) from None
        return str(err)
    except sqlite3.DatabaseError as err:
        return str(err)
    finally:
        connection.close()
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found)


def _cannot_open(path: Path, reason: str) -> str:
    return (f"SQLite cannot open the archive {path} ({reason}) / 无法打开档案库. SQLite keeps "
            f"{path.name}-wal and {path.name}-shm beside the file: the file and its folder "
            f"{path.parent} must be writable by you (check its permissions, or copy the "
            "archive to a folder of yours)")


def create_sqlite_file(path: Path) -> None:
    """Make ``path`` a new, empty SQLite database unless it exists already (never replaced).

    The database is built under a temporary name and linked into place, so that
    another process opening the same new archive never sees a half-made, empty file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ArchiveError(f"cannot create the archive folder / 无法创建档案库目录 "
                           f"{path.parent}: {err.strerror or err}") from None
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
    try:
        connection = sqlite3.connect(temporary)
        try:
            # Writing any header makes it a database; WAL is what the archive runs in.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA user_version=1")
        finally:
            connection.close()
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(temporary, path)
    except (OSError, sqlite3.Error) as err:
        raise ArchiveError(_cannot_open(path, str(err))) from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
