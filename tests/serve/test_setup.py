"""Setup forms write the CLI's own files: a save changes only what the form changed."""

from __future__ import annotations

import difflib
from pathlib import Path

import httpx
import pytest

from tests.serve.forms import Forms
from wenming.serve.setup import edit_campaign, edit_units

pytestmark = pytest.mark.anyio
FILES = ("campaign.toml", "units.toml", "waivers.toml")


def _bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".wenming" not in p.parts}


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    return [line for line in difflib.unified_diff(before.decode().splitlines(),
                                                  after.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


async def _forms(client: httpx.AsyncClient) -> dict[str, list[tuple[str, str]]]:
    page = await client.get("/setup")
    assert page.status_code == 200
    return Forms(page.text).forms


async def test_saving_every_form_untouched_changes_no_byte(client: httpx.AsyncClient,
                                                          workspace: Path) -> None:
    before = _bytes(workspace)
    forms = await _forms(client)
    assert set(forms) == {"/setup/campaign", "/setup/units", "/setup/group", "/setup/tasks"}
    for action, fields in forms.items():
        answer = await client.post(action, data=_multi(fields))
        assert answer.status_code == 303, (action, answer.text[-2000:])
    assert _bytes(workspace) == before


def _multi(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    return data


def _with(fields: list[tuple[str, str]], **changes: str) -> dict[str, list[str]]:
    data = _multi(fields)
    for key, value in changes.items():
        data[key.replace("__", "-")] = [value]
    return data


async def test_one_change_touches_one_line(client: httpx.AsyncClient, workspace: Path) -> None:
    before = _bytes(workspace)
    forms = await _forms(client)
    answer = await client.post("/setup/campaign", data=_with(
        forms["/setup/campaign"], title_zh="岚川市生态环境局创建市级文明单位（试）"))
    assert answer.status_code == 303
    after = _bytes(workspace)
    assert {k for k in after if after[k] != before[k]} == {"campaign.toml"}
    lines = _changed_lines(before["campaign.toml"], after["campaign.toml"])
    assert len(lines) == 2 and "（试）" in lines[1] and lines[1].startswith("+title = {")
    data = (await client.get("/api/setup")).json()
    assert data["campaign"]["title"]["zh"].endswith("（试）")


async def test_add_and_delete_rows(client: httpx.AsyncClient, workspace: Path) -> None:
    forms = await _forms(client)
    tasks = _with(forms["/setup/tasks"], task__13__id="t14", task__13__title_zh="新任务",
                  task__13__title_en="A new task", task__13__owners="office",
                  task__13__kinds="moral-lecture")
    tasks["task-1-delete"] = ["1"]
    assert (await client.post("/setup/tasks", data=tasks)).status_code == 303
    ids = [t["id"] for t in (await client.get("/api/setup")).json()["tasks"]]
    assert ids[-1] == "t14" and "t02" not in ids and len(ids) == 13
    forms = await _forms(client)
    units = _with(forms["/setup/units"], unit__12__id="south", unit__12__zh="南湾区分局",
                  unit__12__en="Nanwan Sub-bureau", unit__12__kind="dispatched",
                  unit__12__parent="hq", unit__12__attributes="staff=40, window=true")
    assert (await client.post("/setup/units", data=units)).status_code == 303
    text = (workspace / "units.toml").read_text("utf-8")
    assert 'id = "south"' in text and "attributes = {staff = 40, window = true}" in text
    listing = (await client.get("/api/scorecards")).json()
    assert "south" in {u["id"] for u in listing["units"]}


async def test_a_form_that_would_not_load_is_refused_whole(client: httpx.AsyncClient,
                                                           workspace: Path) -> None:
    before = _bytes(workspace)
    forms = await _forms(client)
    answer = await client.post("/setup/campaign", data=_with(forms["/setup/campaign"],
                                                             window="2021.13-2020.01"))
    assert answer.status_code == 422
    assert "campaign.toml" in answer.text and "2021.13-2020.01" in answer.text
    group = _with(forms["/setup/group"], member__0__unit="no-such-unit")
    refused = await client.post("/api/setup/group", data=group)
    assert refused.status_code == 422
    assert any(p["value"] == "no-such-unit" for p in refused.json()["problems"])
    assert _bytes(workspace) == before


async def test_a_stale_form_does_not_overwrite(client: httpx.AsyncClient,
                                               workspace: Path) -> None:
    forms = await _forms(client)
    path = workspace / "campaign.toml"
    path.write_bytes(path.read_bytes() + b"\n# edited by hand\n")
    answer = await client.post("/setup/campaign", data=_with(forms["/setup/campaign"],
                                                             title_zh="新名称"))
    assert answer.status_code == 409
    assert path.read_bytes().endswith(b"# edited by hand\n")


async def test_rubric_choice_is_kept_beside_the_dataset(client: httpx.AsyncClient,
                                                        workspace: Path) -> None:
    forms = await _forms(client)
    data = _multi([f for f in forms["/setup/campaign"] if f[0] != "rubrics"])
    data["rubrics"] = ["example", "municipal-plan"]
    assert (await client.post("/setup/campaign", data=data)).status_code == 303
    cards = (await client.get("/api")).json()["cards"]
    assert [c["rubric_id"] for c in cards] == ["example", "municipal-plan"]
    assert (workspace / ".wenming" / "serve.toml").is_file()


def test_edits_keep_comments_and_order(workspace: Path) -> None:
    text = (workspace / "campaign.toml").read_text("utf-8")
    assert edit_campaign(text, {}) == text
    units = (workspace / "units.toml").read_text("utf-8")
    edited = edit_units(units, {"unit-0-id": "hq", "unit-0-zh": "市生态环境局机关",
                                "unit-0-en": "Lanchuan Ecology and Environment Bureau "
                                             "(headquarters)", "unit-0-kind": "bureau"})
    assert edited == units
