"""Hostile and careless dataset folders (issue 15): every problem located, nothing lost."""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile.folder_cases import CASES
from tests.loaders.conftest import CSV_HEADER, write_csv, write_valid_dataset
from wenming.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    YearOutOfRangeError,
    festival_date,
    festival_on,
)
from wenming.cli.main import CliState, cli
from wenming.dataset import Dataset
from wenming.errors import DatasetError
from wenming.loaders import load_dataset
from wenming.loaders.units import SUGGESTION_BUDGET
from wenming.model.tailoring import Overlay
from wenming.rubric.overlay import apply_overlay
from wenming.scoring import Scorer
from wenming.scoring.tailoring_check import check_tailoring
from wenming.testing import RubricPlugin, make_host

# The cases of folder_cases.py run through load_dataset and `wenming validate` in
# test_corpus.py, which merges them into the corpus; these tests look closer at a few.


def test_linked_subfolder_records_keep_their_linked_path(tmp_path: Path) -> None:
    root = tmp_path / "data"
    next(c for c in CASES if c.name.startswith("symlinked evidence subfolder")).build(root)
    record = load_dataset(root).get("A-001")
    assert record.origin is not None
    assert record.origin.file == "evidence/2022/ledger.csv"


def test_outside_ledger_is_never_read(tmp_path: Path) -> None:
    root = tmp_path / "data"
    next(c for c in CASES if c.name.startswith("ledger linked from outside")).build(root)
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    error = caught.value
    assert "S-001" not in str(error)  # not even a row of it was looked at
    (root / "evidence" / "stolen.csv").unlink()
    assert len(load_dataset(root)) == 9


def test_ledger_order_does_not_depend_on_links(tmp_path: Path) -> None:
    root = tmp_path / "data"
    next(c for c in CASES if c.name.startswith("a ledger reached twice")).build(root)
    files = {r.origin.file for r in load_dataset(root).evidence if r.origin}
    assert "evidence/2020/会议.csv" in files  # the file's own name wins over the link's
    assert "evidence/2020/会议-copy.csv" not in files


# -- the calendar's range ---------------------------------------------------------------------


def test_festivals_outside_the_supported_years_are_refused_at_once() -> None:
    started = time.perf_counter()
    for year in (1, 1900, LAST_YEAR + 1, 9999):
        with pytest.raises(YearOutOfRangeError) as caught:
            festival_date("chunjie", year)
        assert str(year) in str(caught.value) and f"{FIRST_YEAR}–{LAST_YEAR}" in str(caught.value)
    assert time.perf_counter() - started < 0.5
    assert festival_date("chunjie", FIRST_YEAR) == date(1901, 2, 19)
    assert festival_date("zhongqiu", LAST_YEAR).year == LAST_YEAR
    # at the edges the neighbouring year is simply not looked at
    assert festival_on(date(LAST_YEAR, 12, 31), ["chunjie"]) is None
    assert festival_on(date(9999, 2, 8), ["chunjie"]) is None
    assert festival_on(date(FIRST_YEAR, 2, 20), ["chunjie"]) == "chunjie"


def test_campaign_window_typo_fails_fast(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "data")
    path = root / "campaign.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"2020.04-2021.12"', '"2020.04-9999.12"'), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    error = caught.value
    assert time.perf_counter() - started < 5
    (issue,) = error.issues
    assert "is the year a typo?" in (issue.expected or "")


def test_ten_year_campaign_is_accepted(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "data")
    path = root / "campaign.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"2020.04-2021.12"', '"2020.04-2030.03"'), encoding="utf-8")
    assert load_dataset(root).campaign.window.end == date(2030, 3, 31)


# -- unknown units at scale -------------------------------------------------------------------


