"""``trend``, ``agenda``, ``what-if`` and ``plan``: progress over time and ahead of time.

Standalone ``click`` commands attached by the main group, built like
``gaps`` and ``timeline`` (:mod:`wenming.cli.reports`): the same
``--as-of``, ``--output`` and ``--force`` rules, the same error handling.
They render in ``table``, ``markdown``, ``json``, ``html`` and ``xlsx``; ``agenda``
also writes an iCalendar file (``--format ics`` or ``-o FILE.ics``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wenming.cli import output as out
from wenming.cli.errors import CliError
from wenming.cli.reports import _DIRECTORY, CONTEXT_SETTINGS, _errors, _rubrics, _Run
from wenming.model.labels import Label

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.types import Reporter

__all__ = ["agenda_command", "plan_command", "trend_command", "what_if_command"]

F = TypeVar("F", bound=Callable[..., Any])

#: The formats these reports render in (the progress reporters register with these).
FORMATS = ("table", "markdown", "json", "html", "xlsx")


def _options(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        for option in reversed([
            click.option("--as-of", callback=out.as_of_option, metavar="DATE",
                         help="As of this day, e.g. 2021-06-30 / 基准日 "
                              "(default: today, or the campaign's end once it has passed)."),
            click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
                         help="Only this rubric (repeatable) / 只按该细则（可重复）."),
            click.option("--format", "format_name", type=click.Choice(formats),
                         help="Output format; default: from the --output extension, else "
                              "table / 输出格式，默认按 --output 的扩展名"),
            out.output_option(),
            click.option("--force", is_flag=True,
                         help="Overwrite an existing --output file / 覆盖已有文件."),
        ]):
            func = option(func)
        return func

    return decorate


def _ics_reporter() -> Reporter:
    from wenming.plugins.types import Reporter
    from wenming.reports.agenda import agenda_to_ics

    return Reporter("ics", agenda_to_ics, Label("iCalendar 日历文件", "iCalendar file"),
                    binary=True, suffix=".ics")


def _reporter(run: _Run, format_name: str | None, output: Path | None,
              formats: tuple[str, ...]) -> Reporter:
    """The reporter for ``--format``, else the ``--output`` extension, else ``table``."""
    reporters: Mapping[str, Reporter] = run.host.reporters()
    extra = {"ics": _ics_reporter()} if "ics" in formats else {}
    usable = {name: r for name, r in {**reporters, **extra}.items() if name in formats}
    if format_name is None and output is not None and not out.is_stdout(output) \
            and output.suffix:
        suffix = {".htm": ".html", ".markdown": ".md"}.get(output.suffix.lower(),
                                                          output.suffix.lower())
        named = [name for name, r in usable.items() if r.suffix.lower() == suffix]
        if not named:
            raise CliError(run.say(Label(
                f"无法从扩展名 {output.suffix!r} 判断输出格式；请用 --format 指定"
                f"（可用：{', '.join(formats)}）",
                f"cannot tell the format from the extension {output.suffix!r} of {output}; "
                f"give --format (one of: {', '.join(formats)})")))
        format_name = named[0]
    reporter = usable.get(format_name or "table")
    if reporter is None:
        raise CliError(run.say(Label(f"未安装输出格式 {format_name!r}",
                                     f"the {format_name!r} format is not installed")))
    if reporter.binary and out.is_stdout(output):
        raise CliError(run.say(Label(
            f"{reporter.name} 格式请用 --output 文件{reporter.suffix} 指定输出文件",
            f"format {reporter.name!r} needs --output FILE{reporter.suffix}")))
    return reporter


def _load(run: _Run, directory: Path, output: Path | None, force: bool,
          progress: out.Progress) -> Dataset:
    out.refuse_overwrite(run, output, [directory], force, out.evidence_folders(directory))
    with progress.step(run.say(Label("读取数据集", "Loading the dataset"))):
        dataset = out.load_dataset(run.host, directory)
    out.refuse_overwrite(run, output, out.input_paths(dataset, directory), force,
                         out.evidence_folders(directory, dataset))
    return dataset


def _scorer(run: _Run) -> Any:
    from wenming.scoring import Scorer

    return Scorer(run.host)


def _every_option(func: F) -> F:
    option: Callable[[F], F] = click.option(
        "--every", type=click.Choice(("week", "month", "quarter")), default="month",
        show_default=True, help="One point per week, month or quarter end / 统计周期.")
    return option(func)


def _start(run: _Run, directory: Path, rubric_ids: tuple[str, ...], format_name: str | None,
           output: Path | None, force: bool, as_of: date | None,
           formats: tuple[str, ...] = FORMATS
           ) -> tuple[out.Progress, list[str], Reporter, Dataset, date]:
    """What every progress command does first: rubrics, reporter, dataset and the as-of date."""
    progress = out.Progress()
    ids = _rubrics(run, rubric_ids)
    reporter = _reporter(run, format_name, output, formats)
    dataset = _load(run, directory, output, force, progress)
    return progress, ids, reporter, dataset, out.as_of_for(run, dataset, as_of)


@click.command("trend", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@_every_option
@click.option("--from", "start", callback=out.as_of_option, metavar="DATE",
              help="First day of the curve (default: the campaign's start) / 起始日.")
@_options()
@click.pass_context
def trend_command(ctx: click.Context, directory: Path, every: str, start: date | None,
                  as_of: date | None, rubric_ids: tuple[str, ...], format_name: str | None,
                  output: Path | None, force: bool) -> None:
    """The campaign scored as of every week, month or quarter end / 创建进度趋势.

    Recomputed from today's ledgers: per rubric, the total against the pass
    line and the items turning met at each step.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports.trend import build_trend

        progress, ids, reporter, dataset, day = _start(
            run, directory, rubric_ids, format_name, output, force, as_of)
        label = run.say(Label("评分", "Scoring"))
        with progress.step(label):
            def step(when: date) -> None:
                progress.label = f"{label} {when}"

            trend = build_trend(_scorer(run), dataset, ids, every, start, day, on_step=step)
        out.emit(run, reporter, trend, output, force, progress)


