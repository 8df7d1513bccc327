"""Steps every reporting command shares: pick a reporter, guard files, emit output.

Kept in one place so that ``score``, ``gaps``, ``compare`` and ``timeline``
refuse the same things with the same words: nothing the user wrote is ever
overwritten, no report lands where the loader would read it back as a
ledger, files appear whole or not at all, and binary formats go to a file.

Commands use this module as ``out``: choosing the reporter lives in
:mod:`~wenming.cli.formats` and guarding files in :mod:`~wenming.cli.files`,
and their names are re-exported here; the as-of date, the rubrics and units
asked for, emitting the report and the progress line are this module's own.
"""

from __future__ import annotations

import difflib
import gc
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

import click

from wenming.cli.errors import CliError
from wenming.cli.files import (
    evidence_folders,
    exists_message,
    input_paths,
    refuse_overwrite,
    write_atomic,
)
from wenming.cli.formats import (
    COMPARE,
    GAPS,
    LISTING_FORMATS,
    OUTPUT_TYPE,
    SCORE,
    TIMELINE,
    FormatChoice,
    format_option,
    formats_for,
    host_of,
    is_stdout,
    lang_of,
    output_option,
    renders,
    reporter_for,
)
from wenming.cli.state import Speaker
from wenming.errors import did_you_mean, in_lang
from wenming.model.labels import Label

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter
    from wenming.rubric import Rubric

__all__ = [
    "COMPARE",
    "FREEZE_AFTER_LOAD",
    "GAPS",
    "LISTING_FORMATS",
    "NO_RUBRIC",
    "OUTPUT_TYPE",
    "PERCENT",
    "SCORE",
    "TIMELINE",
    "FormatChoice",
    "PercentType",
    "Progress",
    "Speaker",
    "as_of_for",
    "as_of_option",
    "check_unit",
    "default_rubrics",
    "emit",
    "evidence_folders",
    "exists_message",
    "format_option",
    "formats_for",
    "host_of",
    "input_paths",
    "is_stdout",
    "lang_of",
    "load_dataset",
    "no_rubric",
    "output_option",
    "progress_enabled",
    "refuse_overwrite",
    "renders",
    "reporter_for",
    "rubric_ids",
    "today",
    "write_atomic",
]

T = TypeVar("T")


class _Stream(Protocol):
    """A reporter's optional ``stream(report, lang, handle)``."""

    def __call__(self, report: object, lang: str, handle: BinaryIO, /) -> object: ...

#: What to say when no rubric is installed: how to install one.
NO_RUBRIC = Label(
    "未安装任何测评细则。请安装一个，例如：\n"
    "  pip install -e rubrics/wenming-rubric-municipal-plan\n"
    "或安装已发布的 wenming-rubric-* 包，然后用 `wenming rubrics` 查看。",
    "No rubric is installed. Install one, for example:\n"
    "  pip install -e rubrics/wenming-rubric-municipal-plan\n"
    "or a published wenming-rubric-* package, then check with `wenming rubrics`.",
)


