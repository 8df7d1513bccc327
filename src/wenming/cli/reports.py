"""``gaps``, ``compare`` and ``timeline``: the reports users act on, from the command line.

The commands are standalone ``click`` commands; the main group attaches
them. They take their plugin host and language from the context object
when there is one (the group's :class:`~wenming.cli.main.CliState`, or a
dict with ``host`` and ``lang``), so tests can run them directly.

Output goes to stdout, or with ``--output FILE`` to a file that is never
overwritten without ``--force`` (binary formats such as ``xlsx`` need
``--output``). Errors are one message on stderr and exit status 2 (1 when
an installed plugin or rubric is broken), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wenming.cli import output as out
from wenming.cli.errors import to_cli_error
from wenming.cli.output import as_of_option as _as_of
from wenming.cli.output import load_dataset as _load_dataset
from wenming.cli.output import today as _today
from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter
    from wenming.scoring import Scorecard

__all__ = ["compare_command", "gaps_command", "timeline_command"]

F = TypeVar("F", bound=Callable[..., Any])

_FORMATS = "table, markdown, json, csv, xlsx, html"


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
        if run.debug:
            raise
        raise to_cli_error(error) from error


# -- options ---------------------------------------------------------------


def _common(func: F) -> F:
    """``--as-of``, ``--format``, ``--output`` and ``--force``, shared by every command."""
    for option in reversed([
        click.option("--as-of", callback=_as_of, metavar="DATE",
                     help="Report as of this day, e.g. 2021-06-30 / 基准日 "
                          "(default: today, Beijing)."),
        click.option("--format", "format_name", default="table", show_default=True,
                     metavar="FORMAT",
                     help=f"Output format ({_FORMATS}, or a plugin's) / 输出格式."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write to this file instead of stdout / 写入文件."),
        click.option("--force", is_flag=True,
                     help="Overwrite an existing --output file / 覆盖已有文件."),
    ]):
        func = option(func)
    return func


def _scoring(func: F) -> F:
    """``--rubric`` and ``--unit``, for the commands that score."""
    func = click.option("--unit", metavar="ID", help="Only this unit / 只看该单位.")(func)
    return click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
                        help="Only this rubric (repeatable) / 只按该细则（可重复）.")(func)


_DIRECTORY = click.argument("directory", type=click.Path(exists=True, file_okay=False,
                                                         path_type=Path))


# -- shared steps ----------------------------------------------------------




def _prepare(run: _Run, directory: Path, format_name: str, output: Path | None,
             force: bool) -> tuple[Reporter, Dataset]:
    """Check the format and the output file, then load the dataset."""
    reporter = out.reporter_for(run, run.host.reporters(), format_name, output)
    out.refuse_overwrite(run, output, [directory], force)
    dataset = _load_dataset(run.host, directory)
    out.refuse_overwrite(run, output, out.input_paths(dataset, directory), force)
    return reporter, dataset


def _show_progress(format_name: str, count: int) -> bool:
    return count > 1 and format_name != "json" and sys.stderr.isatty()


def _score(run: _Run, dataset: Dataset, rubric_ids: Sequence[str], as_of: date,
           unit: str | None, format_name: str) -> list[Scorecard]:
    from wenming.scoring import Scorer

    scorer = Scorer(run.host)
    if not _show_progress(format_name, len(rubric_ids)):
        return [scorer.score(dataset, r, as_of, unit) for r in rubric_ids]
    cards: list[Scorecard] = []
    label = run.say(Label("评分中", "Scoring"))
    with click.progressbar(rubric_ids, label=label, file=sys.stderr,
                           item_show_func=lambda r: r or "") as bar:
        for rubric_id in bar:
            cards.append(scorer.score(dataset, rubric_id, as_of, unit))
    return cards


# -- commands --------------------------------------------------------------
@click.command("gaps")
@_DIRECTORY
@_scoring
@_common
@click.pass_context
def gaps_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                 unit: str | None, as_of: date | None, format_name: str, output: Path | None,
                 force: bool) -> None:
    """The rectification list: what is missing, who fixes it, by when / 整改清单.

    One row per shortfall across the rubrics, merged when one action fixes it
    in several, ranked by the points it recovers.
    """
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_gaps

        ids = out.rubric_ids(run, run.host.rubrics(), rubric_ids, out.NO_RUBRIC)
        reporter, dataset = _prepare(run, directory, format_name, output, force)
        out.check_unit(run, dataset, unit)
        day = as_of or _today()
        cards = _score(run, dataset, ids, day, unit, format_name)
        out.emit(run, reporter, build_gaps(cards, dataset, day), output, force)


@click.command("compare")
@_DIRECTORY
@_scoring
@_common
@click.pass_context
def compare_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                    unit: str | None, as_of: date | None, format_name: str,
                    output: Path | None, force: bool) -> None:
    """All rubrics side by side: totals, areas, records and disagreements / 细则对比."""
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_comparison

        ids = out.rubric_ids(run, run.host.rubrics(), rubric_ids, out.NO_RUBRIC)
        reporter, dataset = _prepare(run, directory, format_name, output, force)
        out.check_unit(run, dataset, unit)
        cards = _score(run, dataset, ids, as_of or _today(), unit, format_name)
        out.emit(run, reporter, build_comparison(cards, dataset), output, force)


@click.command("timeline")
@_DIRECTORY
@_common
@click.pass_context
def timeline_command(ctx: click.Context, directory: Path, as_of: date | None,
                     format_name: str, output: Path | None, force: bool) -> None:
    """The campaign's phases and their deliverables as of a date / 创建阶段进度."""
    run = _Run(ctx)
    with _errors(run):
        from wenming.reports import build_timeline

        reporter, dataset = _prepare(run, directory, format_name, output, force)
        out.emit(run, reporter, build_timeline(dataset, as_of or _today()), output, force)
