"""The agenda: what falls due next, its points and who acts, and its iCalendar file."""

from __future__ import annotations

import json
from datetime import date, timedelta

import icalendar
import pytest

from tests.reports.progress_support import RUBRICS, example
from wenming.reporters import JSON, MARKDOWN, TABLE
from wenming.reports.agenda import AgendaCategory, agenda_to_ics, build_agenda

AS_OF = date(2021, 4, 15)


def _agenda(as_of: date = AS_OF, days: int = 90):
    scorer, dataset = example()
    cards = scorer.score_all(dataset, RUBRICS, as_of)
    return build_agenda(cards, dataset, as_of, days, scorer.rubrics), cards


def test_every_entry_falls_in_the_horizon_and_comes_in_deadline_order():
    agenda, _ = _agenda()
    assert agenda.horizon == date(2021, 7, 14)
    assert agenda.entries
    assert all(AS_OF <= e.deadline <= agenda.horizon for e in agenda.entries
               if e.category is not AgendaCategory.ASSESSMENT)
    deadlines = [e.deadline for e in agenda.entries]
    assert deadlines == sorted(deadlines)


def test_every_pending_check_in_the_horizon_is_on_the_agenda():
    agenda, cards = _agenda()
    listed = {(s.rubric_id, s.item_code) for e in agenda.entries for s in e.stakes}
    for card in cards:
        for item in card.items.values():
            for criterion in item.criteria:
                for check in criterion.checks:
                    if check.pending and check.deadline and check.deadline <= agenda.horizon:
                        assert (card.rubric_id, item.code) in listed


def test_one_moral_lecture_by_june_30_counts_in_two_rubrics():
    agenda, _ = _agenda()
    lecture = next(e for e in agenda.entries if "moral-lecture" in e.kinds)
    assert lecture.deadline == date(2021, 6, 30)
    assert lecture.category is AgendaCategory.PERIOD
    assert {"example", "provincial-18"} <= set(lecture.gains)
    # provincial-18 item 6: 6 points over 4 half-years, proportional → 1.5 … but 2 of the
    # 4 are counted so far, so one more met of three counted is worth 2.
    assert lecture.gains["provincial-18"] == pytest.approx(2.0)
    # moral lectures are main task t04, which the example campaign gives to the party committee
    assert lecture.unit == "party" and lecture.found == 0 and lecture.required == 1


def test_festival_windows_carry_their_dates():
    agenda, _ = _agenda()
    duanwu = next(e for e in agenda.entries if e.category is AgendaCategory.FESTIVAL
                  and "端午" in e.what.zh)
    # 端午 2021 falls on 14 June; the window is a week either side.
    assert (duanwu.opens, duanwu.deadline) == (date(2021, 6, 7), date(2021, 6, 21))
    assert set(duanwu.gains) == {"provincial-18", "municipal-plan"}


def test_phase_deliverables_and_units_still_missing():
    agenda, _ = _agenda(date(2021, 8, 15), 60)
    deliverables = [e for e in agenda.entries if e.category is AgendaCategory.DELIVERABLE]
    kinds = {k for e in deliverables for k in e.kinds}
    assert {"self-scoring-sheet", "rectification-list"} <= kinds
    sheet = next(e for e in deliverables if "self-scoring-sheet" in e.kinds)
    assert (sheet.opens, sheet.deadline) == (date(2021, 8, 1), date(2021, 9, 30))
    assert sheet.gains.get("municipal-plan", 0) > 0
    assert "Self-check" in sheet.what.en


def test_coverage_lists_the_unit_that_must_act():
    # Task work counts until rectification ends (2021-11-30, #23), so look that far ahead.
    agenda, _ = _agenda(date(2021, 6, 1), 190)
    coverage = [e for e in agenda.entries if e.category is AgendaCategory.COVERAGE]
    assert coverage
    assert all(e.unit != "office" for e in coverage)
    assert any(e.unit == "north" and e.deadline == date(2021, 11, 30) for e in coverage)