def test_thousands_of_unknown_units_in_a_large_tree_stay_fast(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "data")
    lines = ['[[unit]]\nid = "hq"\nname = "市生态环境局"\nkind = "bureau"\n',
             '[[unit]]\nid = "east"\nname = "东区分局"\nparent = "hq"\n',
             '[[unit]]\nid = "west"\nname = "西区分局"\nparent = "hq"\n',
             '[[unit]]\nid = "office"\nname = "创建办公室"\nparent = "hq"\n']
    lines += [f'[[unit]]\nid = "u{i:05d}"\nname = "第{i}号社区服务站"\nparent = "hq"\n'
              for i in range(20_000)]
    (root / "units.toml").write_text("\n".join(lines), encoding="utf-8")
    unknown = 5_000
    write_csv(root / "evidence" / "wrong-county.csv", [CSV_HEADER] + [
        [f"W-{i}", f"第{i}号社区服务所", "道德讲堂", "2021-05-06", "讲堂", "", "", "", "", "",
         "", ""] for i in range(unknown)])
    started = time.perf_counter()
    with pytest.raises(DatasetError) as caught:
        load_dataset(root, max_issues=unknown)
    error = caught.value
    elapsed = time.perf_counter() - started
    unit_issues = [i for i in error.issues if i.message.startswith("evidence for an unknown")]
    assert len(unit_issues) == unknown
    assert elapsed < 30, f"{unknown} unknown units took {elapsed:.1f} s"
    first = next(i for i in unit_issues if i.value == "第12号社区服务所")
    assert "u00012 (第12号社区服务站)" in (first.expected or "")
    # past the budget the issue is still reported, only without a suggestion
    assert "did you mean" not in (unit_issues[-1].expected or "")
    assert sum("did you mean" in (i.expected or "") for i in unit_issues) <= SUGGESTION_BUDGET


def test_bad_kind_unit_keeps_its_records_resolvable(tmp_path: Path) -> None:
    root = write_valid_dataset(tmp_path / "data")
    path = root / "units.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('kind = "bureau"', 'kind = "x"'),
                    encoding="utf-8")
    _ledger_for(root, "hq", 200)
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    error = caught.value
    assert [i.field for i in error.issues] == ["unit[1].kind"]


def _ledger_for(root: Path, unit: str, rows: int) -> None:
    write_csv(root / "evidence" / "more.csv", [CSV_HEADER] + [
        [f"H-{i}", unit, "道德讲堂", "2021-05-06", "讲堂", "", "", "", "", "", "", ""]
        for i in range(rows)])


# -- waivers and overlays against the installed rubrics -------------------------------------

RUBRIC = """
schema = 1
id = "provincial-18"
version = "1.0.0"
title = { zh = "测试细则", en = "Test rubric" }
issuer = { zh = "测试机关", en = "Test issuer" }
level = "provincial"
total = 10

[[areas]]
code = "一"
title = { zh = "组织领导", en = "Leadership" }
points = 10
""" + "".join(f"""
[[areas.items]]
code = "{code}"
title = {{ zh = "项目{code}", en = "Item {code}" }}
points = 2.5

[[areas.items.criteria]]
type = "present"
points = 2.5
kinds = ["work-plan"]
""" for code in ("1", "2", "9", "18"))


@pytest.fixture
def scorer() -> Scorer:
    return Scorer(make_host(RubricPlugin(RUBRIC)))


def _tailored(tmp_path: Path, overlays: dict[str, str], waivers: str = "") -> Path:
    root = write_valid_dataset(tmp_path / "data")
    if overlays:
        (root / "overlays").mkdir()
        for name, text in overlays.items():
            (root / "overlays" / f"{name}.toml").write_text(text, encoding="utf-8")
    if waivers:
        (root / "waivers.toml").write_text(waivers, encoding="utf-8")
    return root


WAIVERS = ('[[waiver]]\nrubric = "provincial-18"\nitem = "2"\nby = "王芳"\nreason = "不适用"\n\n'
           '[[waiver]]\nrubric = "provinciall-18"\nitem = "2"\nby = "王芳"\nreason = "不适用"\n\n'
           '[[waiver]]\nrubric = "provincial-18"\nitem = "99"\nby = "王芳"\n'
           'reason = "多行\n\t说明"\n')


def test_tailoring_typos_are_located_with_suggestions(tmp_path: Path, scorer: Scorer) -> None:
    root = _tailored(tmp_path, {"provincal-18": 'drop = ["1"]\n'}, WAIVERS.replace(
        'reason = "多行\n\t说明"', 'reason = """多行\n\t说明"""'))
    dataset = load_dataset(root)  # loading alone cannot know the rubrics
    issues = check_tailoring(dataset, scorer.rubrics)
    by_where = {(i.where, i.line, i.field): i for i in issues}
    assert len(issues) == 3, issues
    overlay = by_where[("overlays/provincal-18.toml", None, None)]
    assert overlay.value == "provincal-18"
    assert "did you mean provincial-18?" in (overlay.expected or "")
    rubric = by_where[("waivers.toml", 7, "waiver[2].rubric")]
    assert rubric.value == "provinciall-18" and "did you mean provincial-18?" in str(rubric)
    item = by_where[("waivers.toml", 13, "waiver[3].item")]
    assert item.value == "99" and "did you mean 9?" in str(item)
    assert "1, 2, 9, 18" in (item.expected or "")


