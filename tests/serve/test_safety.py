"""Safe by default: names, sizes, zips, cross-site requests, hosts, tokens, headers, concurrency."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serve.conftest import EXAMPLE
from wenming.serve import Workspace, create_app
from wenming.serve.uploads import (
    MAX_FILE_BYTES,
    UploadRefused,
    check_ledger,
    extract_dataset,
    safe_name,
)

pytestmark = pytest.mark.anyio

HOSTILE_NAMES = ["../evil.csv", "..", "/etc/passwd.csv", "C:\\x.csv", "a/b.csv", "a\\b.csv",
                 "nul\x00.csv", "CON.csv", "con", "lpt1.xlsx", "Aux.jsonl", ".hidden.csv",
                 "~$lock.xlsx", "trailing.csv.", "space.csv ", "", "\u202eevil.csv",
                 "x" * 300 + ".csv", "a|b.csv"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_upload_names_are_refused(name: str) -> None:
    with pytest.raises(UploadRefused) as caught:
        safe_name(name)
    assert caught.value.status == 400
    assert caught.value.issues[0].field == "filename"
    assert isinstance(caught.value, ValueError)  # a typed error that subclasses a built-in


def test_plain_names_pass() -> None:
    assert safe_name("2021-台账.xlsx") == "2021-台账.xlsx"
    assert safe_name("evidence/2021.csv", folder_parts=True) == "evidence/2021.csv"


def test_ledger_checks_before_parsing() -> None:
    assert check_ledger("a.txt", b"x")[0].message.startswith("unsupported")
    assert "content" in check_ledger("a.xlsx", b"not a zip")[0].message
    assert "too large" in check_ledger("a.csv", b"x" * (MAX_FILE_BYTES + 1))[0].message
    assert check_ledger("a.csv", b"id\n") == []


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("campaign.toml", "")
        archive.writestr("evidence/big.csv", b"0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    with pytest.raises(UploadRefused) as caught:
        extract_dataset(_bomb(), str(tmp_path))
    assert "inflates" in caught.value.issues[0].message
    assert not any(tmp_path.iterdir())  # nothing was unpacked


@pytest.mark.parametrize("member", ["../outside.csv", "/abs.csv", "evidence/../../x.csv",
                                    "evidence/con.csv", "evidence/a\x00.csv"])
def test_zip_members_cannot_leave_the_folder(tmp_path: Path, member: str) -> None:
    buffer = io.BytesIO()
    stand_in = member.replace("\x00", "#")  # zipfile cuts names at NUL when writing
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("campaign.toml", "")
        archive.writestr(zipfile.ZipInfo(stand_in), b"x")
    data = buffer.getvalue().replace(stand_in.encode(), member.encode())
    target = tmp_path / "t"
    target.mkdir()
    with pytest.raises(UploadRefused) as caught:
        extract_dataset(data, str(target))
    assert caught.value.status == 400
    assert not any(target.iterdir()) and not (tmp_path / "outside.csv").exists()


def test_zip_links_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("evidence/link.csv")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(UploadRefused):
        extract_dataset(buffer.getvalue(), str(tmp_path))


async def test_bomb_over_http_is_4xx(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/score", content=_bomb(),
                               headers={"content-type": "application/zip"})
    assert answer.status_code == 413
    assert answer.json()["ok"] is False


async def test_body_too_large_is_413(client: httpx.AsyncClient, monkeypatch: Any) -> None:
    from wenming.serve.uploads import MAX_REQUEST_BYTES

    body = b"0" * (MAX_REQUEST_BYTES + 1)
    answer = await client.post("/api/score", content=body,
                               headers={"content-type": "application/zip"})
    assert answer.status_code == 413


async def test_refused_upload_lists_every_problem_and_changes_nothing(
        client: httpx.AsyncClient, workspace: Path) -> None:
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    bad = ("编号,单位,类别,日期,标题\n"
           "Z-1,nowhere,道德讲堂,2021-05-06,讲堂\n"
           "Z-2,hq,道德讲堂,2021-13-45,讲堂\n").encode()
    answer = await client.post("/api/ledgers", files=[
        ("files", ("bad.csv", bad, "text/csv")),
        ("files", ("../escape.csv", b"x", "text/csv")),
        ("files", ("notes.txt", b"x", "text/plain"))])
    assert answer.status_code == 422
    found = answer.json()["problems"]
    assert any(p["where"] == "../escape.csv" and p["field"] == "filename" for p in found)
    assert any(p["where"] == "evidence/notes.txt" for p in found)
    located = [p for p in found if p["where"] == "evidence/bad.csv"]
    assert {p["line"] for p in located} >= {2, 3}, found
    assert any(p["value"] == "nowhere" for p in located)
    after = {p: p.read_bytes() for p in workspace.rglob("*")
             if p.is_file() and ".wenming" not in p.parts}
    assert after == before
    assert not list((workspace / ".wenming").glob("stage-*"))
    page = await client.post("/ledgers/upload", files=[("files", ("bad.csv", bad, "text/csv"))])
    assert page.status_code == 422 and "nowhere" in page.text and "<table" in page.text


async def test_cross_site_posts_are_refused(client: httpx.AsyncClient) -> None:
    body = {"files": ("a.csv", b"x", "text/csv")}
    for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
                    {"origin": "http://evil.example"}):
        answer = await client.post("/api/ledgers", files=body, headers=headers)
        assert answer.status_code == 403, headers
        assert answer.json()["problems"][0]["field"] in ("Sec-Fetch-Site", "Origin")
    same = await client.post("/ledgers/upload", headers={
        "sec-fetch-site": "same-origin", "origin": "http://127.0.0.1"},
        files=[("files", ("派出局活动.csv",
                          (EXAMPLE / "evidence" / "派出局活动.csv").read_bytes(), "text/csv"))])
    assert same.status_code == 303


async def test_unknown_host_is_refused(app: Any) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://evil.example") as http:
        answer = await http.get("/api")
    assert answer.status_code == 400
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8765") as http:
        assert (await http.get("/api/rubrics")).status_code == 200


async def test_security_headers_on_every_answer(client: httpx.AsyncClient) -> None:
    for path in ("/", "/api", "/nope", "/api/nope", "/openapi.json"):
        answer = await client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'none'" in policy and "default-src 'none'" in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
    page = await client.get("/scorecards")
    assert "<script" not in page.text.lower()


async def test_token_mode(workspace: Path, plugin_host: Any) -> None:
    app = create_app(Workspace(workspace, plugin_host), token="s3cret")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        assert (await http.get("/api")).status_code == 401
        assert (await http.get("/")).status_code == 401
        assert (await http.get("/api/endpoints")).status_code == 200  # public
        assert (await http.get("/login", params={"token": "wrong"})).status_code == 401
        ok = await http.get("/api", headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        login = await http.get("/login", params={"token": "s3cret"})
        assert login.status_code in (302, 303)
        cookie = login.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "s3cret" not in cookie
        assert (await http.get("/api")).status_code == 200  # the session cookie now


def test_authorize_is_default_deny() -> None:
    from wenming.serve.access import Actor, authorize

    owner = Actor("local", ("owner",))
    assert authorize(owner, "view") and authorize(owner, "upload")
    assert not authorize(owner, "no-such-action")
    assert not authorize(None, "view") and authorize(None, "public")
    assert not authorize(Actor("guest"), "view")


def test_every_route_names_an_access_rule(app: Any) -> None:
    from wenming.serve.access import ACTIONS

    litestar_app = app.app
    for route in litestar_app.routes:
        for method, handler in route.route_handler_map.items():
            if method in ("OPTIONS", "HEAD"):
                continue
            handler = handler[0] if isinstance(handler, tuple) else handler
            assert handler.opt.get("action") in ACTIONS, (route.path, method)


async def test_concurrent_uploads_both_land_in_order(client: httpx.AsyncClient,
                                                     workspace: Path) -> None:
    base = (EXAMPLE / "evidence" / "经费支出.csv").read_bytes()
    first = base.replace(b"\r\n", b"\n")
    second = first + b"\n"

    async def send(data: bytes, name: str) -> httpx.Response:
        return await client.post("/api/ledgers", files=[("files", (name, data, "text/csv"))])

    answers = await asyncio.gather(send(first, "经费支出.csv"), send(second, "经费支出.csv"),
                                   send(base, "副本.csv"))
    assert [a.status_code for a in answers[:2]] == [201, 201]
    log = (await client.get("/api/ledgers")).json()["versions"]
    seqs = [v["seq"] for v in log]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)
    mine = [v for v in log if v["name"] == "经费支出.csv"]
    # the original, then both uploads: nothing lost, each a version of its own
    assert len(mine) == 3
    current = (workspace / "evidence" / "经费支出.csv").read_bytes()
    newest = mine[0]
    import hashlib

    assert hashlib.sha256(current).hexdigest() == newest["sha256"] and newest["current"]
    assert answers[2].status_code == 422  # a copy of a ledger repeats its ids: refused


def test_upload_suffixes_are_the_loaders() -> None:
    # One list decides what a ledger is: the web upload refuses a suffix exactly
    # when the dataset loader would (.xlsb included).
    from wenming.loaders.ledger_file import LEDGER_SUFFIXES as loader_suffixes
    from wenming.serve.uploads import LEDGER_SUFFIXES, check_ledger

    assert set(LEDGER_SUFFIXES) == set(loader_suffixes)
    assert ".xlsb" in LEDGER_SUFFIXES
    problems = check_ledger("台账.xlsb", b"not a zip at all")
    assert [p.message for p in problems] == [
        "content is not the format its extension names / 文件内容与扩展名不符"]
    assert check_ledger("台账.docx", b"PK\x03\x04")[0].value == ".docx"