def test_items_awaiting_an_assessor():
    agenda, _ = _agenda(date(2021, 11, 1), 90)
    assessments = [e for e in agenda.entries if e.category is AgendaCategory.ASSESSMENT]
    assert any(s.rubric_id == "provincial-18" and s.item_code == "14"
               for e in assessments for s in e.stakes)


def test_nothing_after_the_horizon():
    agenda, _ = _agenda(AS_OF, 0)
    assert all(e.deadline <= AS_OF for e in agenda.entries)
    with pytest.raises(ValueError):
        _agenda(AS_OF, -1)


def test_icalendar_has_one_all_day_event_per_duty():
    agenda, _ = _agenda()
    data = agenda_to_ics(agenda, "zh")
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    # An entry one action settles in two rubrics is two duties: an event each.
    duties = [entry for entry in agenda.entries
              for _ in ({(s.rubric_id, s.item_code, s.criterion) for s in entry.stakes}
                        or {None})]
    assert len(events) == len(duties) > len(agenda.entries)
    assert calendar.get("x-wr-timezone") == "Asia/Shanghai"
    for event, entry in zip(events, duties, strict=True):
        start = event.decoded("dtstart")
        assert start == entry.deadline  # a date, not a date-time: all day
        assert event.decoded("dtend") == entry.deadline + timedelta(days=1)
        description = str(event.get("description"))
        for stake in entry.stakes:
            assert f"{stake.rubric_id} {stake.item_code}" in description
            assert f"{stake.points:g}" in description
    uids = [str(e.get("uid")) for e in events]
    assert len(set(uids)) == len(uids)
    assert agenda_to_ics(agenda, "zh") == data  # the same agenda, the same file


def test_markdown_checklists_per_unit_and_json():
    agenda, _ = _agenda()
    text = MARKDOWN.render(agenda, lang="zh")
    assert "- [ ] 2021-06-30" in text and "## 各责任单位清单" in text
    data = json.loads(JSON.render(agenda))
    assert data["schema"] == "wenming.agenda/1" and data["horizon"] == "2021-07-14"
    assert len(data["entries"]) == len(agenda.entries)
    assert data["total_at_stake"] == agenda.total_at_stake()
    assert "道德讲堂" in TABLE.render(agenda, lang="zh", width=160)


@pytest.mark.parametrize("hostile", ["生态局\nBEGIN:VEVENT", "生态局\rEND:VCALENDAR",
                                     "生态局\r\nX-INJECTED:1", "生态\x1b[2J局\x00", "a\u0085b"])
def test_icalendar_escapes_the_calendar_name_and_titles(hostile: str):
    import attrs

    from wenming.model.labels import Label

    agenda, _ = _agenda()
    events = agenda_to_ics(agenda, "zh").split(b"\r\n").count(b"BEGIN:VEVENT")
    entry = attrs.evolve(agenda.entries[0], what=Label(hostile, hostile),
                         unit_name=Label(hostile, hostile))
    agenda = attrs.evolve(agenda, dataset_title=Label(hostile, hostile),
                          entries=(entry, *agenda.entries[1:]))
    for lang in ("zh", "en"):
        data = agenda_to_ics(agenda, lang)
        # Every line ends CR LF, and nothing the title holds starts a line of its own.
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert all(b"\r" not in line and b"\n" not in line for line in lines)
        assert not any(line.startswith(b"X-INJECTED") for line in lines)
        assert lines.count(b"BEGIN:VEVENT") == events
        assert lines.count(b"END:VCALENDAR") == 1 and lines[-1] == b"END:VCALENDAR"
        assert not any(c in data for c in (b"\x1b", b"\x00", "\u0085".encode()))
        calendar = icalendar.Calendar.from_ical(data)
        name = str(calendar.get("x-wr-calname"))
        assert name.startswith("生态") or name.startswith("a"), name
        assert "\n" not in name and "\r" not in name
        assert len(list(calendar.walk("VEVENT"))) == events
