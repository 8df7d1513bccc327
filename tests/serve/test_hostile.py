"""The hostile corpus over HTTP: every bad dataset and ledger answers 4xx with its located
problems as JSON, never 500; nothing refused lands in the workspace."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hostile.corpus import CASES, Case
from wenming.serve import Workspace, create_app
from wenming.serve.uploads import check_ledger

pytestmark = pytest.mark.anyio

LIGHT = [c for c in CASES.values() if not c.heavy and not c.needs]
HEAVY = [c for c in CASES.values() if c.heavy]


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _located(problems: list[dict[str, Any]], case: Case) -> None:
    """Each expected problem, as the loader words it, or the file refused before parsing."""
    early = {p["field"] if p["where"] == "dataset.zip" else p["where"] for p in problems
             if "zip" in p["message"] or "archive" in p["message"]}
    for expect in case.expect:
        assert expect.where in early or any(
            p["where"] == expect.where and expect.message in p["message"]
            and (expect.line is None or p["line"] == expect.line)
            and (expect.field is None or p["field"] == expect.field)
            for p in problems), f"{expect} not in {problems}"


async def _post(app: Any, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        return await http.post(path, **kwargs)


@pytest.mark.parametrize("case", LIGHT, ids=[c.name for c in LIGHT])
async def test_hostile_dataset_zipped_to_validate(case: Case, tmp_path: Path,
                                                  plugin_host: Any) -> None:
    root = tmp_path / "data"
    case.build(root)
    empty = tmp_path / "empty"
    shutil.copytree(root, empty)  # any workspace will do: /api/validate keeps nothing
    app = create_app(Workspace(empty, plugin_host))
    answer = await _post(app, "/api/validate", content=_zip(root),
                         headers={"content-type": "application/zip"})
    assert answer.status_code != 500, answer.text
    if not case.expect:
        assert answer.status_code == 200, answer.text
        assert answer.json()["records"] == case.records
        return
    assert 400 <= answer.status_code < 500
    body = answer.json()
    assert body["ok"] is False and body["problems"]
    _located(body["problems"], case)


def _ledger_case(case: Case) -> bool:
    wheres = {e.where for e in case.expect}
    return bool(wheres) and all(w.startswith("evidence/") for w in wheres)


UPLOADS = [c for c in LIGHT if _ledger_case(c)]


@pytest.mark.parametrize("case", UPLOADS, ids=[c.name for c in UPLOADS])
async def test_hostile_ledger_upload(case: Case, tmp_path: Path, plugin_host: Any) -> None:
    root = tmp_path / "data"
    case.build(root)
    hostile = sorted({e.where for e in case.expect})
    sent = [(Path(w).name, (root / w).read_bytes()) for w in hostile
            if (root / w).is_file() and "/" not in w.removeprefix("evidence/")]
    if len(sent) != len(hostile):
        pytest.skip("the hostile file is not a ledger directly under evidence/")
    for where in hostile:
        (root / where).unlink()
    ws = Workspace(root, plugin_host)
    try:
        ws.dataset()
    except Exception:
        pytest.skip("the folder does not load without the hostile ledger")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    answer = await _post(create_app(ws), "/api/ledgers",
                         files=[("files", (name, data, "application/octet-stream"))
                                for name, data in sent])
    assert answer.status_code != 500, answer.text
    assert 400 <= answer.status_code < 500, answer.text
    _located(answer.json()["problems"], case)
    after = {p: p.read_bytes() for p in root.rglob("*")
             if p.is_file() and ".wenming" not in p.parts}
    assert after == before


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
async def test_zip_bombs_are_refused(case: Case, tmp_path: Path, plugin_host: Any) -> None:
    """Refused from the zip directory before parsing; a member lying about its size cannot
    be seen there, and the loader reads no more than the size it declares."""
    root = tmp_path / "data"
    case.build(root)
    wheres = sorted({e.where for e in case.expect})
    refused = [issue for where in wheres
               for issue in check_ledger(Path(where).name, (root / where).read_bytes())]
    if refused:
        assert {i.where for i in refused} <= set(wheres)
        return
    sent = [(Path(w).name, (root / w).read_bytes()) for w in wheres]
    for where in wheres:
        (root / where).unlink()
    answer = await _post(create_app(Workspace(root, plugin_host)), "/api/ledgers",
                         files=[("files", (n, d, "application/octet-stream")) for n, d in sent])
    assert 400 <= answer.status_code < 500, answer.text
    _located(answer.json()["problems"], case)