@click.command("agenda", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@click.option("--days", type=click.IntRange(0, 3660), default=90, show_default=True,
              help="How many days ahead / 向后看多少天.")
@_options((*FORMATS, "ics"))
@click.pass_context
def agenda_command(ctx: click.Context, directory: Path, days: int, as_of: date | None,
                   rubric_ids: tuple[str, ...], format_name: str | None, output: Path | None,
                   force: bool) -> None:
    """What falls due in the next days, its points and who acts / 近期到期事项.

    Periods ending, festival windows, phase deliverables, units that coverage
    rules still lack and items waiting for an assessor. ``-o agenda.ics``
    writes an iCalendar file; ``--format markdown`` gives checklists per unit.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports.agenda import build_agenda

        progress, ids, reporter, dataset, day = _start(
            run, directory, rubric_ids, format_name, output, force, as_of, (*FORMATS, "ics"))
        scorer = _scorer(run)
        with progress.step(run.say(Label("评分", "Scoring"))):
            cards = scorer.score_all(dataset, ids, day)
            agenda = build_agenda(cards, dataset, day, days, scorer.rubrics)
        if reporter.name == "ics" and not agenda.entries:
            # A calendar needs at least one event (RFC 5545): say so rather than write
            # a file that calendars reject or import as nothing.
            click.echo(run.say(Label(
                f"{day} 至 {agenda.horizon} 期间没有到期事项，未生成日历文件",
                f"Nothing falls due between {day} and {agenda.horizon}; "
                "no calendar file written")), err=True)
            return
        out.emit(run, reporter, agenda, output, force, progress)


@click.command("what-if", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@click.argument("records", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_options()
@click.pass_context
def what_if_command(ctx: click.Context, directory: Path, records: Path, as_of: date | None,
                    rubric_ids: tuple[str, ...], format_name: str | None,
                    output: Path | None, force: bool) -> None:
    """Score with hypothetical records added and show the difference / 假设分析.

    RECORDS is one ledger file (CSV, XLSX or JSONL, the dataset's columns);
    it is read like the dataset's own ledgers but never joins them.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.loaders import load_records
        from wenming.reports.plan import build_what_if

        progress, ids, reporter, dataset, day = _start(
            run, directory, rubric_ids, format_name, output, force, as_of)
        out.refuse_overwrite(run, output, [records], force)
        with progress.step(run.say(Label("读取假设记录", "Loading the hypothetical records"))):
            extra = load_records(records, dataset,
                                 subject=f"the hypothetical records in {records}")
        with progress.step(run.say(Label("评分", "Scoring"))):
            report = build_what_if(_scorer(run), dataset, extra, day, ids, source=str(records))
        out.emit(run, reporter, report, output, force, progress)


@click.command("plan", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@click.option("--by", "by", callback=out.as_of_option, metavar="DATE", required=True,
              help="The day the rubrics should pass, e.g. 2021-11-15 / 目标日.")
@click.option("--target", type=click.Choice(("pass", "full")), default="pass",
              show_default=True,
              help="pass: every rubric over its pass line; full: as close to full marks as "
                   "time allows / 目标：达标或尽量满分.")
@_options()
@click.pass_context
def plan_command(ctx: click.Context, directory: Path, by: date, target: str,
                 as_of: date | None, rubric_ids: tuple[str, ...], format_name: str | None,
                 output: Path | None, force: bool) -> None:
    """Propose activities that bring the rubrics over the line by a date / 达标计划.

    Only records dated up to --as-of count as done; activities are ordered by
    the points they gain across rubrics, and the projected scorecards are
    re-scored with their records. What can no longer be recovered is listed.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports.plan import build_plan

        progress, ids, reporter, dataset, day = _start(
            run, directory, rubric_ids, format_name, output, force, as_of)
        if by < day:
            raise CliError(run.say(Label(f"--by {by} 早于基准日 {day}",
                                         f"--by {by} is before the as-of date {day}")))
        label = run.say(Label("制定计划", "Planning"))
        with progress.step(label):
            def step(what: str) -> None:
                progress.label = f"{label} {what}"

            plan = build_plan(_scorer(run), dataset, day, by, target, ids, on_step=step)
        out.emit(run, reporter, plan, output, force, progress)


#: What the main group attaches.
COMMANDS = (trend_command, agenda_command, what_if_command, plan_command)
