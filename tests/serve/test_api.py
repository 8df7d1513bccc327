"""Every endpoint through the ASGI client: pages, their JSON twins, downloads, the scorer."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from tests.serve.conftest import AS_OF, EXAMPLE, files
from wenming.cli.main import CliState, cli
from wenming.rubric import default_rubric_ids

pytestmark = pytest.mark.anyio


def _cli(plugin_host: Any, *args: str) -> bytes:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), obj=CliState(lambda: plugin_host))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _cli_file(plugin_host: Any, tmp_path: Path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    runner = CliRunner()
    result = runner.invoke(cli, [*args, "-o", str(out)], obj=CliState(lambda: plugin_host))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


async def test_overview_page_and_twin(client: httpx.AsyncClient, plugin_host: Any) -> None:
    data = (await client.get("/api", params={"as_of": AS_OF})).json()
    assert data["campaign_id"] == "eco-2020"
    assert data["records"] == 776
    # as the CLI: every installed rubric but the examples, which count only when chosen
    assert [c["rubric_id"] for c in data["cards"]] == default_rubric_ids(plugin_host.rubrics())
    assert "example" not in [c["rubric_id"] for c in data["cards"]]
    page = await client.get("/", params={"as_of": AS_OF})
    assert page.status_code == 200
    assert "岚川市生态环境局" in page.text
    assert page.headers["link"].startswith("</api?as_of=")


async def test_scorecards_twin_is_the_cli_json(client: httpx.AsyncClient,
                                               plugin_host: Any, workspace: Path) -> None:
    twin = (await client.get("/api/scorecards", params={"as_of": AS_OF})).json()
    expected = json.loads(_cli(plugin_host, "score", str(workspace), "--as-of", AS_OF,
                               "--format", "json"))
    assert twin["report"] == expected
    assert twin["as_of"] == AS_OF and twin["unit"] is None
    assert {u["id"] for u in twin["units"]} >= {"hq", "east", "west", "north"}


async def test_scorecards_page_shows_every_rubric_with_item_links(
        client: httpx.AsyncClient, plugin_host: Any) -> None:
    page = await client.get("/scorecards", params={"as_of": AS_OF, "lang": "en"})
    assert page.status_code == 200
    for rubric_id in default_rubric_ids(plugin_host.rubrics()):
        assert f'id="rubric-{rubric_id}"' in page.text
    assert 'class="item-link" href="/scorecards/' in page.text
    assert "Rectification list" in page.text
    assert page.cookies.get("wenming_lang") == "en"


async def test_per_unit_scorecards(client: httpx.AsyncClient) -> None:
    whole = (await client.get("/api/scorecards", params={"as_of": AS_OF})).json()
    east = (await client.get("/api/scorecards", params={"as_of": AS_OF, "unit": "east"})).json()
    assert east["unit"] == "east"
    card = east["report"]["cards"][0]
    assert card["unit"] == "east" and "hq" not in card["scope"]
    assert whole["report"]["cards"][0]["scope"] != card["scope"]
    page = await client.get("/scorecards", params={"as_of": AS_OF, "unit": "east"})
    assert '<option value="east" selected>' in page.text


async def test_criterion_detail_lists_counted_and_not_counted(client: httpx.AsyncClient
                                                               ) -> None:
    report = (await client.get("/api/scorecards", params={"as_of": "2021-06-30"})).json()
    card = next(c for c in report["report"]["cards"] if c["rubric_id"] == "municipal-plan")
    item = next(i for i in card["items"] if i["evidence"])
    detail = (await client.get(f"/api/scorecards/municipal-plan/{item['code']}",
                               params={"as_of": "2021-06-30"})).json()
    assert detail["item"]["code"] == item["code"]
    in_checks = {e for c in detail["item"]["criteria"] for k in c["checks"]
                 for e in k["evidence"]} | set(item["evidence"])
    assert {r["id"] for r in detail["counted"]} == in_checks
    assert all(r["reason"]["zh"] and r["reason"]["en"] for r in detail["not_counted"])
    assert not {r["id"] for r in detail["not_counted"]} & in_checks
    # records dated after the as-of date are shown as not counted, with that reason
    late = [r for r in detail["not_counted"] if r["date"] > "2021-06-30"]
    assert all("after the as-of date" in r["reason"]["en"] for r in late)
    page = await client.get(f"/scorecards/municipal-plan/{item['code']}",
                            params={"as_of": "2021-06-30"})
    assert page.status_code == 200
    assert "计入的记录" in page.text and "未计入的记录" in page.text
    assert "条文出处" in page.text
    missing = await client.get("/api/scorecards/municipal-plan/no-such-item")
    assert missing.status_code == 404 and missing.json()["ok"] is False


async def test_rubrics(client: httpx.AsyncClient, plugin_host: Any) -> None:
    listed = (await client.get("/api/rubrics")).json()
    assert [r["id"] for r in listed] == list(plugin_host.rubrics())
    one = (await client.get("/api/rubrics/example")).json()
    assert one["rubric"]["id"] == "example" and one["items"]
    assert (await client.get("/api/rubrics/nope")).status_code == 404
    assert (await client.get("/rubrics")).status_code == 200
    assert (await client.get("/rubrics/example")).status_code == 200


async def test_ledger_upload_creates_a_version(client: httpx.AsyncClient,
                                               workspace: Path) -> None:
    ledger = EXAMPLE / "evidence" / "经费支出.csv"
    changed = ledger.read_bytes().replace(b"\r\n", b"\n")
    answer = await client.post("/api/ledgers",
                               files=[("files", ("经费支出.csv", changed + b"", "text/csv"))])
    assert answer.status_code == 201, answer.text
    listing = (await client.get("/api/ledgers")).json()
    names = [(v["seq"], v["name"], v["current"]) for v in listing["versions"]]
    # the file put there by hand is kept as version 1, the upload is version 2 and current
    assert names[0] == (2, "经费支出.csv", True)
    assert names[1][:2] == (1, "经费支出.csv")
    old = await client.get("/download/ledger/1")
    assert old.content == ledger.read_bytes()
    assert (workspace / "evidence" / "经费支出.csv").read_bytes() == changed
    assert (await client.get("/download/ledger/99")).status_code == 404


async def test_upload_page_redirects_and_shows_what_was_accepted(
        client: httpx.AsyncClient) -> None:
    answer = await client.post("/ledgers/upload",
                               files=files(EXAMPLE / "evidence" / "派出局活动.csv"))
    assert answer.status_code == 303
    page = await client.get(answer.headers["location"])
    assert 'id="accepted"' in page.text and "派出局活动.csv" in page.text


async def test_template_download(client: httpx.AsyncClient) -> None:
    from openpyxl import load_workbook

    answer = await client.get("/download/template.xlsx")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    assert "台账" in book.sheetnames


@pytest.mark.parametrize(("kind", "fmt", "args"), [
    ("gaps", "json", ("gaps",)),
    ("gaps", "csv", ("gaps",)),
    ("gaps", "xlsx", ("gaps",)),
    ("agenda", "ics", ("agenda",)),
    ("agenda", "xlsx", ("agenda",)),
    ("trend", "xlsx", ("trend",)),
    ("plan", "xlsx", ("plan", "--by", "2021-12-31")),
])
async def test_downloads_are_what_the_cli_writes(client: httpx.AsyncClient, plugin_host: Any,
                                                 workspace: Path, tmp_path: Path, kind: str,
                                                 fmt: str, args: tuple[str, ...]) -> None:
    answer = await client.get(f"/download/reports/{kind}.{fmt}",
                              params={"as_of": "2021-09-30", "lang": "zh"})
    assert answer.status_code == 200, answer.text
    expected = _cli_file(plugin_host, tmp_path, f"out.{fmt}", "--lang", "zh", args[0],
                         str(workspace), *args[1:], "--as-of", "2021-09-30")
    if fmt == "xlsx":  # a workbook's zip members carry the time they were written
        assert _xlsx_cells(answer.content) == _xlsx_cells(expected)
    else:
        assert answer.content == expected


def _xlsx_cells(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return [[list(row) for row in book[name].iter_rows(values_only=True)]
            for name in book.sheetnames]


@pytest.mark.parametrize("kind", ["gaps", "agenda", "plan"])
async def test_reports_filter_by_responsible_unit(client: httpx.AsyncClient, kind: str) -> None:
    query = {"as_of": "2021-09-30", "target": "full"}
    whole = (await client.get(f"/api/reports/{kind}", params=query)).json()
    key = {"gaps": "gaps", "agenda": "entries", "plan": "activities"}[kind]
    units = {entry["unit"] for entry in whole[key]}
    assert units, f"the example should have {key}"
    unit = sorted(units)[0]
    only = (await client.get(f"/api/reports/{kind}", params={**query, "unit": unit})).json()
    assert only[key] and {e["unit"] for e in only[key]} == {unit}
    assert len(only[key]) <= len(whole[key])
    page = await client.get(f"/reports/{kind}", params={**query, "unit": unit})
    assert page.status_code == 200 and f'href="/download/reports/{kind}.xlsx?' in page.text


async def test_trend_page(client: httpx.AsyncClient) -> None:
    page = await client.get("/reports/trend", params={"as_of": AS_OF, "every": "quarter"})
    assert page.status_code == 200
    bad = await client.get("/api/reports/trend", params={"every": "fortnight"})
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "every"


def _zip(folder: Path, top: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, top + path.relative_to(folder).as_posix())
    return buffer.getvalue()


async def test_score_a_zip_returns_the_cli_json(client: httpx.AsyncClient, plugin_host: Any
                                                ) -> None:
    expected = _cli(plugin_host, "score", str(EXAMPLE), "--as-of", AS_OF, "--format", "json")
    for body in (_zip(EXAMPLE), _zip(EXAMPLE, "ecology-bureau/")):
        answer = await client.post("/api/score", params={"as_of": AS_OF}, content=body,
                                   headers={"content-type": "application/zip"})
        assert answer.status_code == 200, answer.text
        assert answer.content == expected
    multipart = await client.post("/api/score", params={"as_of": AS_OF, "rubric": "example"},
                                  files=[("dataset", ("d.zip", _zip(EXAMPLE), "application/zip"))])
    assert [c["rubric_id"] for c in multipart.json()["cards"]] == ["example"]


async def test_score_the_files_of_a_folder(client: httpx.AsyncClient) -> None:
    parts = [("files", (p.relative_to(EXAMPLE).as_posix(), p.read_bytes(), "x/y"))
             for p in sorted(EXAMPLE.rglob("*")) if p.is_file()]
    answer = await client.post("/api/score", params={"as_of": AS_OF}, files=parts)
    assert answer.status_code == 200, answer.text
    assert answer.json()["schema"] == "wenming.score-report/1"


async def test_validate(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/validate", content=_zip(EXAMPLE),
                               headers={"content-type": "application/zip"})
    assert answer.status_code == 200
    assert answer.json()["valid"] is True and answer.json()["records"] == 776
    no_campaign = io.BytesIO()
    with zipfile.ZipFile(no_campaign, "w") as archive:
        archive.writestr("units.toml", "")
    bad = await client.post("/api/validate", content=no_campaign.getvalue(),
                            headers={"content-type": "application/zip"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["where"] == "campaign.toml"
    neither = await client.post("/api/validate", content=b"{}",
                                headers={"content-type": "application/json"})
    assert neither.status_code == 415


async def test_openapi_from_the_types(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    for path in ("/api", "/api/scorecards", "/api/rubrics", "/api/rubrics/{rubric_id}",
                 "/api/score", "/api/validate", "/api/ledgers", "/api/reports/{kind}"):
        assert path in document["paths"], path
    schemas = document["components"]["schemas"]
    summary = schemas["Summary"]
    assert {"campaign_id", "cards", "as_of"} <= set(summary["properties"])
    assert "campaign_id" in summary["required"]


async def test_endpoint_list_names_every_route_and_its_rule(client: httpx.AsyncClient,
                                                            app: Any) -> None:
    from wenming.serve.access import ACTIONS

    listed = (await client.get("/api/endpoints")).json()
    assert listed and all(e["action"] in ACTIONS for e in listed)
    paths = {e["path"] for e in listed}
    assert {"/api/score", "/scorecards", "/api/ledgers", "/openapi.json"} <= paths
    page = await client.get("/endpoints")
    assert "/api/score" in page.text


async def test_bad_query_is_located(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/scorecards", params={"as_of": "2021-13-45"})
    assert answer.status_code == 400
    problem = answer.json()["problems"][0]
    assert problem["field"] == "as_of" and problem["value"] == "2021-13-45"
    early = await client.get("/api/scorecards", params={"as_of": "2019-01-01"})
    assert early.status_code == 400
    page = await client.get("/scorecards", params={"unit": "nowhere"})
    assert page.status_code == 404 and "nowhere" in page.text


async def test_not_counted_records_carry_the_scorers_reasons(client: httpx.AsyncClient
                                                             ) -> None:
    report = (await client.get("/api/scorecards", params={"as_of": AS_OF})).json()
    def used(item: dict[str, Any]) -> set[str]:
        return {e for c in item["criteria"] for k in c["checks"] for e in k["evidence"]}

    found = [(card["rubric_id"], item["code"], reason)
             for card in report["report"]["cards"] for item in card["items"]
             for criterion in item["criteria"] for check in criterion["checks"]
             for reason in check.get("reasons", ())
             if reason["evidence"] not in used(item) | set(item["evidence"])]
    assert found, "the example should have a record that did not count, with its reason"
    rubric_id, code, reason = found[0]
    detail = (await client.get(f"/api/scorecards/{rubric_id}/{code}",
                               params={"as_of": AS_OF})).json()
    shown = {r["id"]: r for r in detail["not_counted"]}
    assert reason["evidence"] in shown
    assert shown[reason["evidence"]]["causes"] == reason["causes"]
    assert shown[reason["evidence"]]["reason"] == reason["text"]


async def test_history_records_runs_into_the_workspace_archive(
        client: httpx.AsyncClient, workspace: Path, plugin_host: Any) -> None:
    assert (await client.get("/api/history")).json() == []
    first = await client.post("/api/history", params={"as_of": "2021-06-30"})
    assert first.status_code == 201, first.text
    page = await client.post("/history/record", data={"as_of": AS_OF})
    assert page.status_code == 303
    listed = (await client.get("/api/history")).json()
    assert [r["as_of"] for r in listed] == [AS_OF, "2021-06-30"]
    assert set(listed[0]["totals"]) == set(default_rubric_ids(plugin_host.rubrics()))
    archive = workspace / ".wenming" / "archive.sqlite"
    out = _cli(plugin_host, "history", str(workspace), "--db", str(archive),
               "--format", "json")
    assert len(json.loads(out)["runs"]) == 2
    assert "2021-06-30" in (await client.get("/history")).text


async def test_what_if_is_the_clis_and_keeps_nothing(client: httpx.AsyncClient, workspace: Path,
                                                     plugin_host: Any, tmp_path: Path) -> None:
    ledger = tmp_path / "假设.csv"
    ledger.write_text("编号,单位,类别,日期,标题\nWI-1,hq,道德讲堂,2021-11-20,道德讲堂（假设）\n",
                      encoding="utf-8")
    before = _bytes_of(workspace)
    answer = await client.post("/api/reports/what-if", params={"as_of": AS_OF},
                               files=files(ledger))
    assert answer.status_code == 200, answer.text
    expected = json.loads(_cli(plugin_host, "what-if", str(workspace), str(ledger),
                               "--as-of", AS_OF, "--format", "json"))
    got = answer.json()
    assert got["rubrics"] == expected["rubrics"] and got["records"] == expected["records"]
    page = await client.post("/reports/what-if", params={"as_of": AS_OF}, files=files(ledger))
    assert page.status_code == 200 and "假设.csv" in page.text and "<table" in page.text
    bad = await client.post("/api/reports/what-if",
                            files=[("records", ("x.csv", b"id\n1\n", "text/csv"))])
    assert bad.status_code == 422 and bad.json()["problems"]
    assert _bytes_of(workspace) == before


def _bytes_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}
