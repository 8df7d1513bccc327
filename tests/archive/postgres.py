"""A PostgreSQL server for the archive tests: ``WENMING_TEST_POSTGRES_URL``, or a throwaway one.

When the variable is not set, a server is started from the installed
``initdb``/``pg_ctl`` (Debian keeps them in ``/usr/lib/postgresql/*/bin``) in
a temporary folder, listening on 127.0.0.1 with trust authentication, and
stopped when the tests end. As root it runs as the ``postgres`` user, since
PostgreSQL refuses to run as root. :func:`start` says why when it cannot.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_ENV = "WENMING_TEST_POSTGRES_URL"


class Unavailable(Exception):
    """No server can be had here; the message says why."""


def _binaries() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if not candidates:
        raise Unavailable(f"{URL_ENV} is not set and no PostgreSQL server binaries are "
                          "installed (pg_ctl not on PATH nor in /usr/lib/postgresql/*/bin); "
                          "install the postgresql package or run .ci/postgres.sh")
    return Path(candidates[0]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server in a temporary folder; yield its URL; stop and remove it."""
    bin_dir = _binaries()
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        raise Unavailable("running as root without runuser: cannot start PostgreSQL as the "
                          "postgres user")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    user = "postgres" if as_root else os.environ.get("USER") or "postgres"
    root = Path(tempfile.mkdtemp(prefix="wenming-pg-"))
    data = root / "data"
    if as_root:
        shutil.chown(root, "postgres")
    port = _free_port()
    started = False
    try:
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", user,
                        "-A", "trust", "-E", "UTF8", "--no-sync"], check=True,
                       capture_output=True, timeout=120)
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                        "-l", str(root / "log"), "-o",
                        f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off "
                        "-c full_page_writes=off -c synchronous_commit=off",
                        "start"], check=True, capture_output=True, timeout=90)
        started = True
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as err:
        if started:
            raise
        detail = getattr(err, "stderr", b"") or b""
        raise Unavailable(f"could not start a throwaway PostgreSQL server: {err} "
                          f"{detail.decode(errors='replace').strip()[-300:]}") from err
    finally:
        if started:
            subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                            "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def wait_for(url: str, seconds: float = 30) -> None:
    import sqlalchemy as sa

    from wenming.archive.db import archive_url

    engine = sa.create_engine(archive_url(url))
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                with engine.connect():
                    return
            except sa.exc.OperationalError as err:
                if time.monotonic() > deadline:
                    raise Unavailable(f"PostgreSQL at {url} does not answer: {err}") from err
                time.sleep(0.3)
    finally:
        engine.dispose()
