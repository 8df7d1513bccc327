"""Every hostile case through ``load_dataset`` and through ``wenming validate``.

A case must end in its stated outcome: the located issues it names (and no
others), or acceptance with its number of records. The CLI must exit 2 with the
issues listed, never a traceback or an internal error. Zip bombs run in a
subprocess whose address space is capped at 1 GiB and whose time is capped, so
a loader that inflated them would die instead of passing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case, Expect
from wenming.cli.errors import EXIT_BAD_INPUT
from wenming.cli.main import main
from wenming.errors import DataIssue, DatasetError
from wenming.loaders import load_dataset

LIGHT = [c for c in CASES.values() if not c.heavy]
HEAVY = [c for c in CASES.values() if c.heavy]
MEMORY_CAP = 1 << 30
TIME_CAP = 60


def _supported(case: Case) -> bool:
    return all(hasattr(os, {"symlink": "symlink", "fifo": "mkfifo"}[n]) for n in case.needs)


def _matches(issue: DataIssue, expect: Expect) -> bool:
    return (issue.where == expect.where and expect.message in issue.message
            and (expect.line is None or issue.line == expect.line)
            and (expect.field is None or issue.field == expect.field)
            and (expect.value is None or issue.value == expect.value))


def _check(case: Case, issues: tuple[DataIssue, ...], text: str) -> None:
    for expect in case.expect:
        assert any(_matches(i, expect) for i in issues), f"{expect} not in:\n{text}"
    if case.only:
        assert len(issues) == len(case.expect), text


@pytest.fixture(params=LIGHT, ids=[c.name for c in LIGHT])
def built(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Case, Path]:
    case: Case = request.param
    if not _supported(case):
        pytest.skip(f"needs {', '.join(case.needs)}")
    root = tmp_path / "data"
    case.build(root)
    return case, root


def test_load_dataset(built: tuple[Case, Path]) -> None:
    case, root = built
    if not case.expect:
        assert len(load_dataset(root)) == case.records
        return
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    _check(case, caught.value.issues, str(caught.value))


def test_validate_command(built: tuple[Case, Path], capsys: pytest.CaptureFixture[str]) -> None:
    case, root = built
    with pytest.raises(SystemExit) as exited:
        main(["validate", str(root)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in out + err
    if not case.expect:
        assert exited.value.code in (0, None), err
        assert str(case.records) in out
        return
    assert exited.value.code == EXIT_BAD_INPUT, err
    for expect in case.expect:
        location = expect.where + (f":{expect.line}" if expect.line is not None else "")
        assert location in err, f"{location} not in:\n{err}"


def test_messages_are_printable(built: tuple[Case, Path]) -> None:
    """No control character of a hostile cell reaches a terminal through a message."""
    _, root = built
    try:
        load_dataset(root)
    except DatasetError as exc:
        for issue in exc.issues:
            text = str(issue)
            assert all(c.isprintable() or c in "\n\t" for c in text), repr(text)


_CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from wenming.errors import DatasetError
    from wenming.loaders import load_dataset
    try:
        load_dataset(sys.argv[1])
    except DatasetError as exc:
        print(json.dumps([[i.where, i.message, i.line, i.field] for i in exc.issues]))
    else:
        print("null")
""")


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_zip_bomb_in_bounded_memory_and_time(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "data"
    case.build(root)
    assert sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) < 20_000_000
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _CHILD.format(cap=MEMORY_CAP), str(root)],
                          capture_output=True, text=True, timeout=TIME_CAP, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found is not None, "a zip bomb was accepted"
    issues = tuple(DataIssue(where, message, line, field) for where, message, line, field in found)
    _check(case, issues, done.stdout)