# -- dates ------------------------------------------------------------------------
def as_of_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``--as-of``: a strict date, or a usage error naming the forms."""
    if value is None:
        return None
    from wenming.calendar import WindowFormatError, parse_date

    try:
        return parse_date(value)
    except WindowFormatError as err:
        raise click.BadParameter(str(err), ctx, param) from err


def today() -> date:
    """Today in Beijing, the as-of date while a campaign runs."""
    from wenming.scoring import today as campaign_today

    return campaign_today()


def as_of_for(speaker: Speaker, dataset: Dataset, given: date | None, *,
              now: date | None = None) -> date:
    """The day to report as of: ``given``, else today, else the campaign's end once it passed.

    Scoring as of today a campaign that ended years ago would call every
    period due that the campaign never had; the end is what its assessors saw.
    A day before the campaign starts has nothing due, which would print a
    meaningless "0 / 0", so it is refused with the campaign's window.
    """
    window = dataset.campaign.window
    if given is None:
        day = now or today()
        if day <= window.end:
            return day
        click.echo(speaker.say(Label(
            f"未指定 --as-of：活动已于 {window.end} 结束，按结束日评定（今天是 {day}）",
            f"no --as-of given: the campaign ended on {window.end}, reporting as of its end "
            f"(today is {day})")), err=True)
        return window.end
    if given < window.start:
        raise CliError(speaker.say(Label(
            f"--as-of {given} 早于活动开始日 {window.start}（活动期 {window}），"
            f"此时尚无任何要求到期；请给出 {window.start} 之后的日期",
            f"--as-of {given} is before the campaign starts on {window.start} (campaign window "
            f"{window}), so nothing is due yet; give a date from {window.start} on")))
    return given


# -- rubrics and units ------------------------------------------------------------
def no_rubric(host: PluginHost) -> Label:
    """Why there is no rubric: none installed, or installed ones switched off."""
    if not host.disabled:
        return NO_RUBRIC
    from wenming.plugins.manager import DISABLE_ENV

    names = ", ".join(host.disabled)
    setting = os.environ.get(DISABLE_ENV, "")
    return Label(
        f"没有可用的测评细则：已安装的插件被 {DISABLE_ENV}={setting} 停用（{names}）。"
        f"取消该设置即可使用，例如：unset {DISABLE_ENV}",
        f"no rubric is available: the installed plugins are disabled by "
        f"{DISABLE_ENV}={setting} ({names}). Unset it to use them, e.g. unset {DISABLE_ENV}")


def load_dataset(host: PluginHost, directory: Path, **options: Any) -> Dataset:
    """Load ``directory`` with the host's vocabulary (built-in and plugin kinds).

    ``options`` go to :func:`wenming.loaders.load_dataset` (``strict``, ``on_warning``).
    """
    from wenming.loaders import load_dataset as load

    dataset = load(directory, vocabulary=host.vocabulary(), **options)
    if FREEZE_AFTER_LOAD:
        # The dataset lives until the command ends and never forms cycles: moving it out
        # of the collector's sight spares every later collection a walk over a province's
        # records (about a tenth of scoring and reporting at a million records). Only the
        # console script, which owns its process, does this; the library never does.
        gc.collect()
        gc.freeze()
    return dataset


#: Set by :func:`wenming.cli.main.main` (the console script): freeze the collector's view of
#: the loaded dataset. Off when the commands run inside another program (tests, embedders).
FREEZE_AFTER_LOAD = False


def rubric_ids(speaker: Speaker, rubrics: Mapping[str, Rubric], requested: Sequence[str],
               no_rubric: Label) -> list[str]:
    """The rubrics to use: the requested ones, or every installed one.

    A rubric may be named by its id or its Chinese or English title; an unknown
    name is refused with the closest installed ids.
    """
    if not rubrics:
        raise CliError(speaker.say(no_rubric))
    titles = {key: rubric_id for rubric_id, rubric in rubrics.items()
              for key in (rubric.title.zh, rubric.title.en)}
    chosen = [r if r in rubrics else titles.get(r, r) for r in requested]
    unknown = [r for r in chosen if r not in rubrics]
    if unknown:
        installed = ", ".join(sorted(rubrics))
        close = sorted({match for name in unknown for match in difflib.get_close_matches(
            name, [*rubrics, *titles], n=3, cutoff=0.5)})
        close_ids = sorted({titles.get(c, c) for c in close})
        hint = did_you_mean(close_ids)
        raise CliError(speaker.say(Label(
            f"未安装的测评细则：{'、'.join(unknown)}{hint.zh}（已安装：{installed}）",
            f"unknown rubric {', '.join(repr(u) for u in unknown)}{hint.en}; "
            f"installed: {installed}")))
    return chosen or default_rubrics(rubrics)


def default_rubrics(rubrics: Mapping[str, Rubric]) -> list[str]:
    """The rubrics a command uses when none is named: every installed one but the examples
    (see :func:`wenming.rubric.default_rubric_ids`)."""
    from wenming.rubric import default_rubric_ids

    return default_rubric_ids(rubrics)


class PercentType(click.ParamType):  # type: ignore[type-arg]
    """A percentage from 0 to 100, with or without its sign: ``90``, ``90%``, ``90％``."""

    name = "percent"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = str(value).strip().rstrip("%％").strip()
            try:
                number = float(text)
            except ValueError:
                self.fail(f"{value!r} is not a percentage such as 90 or 90% / "
                          f"不是百分数（如 90 或 90%）", param, ctx)
        if not 0 <= number <= 100:
            self.fail(f"{value!r} is not between 0 and 100 / 不在 0 到 100 之间", param, ctx)
        return number


PERCENT = PercentType()


def check_unit(speaker: Speaker, dataset: Dataset, unit: str | None) -> str | None:
    """The id of the unit ``--unit`` names: its id, or its Chinese or English name as a
    ledger may write it; an unknown unit is refused with the closest ones."""
    if unit is None or unit in dataset.units:
        return unit
    from wenming.loaders.cells import CellError
    from wenming.loaders.units import UnitLookup

    try:
        return UnitLookup(dataset.units.units.values(), "units").resolve(unit)
    except CellError as error:
        expected = error.expected or ""
        raise CliError(speaker.say(Label(
            f"数据集中没有单位 {unit!r}；应为：{in_lang(expected, 'zh')}",
            f"no unit {unit!r} in the dataset; expected {in_lang(expected, 'en')}"))) from None


def emit(speaker: Speaker, reporter: Reporter, report: object, output: Path | None,
         force: bool, progress: Progress | None = None) -> None:
    """Render ``report`` to stdout (no output, or ``-``) or atomically to a file.

    A reporter with a ``stream`` function writes piece by piece (a province's
    JSON is too large to build as one string); the others render at once.
    """
    label = speaker.say(Label("生成报告", "Rendering the report"))
    streamer: _Stream | None = getattr(reporter, "stream", None)
    if is_stdout(output):
        if reporter.binary and output is None:
            raise CliError(speaker.say(Label(
                f"{reporter.name} 格式输出二进制内容，请用 --output 指定输出文件",
                f"format {reporter.name!r} produced binary data; give --output FILE")))
        with (progress or Progress(False)).step(label):
            if streamer is not None:
                sys.stdout.flush()
                binary = sys.stdout.buffer
                streamer(report, speaker.lang, binary)
                binary.flush()
                return
            rendered = reporter.render(report, lang=speaker.lang)
        if isinstance(rendered, bytes):
            binary = sys.stdout.buffer
            binary.write(rendered)
            binary.flush()
        else:
            click.echo(rendered, nl=not rendered.endswith("\n"))
        return
    assert output is not None

    def write(handle: BinaryIO) -> None:
        if streamer is not None:
            streamer(report, speaker.lang, handle)
            return
        rendered = reporter.render(report, lang=speaker.lang)
        handle.write(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))

    try:
        with (progress or Progress(False)).step(label):
            write_atomic(output, write, replace=force)
    except FileExistsError:  # created by someone else since the check
        raise CliError(exists_message(speaker, output)) from None
    click.echo(speaker.say(Label(f"已写入 {output}", f"wrote {output}")), err=True)


# -- progress ---------------------------------------------------------------------
def progress_enabled(stream: IO[str] | None = None) -> bool:
    """Progress is drawn only for a person watching: stderr is a terminal that can redraw."""
    stream = stream if stream is not None else sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM") != "dumb"


class Progress:
    """One self-erasing status line on stderr for each long step.

    A step shorter than :attr:`DELAY` never draws (no flicker on small
    datasets); a longer one shows a spinner and the seconds spent, redrawn
    by a thread because the step itself is one call that cannot report. The
    line is erased when the step ends, so nothing is left between outputs.
    """

    DELAY = 0.3
    FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, enabled: bool | None = None, stream: IO[str] | None = None) -> None:
        self.stream = stream
        self.enabled = progress_enabled(stream) if enabled is None else enabled
        self.label = ""
        self._lock = threading.Lock()

    def _out(self) -> IO[str]:
        return self.stream if self.stream is not None else sys.stderr

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        self.label = label
        stop = threading.Event()
        started = time.monotonic()
        drawn = threading.Event()

        def spin() -> None:
            frame = 0
            if stop.wait(self.DELAY):
                return
            drawn.set()
            while not stop.is_set():
                seconds = time.monotonic() - started
                self._draw(f"{self.FRAMES[frame % len(self.FRAMES)]} {self.label} "
                           f"{seconds:.0f}s")
                frame += 1
                stop.wait(0.1)

        thread = threading.Thread(target=spin, name="wenming-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            if drawn.is_set():
                self._draw("")

    def each(self, items: Sequence[T], label: str, name: Callable[[T], str] = str
             ) -> Iterator[T]:
        """Yield ``items`` inside one step whose label counts them off."""
        def counted(number: int) -> str:
            return f"{label} {number}/{len(items)} {name(items[number - 1])}"

        if not items:
            return
        with self.step(counted(1)):
            for number, item in enumerate(items, 1):
                self.label = counted(number)
                yield item

    def _draw(self, text: str) -> None:
        import wcwidth

        width = shutil.get_terminal_size((80, 24)).columns - 1
        while text and wcwidth.wcswidth(text) > width:
            text = text[:-1]
        with self._lock, suppress(OSError, ValueError):
            out = self._out()
            out.write(f"\r{text}\x1b[K" if text else "\r\x1b[K")
            out.flush()
