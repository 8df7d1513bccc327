"""``gaps``, ``compare`` and ``timeline``: the reports users act on, from the command line.

The commands are standalone ``click`` commands; the main group attaches
them. They take their plugin host and language from the context object
when there is one (the group's :class:`~wenming.cli.main.CliState`, or a
dict with ``host`` and ``lang``), so tests can run them directly.

Output goes to stdout, or with ``--output FILE`` to a file whose extension
picks the format unless ``--format`` does; files are written atomically, never
over an existing one without ``--force``, never inside the dataset's
evidence folder. Errors are one message on stderr and exit status 2 (3 when
an installed plugin or rubric is broken), never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wenming.cli import output as out
from wenming.cli.errors import CliError, is_broken_pipe, to_cli_error
from wenming.cli.output import as_of_option as _as_of
from wenming.cli.output import load_dataset as _load_dataset
from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter
    from wenming.scoring import Scorecard

__all__ = ["compare_command", "gaps_command", "timeline_command"]

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


# -- context ---------------------------------------------------------------
class _Run:
    """The host, language and debug flag a command runs with."""

    def __init__(self, ctx: click.Context) -> None:
        obj = ctx.obj
        self._host: PluginHost | None = None
        self._factory: Callable[[], PluginHost] | None = None
        self.debug = False
        self.lang: Lang = "en"
        if isinstance(obj, Mapping):
            self._host = obj.get("host")
            self.lang = _lang(obj.get("lang", "en"))
            self.debug = bool(obj.get("debug", False))
        elif obj is not None:
            # the main group's CliState builds its host on first use
            self._factory = lambda: obj.host
            self.lang = _lang(getattr(obj, "lang", "en"))
            self.debug = bool(getattr(obj, "debug", False))

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            if self._factory is not None:
                self._host = self._factory()
            else:
                from wenming.plugins import PluginHost

                self._host = PluginHost()
        return self._host

    def say(self, label: Label) -> str:
        return label.text(self.lang)


def _lang(value: object) -> Lang:
    return "zh" if value == "zh" else "en"


@contextmanager
def _errors(run: _Run) -> Iterator[None]:
    """wenming's and the file system's errors as a message and an exit code."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except (WenmingError, OSError) as error:
        if run.debug or is_broken_pipe(error):
            raise
        raise to_cli_error(error, run.lang) from error


# -- options ---------------------------------------------------------------


def _common(report: str) -> Callable[[F], F]:
    """``--as-of``, ``--format``, ``--output`` and ``--force``, shared by every command."""

    def decorate(func: F) -> F:
        for option in reversed([
            click.option("--as-of", callback=_as_of, metavar="DATE",
                         help="Report as of this day, e.g. 2021-06-30 / 基准日 "
                              "(default: today, or the campaign's end once it has passed)."),
            out.format_option(report),
            out.output_option(),
            click.option("--force", is_flag=True,
                         help="Overwrite an existing --output file / 覆盖已有文件."),
        ]):
            func = option(func)
        return func

    return decorate


def _scoring(func: F) -> F:
    """``--rubric`` and ``--unit``, for the commands that score."""
    func = click.option("--unit", metavar="ID", help="Only this unit / 只看该单位.")(func)
    return click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
                        help="Only this rubric (repeatable) / 只按该细则（可重复）.")(func)


_DIRECTORY = click.argument("directory", type=click.Path(exists=True, file_okay=False,
                                                         path_type=Path))


# -- shared steps ----------------------------------------------------------


def _prepare(run: _Run, directory: Path, format_name: str | None, output: Path | None,
             force: bool, report: str, progress: out.Progress) -> tuple[Reporter, Dataset]:
    """Check the format and the output file, then load the dataset."""
    reporter = out.reporter_for(run, run.host.reporters(), format_name, output, report)
    out.refuse_overwrite(run, output, [directory], force, out.evidence_folders(directory))
    with progress.step(run.say(Label("读取数据集", "Loading the dataset"))):
        dataset = _load_dataset(run.host, directory)
    out.refuse_overwrite(run, output, out.input_paths(dataset, directory), force,
                         out.evidence_folders(directory, dataset))
    return reporter, dataset


