"""``archive record``, ``history`` and ``diff``: score history kept in a database.

The archive is a SQLite file (``--db FILE``, else ``$WENMING_DB``, else
``~/.local/share/wenming/archive.sqlite``) or a PostgreSQL database
(``--db postgresql://…``); see :mod:`wenming.archive`. A campaign's runs are
found by its campaign id, so a dataset folder that moves keeps its history.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wenming.cli import output as out
from wenming.cli.errors import CliError
from wenming.cli.output import as_of_option as _as_of
from wenming.cli.output import load_dataset as _load_dataset
from wenming.cli.reports import CONTEXT_SETTINGS, _errors, _Run
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.archive import Archive
    from wenming.plugins.types import Reporter

__all__ = ["COMMANDS", "archive_group", "diff_command", "history_command", "record_command"]

F = TypeVar("F", bound=Callable[..., Any])

#: ``archive record`` prints a summary; ``history`` and ``diff`` render reports.
_RECORD_FORMATS = ("table", "markdown", "json")
# Kept here rather than read from wenming.archive.render, which needs the archive extra:
# the commands must load (and say how to install it) without SQLAlchemy.
_SUFFIXES = {"table": ".txt", "markdown": ".md", "json": ".json", "html": ".html",
             "xlsx": ".xlsx"}
_REPORT_FORMATS = tuple(_SUFFIXES)
_NEEDS_EXTRA = Label(
    "档案库需要可选依赖：pip install 'wenming[archive]'（SQLAlchemy、Alembic、psycopg）",
    "the archive needs the optional dependencies: pip install 'wenming[archive]' "
    "(SQLAlchemy, Alembic, psycopg)")


def _db_option(func: F) -> F:
    return click.option(
        "--db", metavar="FILE|URL",
        help="The archive: a SQLite file (created on first use) or postgresql://… / 档案库 "
             "(default: $WENMING_DB, else ~/.local/share/wenming/archive.sqlite).")(func)


def _options(func: F) -> F:
    """``--db``, ``--init`` and ``--format`` of ``archive record``."""
    func = click.option("--init", "init", is_flag=True,
                        help="Make an existing empty --db file an archive / 将已有的空文件初始化"
                             "为档案库.")(func)
    func = click.option("--format", "format_name", type=click.Choice(_RECORD_FORMATS),
                        default="table", show_default=True,
                        help="Output format / 输出格式.")(func)
    return _db_option(func)


def _report_options(func: F) -> F:
    """``--db``, ``--format``, ``--output`` and ``--force`` of ``history`` and ``diff``."""
    func = click.option("--force", is_flag=True,
                        help="Overwrite an existing --output file / 覆盖已有文件.")(func)
    func = out.output_option()(func)
    func = click.option("--format", "format_name", type=click.Choice(_REPORT_FORMATS),
                        help="Output format; default: from the --output extension, else "
                             "table / 输出格式，默认按 --output 的扩展名")(func)
    return _db_option(func)


def _reporters(report: str) -> dict[str, Reporter]:
    """The archive's formats for ``report`` ("history" or "diff") as reporters, so that the
    shared output rules apply: the format from the extension, binary only to a file,
    files written whole."""
    from wenming.plugins.types import Reporter

    def bind(name: str) -> Callable[..., str | bytes]:
        def draw(value: Any, lang: str = "en") -> str | bytes:
            from wenming.archive.render import render_diff, render_history

            chosen: Lang = "zh" if lang == "zh" else "en"
            if report == "history":
                return render_history(value, name, chosen)
            return render_diff(value, name, chosen)

        return draw

    return {name: Reporter(name, bind(name), binary=name == "xlsx", suffix=_SUFFIXES[name])
            for name in _REPORT_FORMATS}


def _archive_file(archive: Archive) -> list[Path]:
    """The SQLite file of ``archive``: a report must never be written over it."""
    url = archive.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return [Path(url.database)]
    return []


@contextmanager
def _opened(run: _Run, db: str | None, *, create: bool, init: bool = False
            ) -> Iterator[Archive]:
    try:
        from wenming.archive import open_archive
    except ImportError as err:
        if (err.name or "").split(".")[0] in ("sqlalchemy", "alembic", "psycopg"):
            raise CliError(run.say(_NEEDS_EXTRA)) from err
        raise
    with open_archive(db, create=create, init=init) as archive:
        yield archive


def _campaign_id(run: _Run, directory: Path) -> str:
    """The campaign id of ``directory`` from campaign.toml, without loading the ledgers."""
    try:
        with (directory / "campaign.toml").open("rb") as handle:
            found = tomllib.load(handle).get("campaign", {}).get("id")
        if isinstance(found, str) and found.strip():
            return found.strip()
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        pass
    # Whatever is wrong, the loader says it with file, line and field.
    return _load_dataset(run.host, directory).campaign.id


# -- commands --------------------------------------------------------------
@click.group("archive", context_settings=CONTEXT_SETTINGS)
def archive_group() -> None:
    """Keep scoring runs in a database / 评分历史档案库."""


@archive_group.command("record", context_settings=CONTEXT_SETTINGS)
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
              help="Only this rubric (repeatable) / 只按该细则（可重复）.")
@click.option("--as-of", callback=_as_of, metavar="DATE",
              help="Score as of this day / 评分基准日 (default: today, or the campaign's end "
                   "once it has passed).")
@_options
@click.pass_context
def record_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                   as_of: date | None, db: str | None, init: bool, format_name: str) -> None:
    """Score a dataset and store the run in the archive / 评分并存入档案库.

    Stores the scores of every item, the rectification list and a content
    hash of every record, in one transaction: a run is stored whole or not at all.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.archive import take_snapshot
        from wenming.scoring import Scorer

        progress = out.Progress()
        host = run.host
        ids = out.rubric_ids(run, host.rubrics(), rubric_ids, out.no_rubric(host))
        with _opened(run, db, create=True, init=init) as archive:
            with progress.step(run.say(Label("读取数据集", "Loading the dataset"))):
                dataset = _load_dataset(host, directory)
            day = out.as_of_for(run, dataset, as_of)
            scorer = Scorer(host)
            cards = [scorer.score(dataset, rubric_id, day)
                     for rubric_id in progress.each(ids, run.say(Label("评分", "Scoring")))]
            with progress.step(run.say(Label("生成整改清单与记录指纹",
                                             "Building the gaps and record fingerprints"))):
                snapshot = take_snapshot(cards, dataset, day, path=directory)
            with progress.step(run.say(Label("写入档案库", "Writing to the archive"))):
                run_id = archive.record(snapshot)
            stored = archive.run(run_id)
            where = archive.where
        if format_name == "json":
            from wenming.archive.render import _run_data

            click.echo(json.dumps({"schema": "wenming.archive-record/1", "archive": where,
                                   "gaps": len(snapshot.gaps), "run": _run_data(stored)},
                                  ensure_ascii=False, indent=2))
            return
        lines = [run.say(Label(
            f"已存入运行 {run_id}（{where}）：基准日 {day}，{len(snapshot.fingerprint)} 条记录，"
            f"整改 {len(snapshot.gaps)} 项",
            f"Recorded run {run_id} in {where}: as of {day}, "
            f"{len(snapshot.fingerprint)} records, {len(snapshot.gaps)} gaps"))]
        from wenming.reporters.labels import number, verdict

        bullet = "- " if format_name == "markdown" else "  "
        lines += [f"{bullet}{r.rubric_id} {r.version}: {number(r.total)} / {number(r.maximum)} "
                  f"{verdict(r.verdict).text(run.lang)}" for r in stored.rubrics]
        click.echo("\n".join(lines))


