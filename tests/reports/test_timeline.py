"""The campaign timeline: phase status and deliverables as of a date."""

from __future__ import annotations

from datetime import date

from tests.reports import support
from wenming.reports import DeliverableStatus, PhaseStatus, build_timeline
from wenming.testing import DatasetBuilder


def _status(timeline, phase, kind):
    return next(d for d in timeline.phase(phase).deliverables if d.kind == kind)


def test_done_current_and_upcoming_phases():
    timeline = build_timeline(support.dataset(), support.AS_OF)
    status = {p.id: p.status for p in timeline.phases}
    assert status == {
        "preparation": PhaseStatus.DONE, "mobilisation": PhaseStatus.DONE,
        "full-creation": PhaseStatus.DONE, "self-check": PhaseStatus.DONE,
        "rectification": PhaseStatus.CURRENT, "inspection": PhaseStatus.UPCOMING,
    }
    assert [p.id for p in timeline.current()] == ["rectification"]


def test_deliverables_met_missing_overdue_upcoming():
    timeline = build_timeline(support.dataset(), support.AS_OF)
    setup = _status(timeline, "preparation", "leading-group-establishment")
    assert (setup.status, setup.evidence) == (DeliverableStatus.MET, ("G1",))
    assert _status(timeline, "preparation", "work-plan").status is DeliverableStatus.OVERDUE
    assert _status(timeline, "rectification",
                   "rectification-record").status is DeliverableStatus.MISSING
    assert _status(timeline, "inspection", "video-materials").status \
        is DeliverableStatus.UPCOMING
    overdue = {(p.id, d.kind) for p, d in timeline.overdue()}
    assert overdue == {("preparation", "work-plan"), ("preparation", "staff-consultation"),
                       ("self-check", "self-scoring-sheet"),
                       ("self-check", "rectification-list")}


def test_a_shared_boundary_month_makes_two_phases_current():
    # self-check is 2021.08-2021.09 and rectification 2021.09-2021.11
    timeline = build_timeline(support.dataset(), date(2021, 9, 15))
    assert [p.id for p in timeline.current()] == ["self-check", "rectification"]
    assert _status(timeline, "self-check",
                   "rectification-list").status is DeliverableStatus.MISSING


def test_only_records_inside_the_window_and_by_the_as_of_date_count():
    data = (DatasetBuilder()
            .add("work-plan", "2020-07-01", id="WP-late")        # after preparation ended
            .add("rectification-record", "2021-10-20", id="R1")  # after the as-of date
            .build())
    timeline = build_timeline(data, support.AS_OF)
    assert _status(timeline, "preparation", "work-plan").status is DeliverableStatus.OVERDUE
    assert _status(timeline, "rectification",
                   "rectification-record").status is DeliverableStatus.MISSING
    later = build_timeline(data, date(2021, 10, 31))
    record = _status(later, "rectification", "rectification-record")
    assert (record.status, record.evidence) == (DeliverableStatus.MET, ("R1",))


def test_an_overdue_deliverable_names_its_records_dated_outside_the_phase():
    data = (DatasetBuilder()
            .add("work-plan", "2020-07-01", id="WP-late")        # after preparation ended
            .add("rectification-record", "2021-10-20", id="R1")  # after the as-of date
            .build())
    timeline = build_timeline(data, support.AS_OF)
    plan = _status(timeline, "preparation", "work-plan")
    assert plan.outside == (("WP-late", date(2020, 7, 1)),)
    assert plan.note is not None
    assert plan.note.en == "1 record(s) dated outside the phase: WP-late 2020-07-01"
    assert plan.note.zh == "有 1 条记录日期不在本阶段时间内：WP-late 2020-07-01"
    # a record after the as-of date did not exist yet: nothing to explain
    record = _status(timeline, "rectification", "rectification-record")
    assert record.outside == () and record.note is None