def test_scorer_refuses_mistyped_tailoring(tmp_path: Path, scorer: Scorer) -> None:
    root = _tailored(tmp_path, {"provincial-18": 'note = "本地"\ndrop = ["1", "19"]\n'})
    dataset = load_dataset(root)
    with pytest.raises(DatasetError) as caught:
        scorer.score(dataset, "provincial-18", date(2021, 12, 31))
    (issue,) = caught.value.issues
    assert (issue.where, issue.line, issue.field, issue.value) == (
        "overlays/provincial-18.toml", 2, "drop", "19")
    assert "did you mean" in (issue.expected or "") and "18" in (issue.expected or "")
    assert "rubric" not in caught.value.headline.split("the overlay")[0]


def test_overlay_with_unknown_point_code_is_the_users_error(scorer: Scorer) -> None:
    rubric = scorer.rubric("provincial-18")
    overlay = Overlay("provincial-18", {"18": 3, "188": 2}, source="overlays/provincial-18.toml",
                      lines={"points.188": 5})
    with pytest.raises(DatasetError) as caught:
        apply_overlay(rubric, overlay)
    (issue,) = caught.value.issues
    assert (issue.where, issue.line, issue.field, issue.value) == (
        "overlays/provincial-18.toml", 5, "points.188", "188")
    assert "did you mean 18?" in str(issue)


def test_correct_tailoring_scores(tmp_path: Path, scorer: Scorer) -> None:
    root = _tailored(tmp_path, {"provincial-18": 'drop = ["18"]\n'}, WAIVERS.split("\n\n")[0])
    card = scorer.score(load_dataset(root), "provincial-18", date(2021, 12, 31))
    assert card.nominal == 7.5


def test_validate_reports_tailoring_typos(tmp_path: Path) -> None:
    root = _tailored(tmp_path, {"provincal-18": 'drop = ["1"]\n'})
    state = CliState(host_factory=lambda: make_host(RubricPlugin(RUBRIC)))
    result = CliRunner().invoke(cli, ["validate", str(root)], obj=state)
    assert result.exit_code == 2, result.output
    assert "overlays/provincal-18.toml" in result.output
    assert "did you mean provincial-18?" in result.output
    assert "Dataset is valid" not in result.output


def test_score_command_reports_tailoring_typos(tmp_path: Path) -> None:
    root = _tailored(tmp_path, {}, WAIVERS.split("\n\n")[0].replace('"2"', '"99"'))
    state = CliState(host_factory=lambda: make_host(RubricPlugin(RUBRIC)))
    result = CliRunner().invoke(cli, ["score", str(root), "--as-of", "2021-12-31"], obj=state)
    assert result.exit_code == 2, result.output
    assert "waivers.toml:1 [waiver[1].item]" in result.output


def test_python_built_campaign_beyond_the_calendar_fails_fast(scorer: Scorer) -> None:
    from wenming.calendar import DateWindow
    from wenming.testing import DatasetBuilder

    dataset: Dataset = DatasetBuilder(window=DateWindow(date(2020, 1, 1), date(9999, 12, 31))) \
        .add("work-plan", "2020-04-20").build()
    rubric = RUBRIC.replace('type = "present"\npoints = 2.5\nkinds = ["work-plan"]',
                            'type = "festivals"\npoints = 2.5\nfestivals = ["chunjie"]', 1)
    started = time.perf_counter()
    with contextlib.suppress(YearOutOfRangeError):  # refused, or scored: either is quick
        Scorer(make_host(RubricPlugin(rubric))).score(dataset, "provincial-18", date(2021, 1, 1))
    assert time.perf_counter() - started < 10



# -- docs/limits.md states the numbers the code uses -----------------------------------------

_LIMIT_MODULES = ("wenming.loaders.limits", "wenming.calendar", "wenming.loaders.campaign_toml",
                  "wenming.archive.target")


def test_limits_page_matches_the_constants() -> None:
    import importlib
    import re

    page = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| ([\d,]+) \|", page, flags=re.MULTILINE))
    modules = [importlib.import_module(name) for name in _LIMIT_MODULES]
    from wenming.loaders import limits

    documented = set(rows)
    assert set(limits.__all__) <= documented, "a limit is missing from docs/limits.md"
    for name, shown in rows.items():
        value = next(getattr(m, name) for m in modules if hasattr(m, name))
        assert int(shown.replace(",", "")) == value, name
    assert "`wenming.loaders.units.SUGGESTION_BUDGET` | 500 |" in page
    assert SUGGESTION_BUDGET == 500
