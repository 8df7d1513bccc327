"""check_rubric: a rubric document's problems against a fresh host, empty when valid."""

from __future__ import annotations

from pathlib import Path

from wenming.plugins import CriterionType, RubricSource, hookimpl
from wenming.testing import DatasetBuilder
from wenming.testing_cases import check_rubric

from .support import RUBRIC_TOML


def test_a_valid_document_has_no_problems(tmp_path: Path) -> None:
    file = tmp_path / "rubric.toml"
    file.write_text(RUBRIC_TOML, "utf-8")
    assert check_rubric(RUBRIC_TOML) == []
    assert check_rubric(file) == []
    assert check_rubric(str(file)) == []
    assert check_rubric(RubricSource(RUBRIC_TOML, "here")) == []


def test_every_problem_is_listed_with_its_field() -> None:
    text = (RUBRIC_TOML.replace("total = 6", "total = 7")
            .replace('kinds = ["moral-lecture"]', 'kinds = ["moral-lectur"]')
            .replace('per = "year"', 'per = "fortnight"'))
    problems = check_rubric(text)
    assert len(problems) == 3, problems
    assert any("[rubric.total]" in p and "points do not add up" in p for p in problems)
    assert any("unknown evidence kind" in p and "moral-lecture" in p for p in problems)
    assert any("criteria[0]" in p and "fortnight" in p for p in problems)
    assert all(p.startswith("<rubric text>") for p in problems)


def test_a_missing_file_and_invalid_toml_are_problems(tmp_path: Path) -> None:
    (problem,) = check_rubric(tmp_path / "absent.toml")
    assert "absent.toml" in problem and "cannot read" in problem
    (problem,) = check_rubric("schema = 1\nid = [\n")
    assert "not valid TOML" in problem


def test_labels_must_be_bilingual_unless_told_otherwise() -> None:
    text = (RUBRIC_TOML.replace('title = { zh = "道德讲堂", en = "Moral lecture" }',
                                'title = "道德讲堂"')
            .replace('label = { zh = "每年志愿服务", en = "Volunteer service every year" }',
                     'label = { zh = "每年志愿服务" }'))
    problems = check_rubric(text)
    assert len(problems) == 2, problems
    assert "[item 1 title]: one text for both languages ('道德讲堂')" in problems[0]
    assert "[item 2 criteria[0] label]" in problems[1]
    assert check_rubric(text, bilingual=False) == []


def test_plugins_lend_their_criterion_types() -> None:
    text = RUBRIC_TOML.replace('type = "present"', 'type = "always"').replace(
        'kinds = ["moral-lecture"]\n', "")

    class Always:
        @hookimpl
        def wenming_criterion_types(self) -> list[CriterionType]:
            return [CriterionType("always", dict, lambda params, ctx: [], kinds_param=None)]

    (problem,) = check_rubric(text)
    assert "unknown criterion type" in problem and "'always'" in problem
    assert check_rubric(text, Always()) == []


def test_plugins_that_cannot_load_are_a_problem() -> None:
    class Broken:
        @hookimpl
        def wenming_criterion_types(self) -> list[CriterionType]:
            raise RuntimeError("kaput")

    (problem,) = check_rubric(RUBRIC_TOML, Broken())
    assert problem.startswith("the plugins cannot be loaded")
    assert "kaput" in problem


def test_scoring_a_dataset_reveals_windows_the_campaign_lacks() -> None:
    text = RUBRIC_TOML.replace('kinds = ["moral-lecture"]',
                               'kinds = ["moral-lecture"]\nwindow = "phase:no-such-phase"')
    dataset = DatasetBuilder().build()
    assert check_rubric(text) == []  # valid as a document …
    (problem,) = check_rubric(text, dataset=dataset, as_of="2021-12-31")
    assert "[item 1]" in problem and "no-such-phase" in problem  # … but not for this campaign
    assert check_rubric(RUBRIC_TOML, dataset=dataset) == []
