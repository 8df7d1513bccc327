"""The scripts in examples/scripts run and print what the library computes.

Each script runs in its own process with ``sys.executable``. The rubric
plugins of this checkout (``rubrics/*``) are named with ``--plugin`` and their
``src`` folders put on PYTHONPATH, so the scripts score with them whether or
not they are installed; a script that needs rubrics is skipped only when the
checkout has none and none is installed.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from wenming import PluginHost, Scorecard, Scorer
from wenming.testing import RubricPlugin

from ..testing_kit.support import RUBRIC_TOML

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "examples" / "scripts"
EXAMPLE = REPO / "examples" / "ecology-bureau"


def checkout_plugins() -> list[tuple[str, Path]]:
    """(plugin module, src folder) of every rubric package in rubrics/."""
    found = []
    for pyproject in sorted(REPO.glob("rubrics/*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text("utf-8")).get("project", {})
        for module in project.get("entry-points", {}).get("wenming", {}).values():
            found.append((module, pyproject.parent / "src"))
    return found


def installed_plugins() -> list[str]:
    return [ep.value for ep in importlib.metadata.entry_points(group="wenming")]


def script_env(*extra: Path) -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(REPO / "src"), *map(str, extra), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def run_script(name: str, *args: str, extra: tuple[Path, ...] = ()) -> str:
    result = subprocess.run([sys.executable, str(SCRIPTS / name), *args], cwd=REPO,
                            env=script_env(*extra), capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name.removesuffix('.py')}",
                                                  SCRIPTS / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def KitRubric() -> RubricPlugin:
    return RubricPlugin(RUBRIC_TOML, origin="tests/examples")


# -- score_from_script.py ----------------------------------------------------------------------

def test_score_from_script_prints_every_rubrics_total(monkeypatch: pytest.MonkeyPatch) -> None:
    plugins = checkout_plugins()
    if not plugins and not installed_plugins():
        pytest.skip("no rubric plugin: neither rubrics/*/ in this checkout nor an installed "
                    "wenming-rubric-* package")
    if not EXAMPLE.is_dir():
        pytest.skip("examples/ecology-bureau is not in this checkout")
    args = [arg for module, _ in plugins for arg in ("--plugin", module)]
    out = run_script("score_from_script.py", *args, extra=tuple(src for _, src in plugins))

    # The same plugins, in this process, through the public API.
    for _, src in plugins:
        monkeypatch.syspath_prepend(str(src))
    from wenming import load_dataset

    host = PluginHost(plugins=[importlib.import_module(m) for m, _ in plugins])
    dataset = load_dataset(EXAMPLE, vocabulary=host.vocabulary())
    cards = Scorer(host).score_all(dataset, as_of=date(2021, 12, 31))

    printed = {m["id"]: m for m in re.finditer(
        r"^(?P<id>[a-z0-9-]+) (?P<version>\S+): (?P<total>[\d.]+) / (?P<max>[\d.]+) "
        r"\(nominal (?P<nominal>[\d.]+)\) (?P<verdict>.+)$", out, flags=re.MULTILINE)}
    assert set(printed) == {card.rubric_id for card in cards}
    assert {m for m, _ in plugins} <= set(installed_plugins()) | {m for m, _ in plugins}
    for card in cards:
        line = printed[card.rubric_id]
        assert float(line["total"]) == pytest.approx(card.total)
        assert float(line["max"]) == pytest.approx(card.maximum)
        assert float(line["nominal"]) == pytest.approx(card.nominal)
        assert line["verdict"] == (card.verdict or "no pass line")
    assert f"{len(dataset)} records, as of 2021-12-31" in out.splitlines()[0]


# -- in_memory.py ------------------------------------------------------------------------------

def test_in_memory_scores_by_hand_and_rejects_bad_references() -> None:
    out = run_script("in_memory.py")
    lines = out.splitlines()
    # Worked out from the script's data: a lecture in Q1; volunteer service in
    # Q1, Q2 and Q3 of 2021. On 30 September Q4 is still running, so every due
    # quarter is met; at the year's end Q4 is missed: 3 of 4 × 6 = 4.5 points.
    assert "as of 2021-09-30: 10 / 10, pass" in lines
    assert "as of 2021-12-31: 8.5 / 10, pass" in lines
    assert "  item 2 Volunteer service every quarter: partial, 4.5 / 6" in lines
    assert "rejected: 2 problems in the dataset / 数据集中有 2 处问题" in lines
    assert any("'west'" in line and "unknown unit" in line for line in lines)
    assert any("'moral-lectures'" in line and "moral-lecture" in line for line in lines)


# -- embed_web_handler.py ----------------------------------------------------------------------

REQUEST = {
    "as_of": "2021-12-31",
    "campaign": {
        "id": "web-2020", "title": {"zh": "网页示例", "en": "Web example"},
        "level": "municipal", "applicants": ["hq"], "window": "2020.04-2021.12",
        "office": "office",
        "phases": [{"id": "preparation", "name": {"zh": "前期准备", "en": "Preparation"},
                    "window": "2020.04-2020.05"}],
        "leading_group": [{"unit": "hq", "role": "leader", "person": "组长甲"}],
    },
    "units": [
        {"id": "hq", "zh": "局机关", "en": "HQ", "kind": "bureau"},
        {"id": "east", "zh": "东区分局", "en": "East", "kind": "dispatched", "parent": "hq"},
        {"id": "office", "zh": "办公室", "en": "Office", "kind": "division", "parent": "hq"},
    ],
    "evidence": [
        {"id": "L1", "unit": "east", "kind": "道德讲堂", "date": "2020-06-01"},
        {"id": "V1", "unit": "hq", "kind": "volunteer-service", "date": "2021-03-01",
         "participants": 30},
    ],
}


@pytest.fixture(scope="module")
def web() -> ModuleType:
    return load_script("embed_web_handler.py")


def post(web: ModuleType, payload: object, service: object) -> tuple[int, dict[str, object]]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    status, answer = web.handle(body, service)
    return status, json.loads(answer)


def test_the_handler_answers_with_scorecards(web: ModuleType) -> None:
    service = web.Service(KitRubric(), autoload=False)
    status, answer = post(web, REQUEST, service)
    assert status == 200, answer
    (card,) = [Scorecard.from_dict(c) for c in answer["scorecards"]]  # type: ignore[union-attr]
    # kit-test: a lecture (2 points) and volunteer service in 2021 but not 2020 (2 of 4).
    assert card.rubric_id == "kit-test"
    assert (card.total, card.maximum) == (4, 6)
    assert card.item("1").evidence == ("L1",)  # the Chinese kind name was resolved
    assert card.as_of == date(2021, 12, 31)


def test_the_handler_reports_bad_requests(web: ModuleType) -> None:
    service = web.Service(KitRubric(), autoload=False)
    assert post(web, b"{not json", service)[0] == 400
    assert post(web, [1, 2], service)[0] == 400
    status, answer = post(web, {**REQUEST, "campaign": None}, service)
    assert (status, answer["error"]) == (400, "'campaign' must be an object")
    bad_date = {**REQUEST, "evidence": [{**REQUEST["evidence"][0], "date": "2020-02-30"}]}
    assert post(web, bad_date, service)[0] == 400


def test_the_handler_lists_every_data_problem(web: ModuleType) -> None:
    service = web.Service(KitRubric(), autoload=False)
    evidence = [{"id": "X", "unit": "west", "kind": "moral-lecture", "date": "2020-06-01"},
                {"id": "Y", "unit": "hq", "kind": "no-such-kind", "date": "2020-06-01"}]
    status, answer = post(web, {**REQUEST, "evidence": evidence}, service)
    assert status == 422
    issues = answer["issues"]
    assert isinstance(issues, list) and len(issues) == 2
    assert any("'west'" in issue for issue in issues)
    assert any("'no-such-kind'" in issue for issue in issues)


def test_the_handler_names_unknown_rubrics_and_units(web: ModuleType) -> None:
    service = web.Service(KitRubric(), autoload=False)
    status, answer = post(web, {**REQUEST, "rubrics": ["nope"]}, service)
    assert status == 404 and "kit-test" in str(answer["error"])
    status, answer = post(web, {**REQUEST, "unit": "mars"}, service)
    assert status == 422 and "mars" in str(answer["error"])


def test_the_script_serves_on_loopback(tmp_path: Path) -> None:
    (tmp_path / "kit_web_plugin.py").write_text(
        "from wenming.plugins import RubricSource, hookimpl\n"
        "@hookimpl\n"
        "def wenming_rubrics():\n"
        f"    return [RubricSource({RUBRIC_TOML!r}, 'kit_web_plugin')]\n", "utf-8")
    server = subprocess.Popen(
        [sys.executable, str(SCRIPTS / "embed_web_handler.py"), "--port", "0",
         "--plugin", "kit_web_plugin"],
        cwd=REPO, env=script_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/score)", banner)
        assert match, banner + (server.stderr.read() if server.poll() is not None
                                and server.stderr else "")
        request = urllib.request.Request(
            match.group(1), data=json.dumps({**REQUEST, "rubrics": ["kit-test"]}).encode(),
            method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("application/json")
            cards = json.loads(response.read())["scorecards"]
        assert [c["rubric_id"] for c in cards] == ["kit-test"]
        assert cards[0]["total"] == 4
    finally:
        server.terminate()
        server.wait(timeout=30)