def _rubrics(run: _Run, rubric_ids: Sequence[str]) -> list[str]:
    host = run.host
    return out.rubric_ids(run, host.rubrics(), rubric_ids, out.no_rubric(host))


def _score(run: _Run, dataset: Dataset, rubric_ids: Sequence[str], as_of: date,
           unit: str | None, progress: out.Progress) -> list[Scorecard]:
    from wenming.scoring import Scorer

    scorer = Scorer(run.host)
    label = run.say(Label("评分", "Scoring"))
    return [scorer.score(dataset, rubric_id, as_of, unit)
            for rubric_id in progress.each(rubric_ids, label)]


# -- commands --------------------------------------------------------------
@click.command("gaps", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@_scoring
@click.option("--by", "by", callback=out.as_of_option, metavar="DATE",
              help="Have every action done by this day: no deadline later / "
                   "整改完成日（时限不晚于该日）.")
@_common(out.GAPS)
@click.pass_context
def gaps_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                 unit: str | None, by: date | None, as_of: date | None,
                 format_name: str | None, output: Path | None, force: bool) -> None:
    """The rectification list: who does what by when, and for how much / 整改清单.

    One row per shortfall across the rubrics, merged when one action fixes it
    in several: 补做 (still doable in an open window), 补档 (complete a record)
    or 已失分 (window closed: explain to the inspectors). Every row names its
    responsible unit and why (责任依据).
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_gaps

        progress = out.Progress()
        ids = _rubrics(run, rubric_ids)
        reporter, dataset = _prepare(run, directory, format_name, output, force, out.GAPS,
                                     progress)
        unit = out.check_unit(run, dataset, unit)
        day = out.as_of_for(run, dataset, as_of)
        if by is not None and by < day:
            raise CliError(run.say(Label(
                f"--by {by} 早于评估日 {day}", f"--by {by} is before the as-of date {day}")))
        cards = _score(run, dataset, ids, day, unit, progress)
        with progress.step(run.say(Label("生成整改清单", "Building the rectification list"))):
            gaps = build_gaps(cards, dataset, day, by=by)
        out.emit(run, reporter, gaps, output, force, progress)


@click.command("compare", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@_scoring
@_common(out.COMPARE)
@click.pass_context
def compare_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                    unit: str | None, as_of: date | None, format_name: str | None,
                    output: Path | None, force: bool) -> None:
    """All rubrics side by side: totals, areas, records and disagreements / 细则对比."""
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_comparison

        progress = out.Progress()
        ids = _rubrics(run, rubric_ids)
        reporter, dataset = _prepare(run, directory, format_name, output, force, out.COMPARE,
                                     progress)
        unit = out.check_unit(run, dataset, unit)
        day = out.as_of_for(run, dataset, as_of)
        cards = _score(run, dataset, ids, day, unit, progress)
        with progress.step(run.say(Label("对比细则", "Comparing the rubrics"))):
            comparison = build_comparison(cards, dataset)
        out.emit(run, reporter, comparison, output, force, progress)


@click.command("timeline", context_settings=CONTEXT_SETTINGS)
@_DIRECTORY
@_common(out.TIMELINE)
@click.pass_context
def timeline_command(ctx: click.Context, directory: Path, as_of: date | None,
                     format_name: str | None, output: Path | None, force: bool) -> None:
    """The campaign's phases and their deliverables as of a date / 创建阶段进度."""
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_timeline

        progress = out.Progress()
        reporter, dataset = _prepare(run, directory, format_name, output, force, out.TIMELINE,
                                     progress)
        day = out.as_of_for(run, dataset, as_of)
        with progress.step(run.say(Label("生成阶段进度", "Building the timeline"))):
            timeline = build_timeline(dataset, day)
        out.emit(run, reporter, timeline, output, force, progress)
