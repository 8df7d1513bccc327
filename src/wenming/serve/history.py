"""The workspace's score history: runs recorded into the SQLite archive inside it.

The archive is ``.wenming/archive.sqlite`` — the same archive ``wenming archive
record`` writes, so ``wenming history WORKSPACE --db WORKSPACE/.wenming/archive.sqlite``
reads what the page shows. A run is recorded when someone asks (the button on
the page, or ``POST /api/history``): a record of what the assessors would see on
a day, kept for comparison, not a log of every upload.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import anyio
from attrs import frozen
from litestar import Request, Response, get, post
from litestar.response import Redirect

from wenming.serve.common import AsOfQuery, WorkspaceDep, as_of, html, refuse
from wenming.serve.views import label
from wenming.serve.workspace import STATE_DIR, Workspace

__all__ = ["ARCHIVE", "HANDLERS", "RunSummary", "record", "runs"]

ARCHIVE = f"{STATE_DIR}/archive.sqlite"


@frozen
class RunSummary:
    """One recorded run: when, as of which day, and each rubric's total and verdict."""

    id: int
    recorded_at: str
    as_of: date
    records: int
    dataset_hash: str
    totals: dict[str, float]
    verdicts: dict[str, str | None]
    titles: dict[str, dict[str, str]]


def _archive(ws: Workspace, create: bool) -> Any:
    try:
        from wenming.archive import open_archive
    except ImportError as error:  # the archive extra (SQLAlchemy, Alembic) is missing
        raise refuse("archive", "the archive extra is not installed / 未安装 archive 组件",
                     value=error.name, expected="pip install 'wenming[archive]'",
                     status=501) from error
    path = ws.root / ARCHIVE
    if not create and not path.is_file():
        return None
    path.parent.mkdir(exist_ok=True)
    return open_archive(path, create=create)


def _summary(run: Any) -> RunSummary:
    return RunSummary(run.id, run.recorded_at.isoformat(timespec="seconds"), run.as_of,
                      run.record_count, run.dataset_hash,
                      {r.rubric_id: r.total for r in run.rubrics},
                      {r.rubric_id: r.verdict for r in run.rubrics},
                      {r.rubric_id: label(r.title) or {} for r in run.rubrics})


def runs(ws: Workspace) -> list[RunSummary]:
    """Every recorded run of this workspace's campaign, newest first."""
    archive = _archive(ws, create=False)
    if archive is None:
        return []
    with archive:
        found = archive.runs(ws.dataset().campaign.id)
    return [_summary(r) for r in reversed(found)]


def record(ws: Workspace, day: date) -> RunSummary:
    from wenming.archive import take_snapshot

    dataset = ws.dataset()
    cards = ws.scorecards(day)
    with ws.writing():
        archive = _archive(ws, create=True)
        with archive:
            run_id = archive.record(take_snapshot(cards, dataset, day, path=Path(ws.root)))
            return _summary(archive.run(run_id))


@get("/api/history", opt={"action": "view"}, sync_to_thread=True,
     summary="Runs recorded into the workspace's archive, newest first")
def history_api(ws: WorkspaceDep) -> list[RunSummary]:
    return runs(ws)


@get("/history", opt={"action": "view"}, sync_to_thread=True, include_in_schema=False)
def history_page(request: Request[Any, Any, Any], ws: WorkspaceDep) -> Response[str]:
    found = runs(ws)
    rubric_ids = sorted({r for run in found for r in run.totals})
    return html(request, "history.html.j2", runs=found, rubric_ids=rubric_ids,
                as_of=ws.default_as_of(ws.dataset()))


async def _record(ws: Workspace, text: str | None) -> RunSummary:
    dataset = await anyio.to_thread.run_sync(ws.dataset)
    day = as_of(ws, dataset, text)
    summary: RunSummary = await anyio.to_thread.run_sync(partial(record, ws, day))
    return summary


@post("/api/history", opt={"action": "edit"}, status_code=201,
      summary="Record the scorecards as of a day into the workspace's archive")
async def history_record_api(ws: WorkspaceDep, as_of_: AsOfQuery = None) -> RunSummary:
    return await _record(ws, as_of_)


@post("/history/record", opt={"action": "edit"}, include_in_schema=False, status_code=303)
async def history_record_page(request: Request[Any, Any, Any], ws: WorkspaceDep) -> Redirect:
    form = await request.form()
    day = form.get("as_of")
    await _record(ws, day if isinstance(day, str) else None)
    return Redirect("/history", status_code=303)


HANDLERS = [history_api, history_page, history_record_api, history_record_page]