@click.command("history", context_settings=CONTEXT_SETTINGS)
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--item", metavar="CODE",
              help="One item's state and points in every run / 某一测评条目的历次结果.")
@_report_options
@click.pass_context
def history_command(ctx: click.Context, directory: Path, item: str | None, db: str | None,
                    format_name: str | None, output: Path | None, force: bool) -> None:
    """Totals and verdicts of the recorded runs of a campaign / 历次评分.

    Runs are found by the campaign id in DIR/campaign.toml.
    """
    run = _Run(ctx)
    with _errors(run):
        reporter = out.reporter_for(run, _reporters("history"), format_name, output,
                                    "History")
        out.refuse_overwrite(run, output, [directory], force, out.evidence_folders(directory))
        campaign = _campaign_id(run, directory)
        with _opened(run, db, create=False) as archive:
            from wenming.archive import build_history

            out.refuse_overwrite(run, output, _archive_file(archive), force)
            history = build_history(archive, campaign, item)
        out.emit(run, reporter, history, output, force)


@click.command("diff", context_settings=CONTEXT_SETTINGS)
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@click.option("--campaign", metavar="ID",
              help="The campaign, when a date names runs of several / 日期对应多个创建活动时指定.")
@_report_options
@click.pass_context
def diff_command(ctx: click.Context, first: str, second: str, campaign: str | None,
                 db: str | None, format_name: str | None, output: Path | None,
                 force: bool) -> None:
    """What changed between two runs (run ids or as-of dates) / 两次运行的差异.

    Lists the items whose state or points changed, with the records added,
    changed or removed of the kinds each item reads.
    """
    run = _Run(ctx)
    with _errors(run):
        reporter = out.reporter_for(run, _reporters("diff"), format_name, output, "RunDiff")
        out.refuse_overwrite(run, output, [], force)
        with _opened(run, db, create=False) as archive:
            from wenming.archive import build_diff

            out.refuse_overwrite(run, output, _archive_file(archive), force)
            a = archive.resolve(first, campaign)
            b = archive.resolve(second, campaign)
            diff = build_diff(archive, a, b)
        out.emit(run, reporter, diff, output, force)


#: What the main group attaches.
COMMANDS = (archive_group, history_command, diff_command)
