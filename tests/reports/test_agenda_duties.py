"""The agenda's as-of day, its calendar events' stable UIDs and the empty agenda (#19)."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from click.testing import CliRunner

from tests.reports.progress_support import EXAMPLE, RUBRICS, example
from tests.scoring.conftest import one_item_rubric
from wenming.cli.main import cli
from wenming.reports.agenda import EmptyAgendaError, agenda_to_ics, build_agenda
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, RubricPlugin, make_host

LECTURES = {"type": "frequency", "kinds": ["moral-lecture"], "per": "half-year",
            "window": "2021.01-2021.12", "points": 4, "credit": "proportional"}


def _lecture_agenda(as_of: date, days: int = 0):
    # Phases of their own, so that no phase deliverable shares the agenda.
    data = DatasetBuilder().with_phases(()).add("moral-lecture", "2021-02-01").build()
    scorer = Scorer(make_host(RubricPlugin(one_item_rubric([LECTURES]))))
    cards = scorer.score_all(data, ["t"], as_of)
    return build_agenda(cards, data, as_of, days, scorer.rubrics)


def test_what_falls_due_on_the_as_of_day_itself_is_on_the_agenda():
    # The first half-year has its lecture; the second ends on 31 December with none yet.
    agenda = _lecture_agenda(date(2021, 12, 31))
    (entry,) = agenda.entries
    assert entry.deadline == date(2021, 12, 31) and entry.found == 0
    assert entry.combined == pytest.approx(2.0)  # one of two half-years, proportional
    # The day before, it is still running: the same entry, the same stake.
    (before,) = _lecture_agenda(date(2021, 12, 30), 1).entries
    assert before.combined == entry.combined
    # The day after, it is past: not on the agenda.
    assert not _lecture_agenda(date(2022, 1, 1), 30).entries


def _uids(rubric_ids: tuple[str, ...], as_of: date = date(2021, 4, 15)) -> dict[str, str]:
    scorer, dataset = example()
    cards = scorer.score_all(dataset, rubric_ids, as_of)
    agenda = build_agenda(cards, dataset, as_of, 90, scorer.rubrics)
    events = icalendar.Calendar.from_ical(agenda_to_ics(agenda)).walk("VEVENT")
    return {str(e.get("uid")): str(e.get("summary")) for e in events}


def test_calendar_uids_do_not_depend_on_the_rubrics_selected():
    every = _uids(RUBRICS)
    seen: set[str] = set()
    for rubric in RUBRICS:
        alone = _uids((rubric,))
        assert alone and set(alone) <= set(every), rubric
        seen |= set(alone)
    # Every event of the full export is one rubric's duty: the exports import together
    # without a single event twice.
    assert seen == set(every)


def test_an_empty_agenda_has_no_calendar_and_the_cli_says_so(tmp_path):
    agenda = _lecture_agenda(date(2022, 1, 1), 30)
    with pytest.raises(EmptyAgendaError, match="nothing falls due"):
        agenda_to_ics(agenda)
    target = tmp_path / "agenda.ics"
    result = CliRunner().invoke(cli, ["--lang", "en", "agenda", str(EXAMPLE), "--as-of",
                                      "2021-07-05", "--days", "0", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert not target.exists()
    assert "no calendar file written" in result.output


def test_two_cli_exports_with_different_rubrics_share_their_duties_uids(tmp_path):
    example()  # skips without the bundled rubrics
    uids = {}
    for name, selection in (("one", ["--rubric", "provincial-18"]),
                            ("all", [a for r in RUBRICS for a in ("--rubric", r)])):
        target = tmp_path / f"{name}.ics"
        result = CliRunner().invoke(cli, ["agenda", str(EXAMPLE), "--as-of", "2021-04-15",
                                          *selection, "-o", str(target)])
        assert result.exit_code == 0, result.output
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        uids[name] = {str(e.get("uid")) for e in events}
    assert uids["one"] and uids["one"] < uids["all"]
