"""A criterion marked ``basis = "seed"`` carries no reading of its own (#23).

A parameter that sets *when*, *how often*, *who* or *which* — a window other than the
campaign, a cadence, bounds, a list of festivals or titles, month offsets — is either set
by the words of the clause the criterion cites (listed below with those words), or the
criterion is a ``choice`` whose ``interprets`` quotes the seed words it reads. A few
criterion types are readings in themselves (like-months spending, the leading group's
head titles, festival periods, year-boundary windows, filing deadlines).

When the seeds sit beside the checkout (``../shared/seeds``), every quoted word is also
looked up in its seed, so a label cannot quote words the document does not contain.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from wenming.plugins import PluginHost

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_FILES = {"municipal-plan": "000_925ffa44d6980cf5.txt",
              "provincial-18": "002_4e9553edda4c64e2.txt"}

#: Parameters that carry a reading when the seed does not set them.
READING_PARAMS = ("window", "per", "min", "max", "festivals", "before", "after", "at",
                  "within_days", "unit_kinds", "phase", "by_end")
#: Criterion types whose rule is itself a reading of the seed.
READING_TYPES = frozenset({"funding-rising", "funding-every-year", "leading-group", "festivals",
                           "yearly", "timeliness"})

#: (rubric, criterion, parameter) -> the words of the cited clause that set it.
SEED_SETS: Mapping[tuple[str, str, str], str] = {
    ("provincial-18", "2.c9", "per"): "纳入年度工作目标考核",
    ("provincial-18", "2.c10", "per"): "每年组织1-2次检查",
    ("provincial-18", "2.c10", "max"): "每年组织1-2次检查",
    ("provincial-18", "2.c11", "per"): "每年组织1-2次检查，结果进行通报",
    ("provincial-18", "6.c1", "per"): "每半年开展一次道德讲堂活动",
    ("provincial-18", "10.c1", "per"): "制定年度学雷锋活动方案",
    ("municipal-plan", "S4.self-check", "unit_kinds"): "各单位要严格按照",
    **{("municipal-plan", cid, "phase"): words for cid, words in (
        ("P1.leading-group", "前期准备阶段（2020.04-2020.05）"),
        ("P1.work-plan", "前期准备阶段（2020.04-2020.05）"),
        ("P1.consultation", "前期准备阶段（2020.04-2020.05）"),
        ("P2.mobilisation", "宣传发动阶段（2020.05-2020.06）"),
        ("P2.deployment", "宣传发动阶段（2020.05-2020.06）"),
        ("P3.appraisal", "全面创建阶段（2020.06-2021.07）"),
        ("P4.self-scoring", "自检自查阶段（2021.08-2021.09）"),
        ("P4.rectification-list", "自检自查阶段（2021.08-2021.09）"),
        ("P5.rectification", "整改提高阶段（2021.09-2021.11）"),
        ("P6.materials", "迎检评估阶段（2021.11-2021.12）"),
        ("P6.videos", "迎检评估阶段（2021.11-2021.12）"),
        ("P6.reception", "迎检评估阶段（2021.11-2021.12）"),
    )},
}


@pytest.fixture(scope="module")
def host() -> PluginHost:
    host = PluginHost()
    missing = [r for r in SEED_FILES if r not in host.rubrics()]
    if missing:
        pytest.skip(f"rubric packages not installed: {missing}")
    return host


def _params(criterion: Any) -> dict[str, Any]:
    params = criterion.params
    return attrs.asdict(params) if attrs.has(type(params)) else dict(params or {})


def _carries_a_reading(name: str, value: object) -> bool:
    if value is None or value in ((), []):
        return False
    if name == "window":
        return value != "campaign"
    if name == "min":
        return value not in (0, 1)
    if name == "by_end":
        return bool(value)
    return True


def _unlicensed(rubric_id: str, criterion: Any) -> list[str]:
    found = [f"parameter {name} = {value!r}" for name, value in _params(criterion).items()
             if name in READING_PARAMS and _carries_a_reading(name, value)
             and (rubric_id, criterion.id, name) not in SEED_SETS]
    if criterion.type in READING_TYPES:
        found.append(f"type {criterion.type}")
    return found


@pytest.mark.parametrize("rubric_id", sorted(SEED_FILES))
def test_a_seed_criterion_has_no_parameter_its_clause_lacks(host: PluginHost,
                                                            rubric_id: str) -> None:
    rubric = host.rubrics()[rubric_id]
    wrong = {c.id: found for _, c in rubric.criteria()
             if c.basis == "seed" and (found := _unlicensed(rubric_id, c))}
    assert wrong == {}, "basis = seed, but these are readings: mark them choices"
    for (rid, cid, name), _words in SEED_SETS.items():
        if rid == rubric_id:
            criterion = next(c for _, c in rubric.criteria() if c.id == cid)
            assert criterion.basis == "seed" and name in _params(criterion), (cid, name)


@pytest.mark.parametrize("rubric_id", sorted(SEED_FILES))
def test_every_choice_quotes_words_of_its_seed(host: PluginHost, rubric_id: str) -> None:
    rubric = host.rubrics()[rubric_id]
    choices = {c.id: c.interprets for _, c in rubric.criteria() if c.basis == "choice"}
    assert choices and all(choices.values())
    seed = SEEDS / SEED_FILES[rubric_id]
    if not seed.is_file():
        pytest.skip(f"the seed is not beside the checkout ({seed})")
    text = seed.read_text("utf-8")
    quoted = {cid: words for cid, words in choices.items() if words}
    quoted.update({f"{cid}:{name}": words for (rid, cid, name), words in SEED_SETS.items()
                   if rid == rubric_id})
    # ；joins words read from different places, … skips words between two parts.
    missing = {cid: part for cid, words in quoted.items()
               for part in words.replace("…", "；").split("；") if part and part not in text}
    assert missing == {}
