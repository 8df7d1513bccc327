"""Steps every reporting command shares: pick a reporter, guard files, emit output.

Kept in one place so that ``score``, ``gaps``, ``compare`` and ``timeline``
refuse the same things with the same words: nothing the user wrote is ever
overwritten, no report lands where the loader would read it back as a
ledger, files appear whole or not at all, and binary formats go to a file.
"""

from __future__ import annotations

import difflib
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol, TypeVar

import click

from wenming.calendar import WindowFormatError, parse_date
from wenming.cli.errors import CliError
from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter
    from wenming.rubric import Rubric

    _ChoiceBase = click.Choice[str]
else:  # click < 8.2 has no generic Choice
    _ChoiceBase = click.Choice

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


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

#: The report each command renders, as the type name reporters are probed with.
SCORE, GAPS, COMPARE, TIMELINE = "ScoreReport", "GapList", "Comparison", "Timeline"
#: Commands that list things (plugins, rubrics, validate) print these formats only.
LISTING_FORMATS = ("table", "json")

_REPORT_NAMES = {
    SCORE: Label("评分报告", "score report"), GAPS: Label("整改清单", "rectification list"),
    COMPARE: Label("细则对比", "rubric comparison"), TIMELINE: Label("阶段进度", "timeline"),
}
#: Extensions that name a format although no reporter declares them as its suffix.
_SUFFIX_ALIASES = {".htm": ".html", ".markdown": ".md", ".text": ".txt"}


class Speaker(Protocol):
    """Anything that turns a bilingual label into the user's language."""

    lang: Lang

    def say(self, label: Label) -> str: ...


# -- the plugin host and language of a click context ------------------------------
def host_of(ctx: click.Context | None) -> PluginHost | None:
    """The host the running command uses: the group's state, or a test's ``{"host": …}``."""
    while ctx is not None:
        obj = ctx.obj
        if isinstance(obj, Mapping) and obj.get("host") is not None:
            host: PluginHost = obj["host"]
            return host
        if obj is not None and hasattr(obj, "host_factory"):
            state_host: PluginHost = obj.host
            return state_host
        ctx = ctx.parent
    return None


def lang_of(ctx: click.Context | None) -> Lang:
    while ctx is not None:
        obj = ctx.obj
        value = obj.get("lang") if isinstance(obj, Mapping) else getattr(obj, "lang", None)
        if value in ("zh", "en"):
            return "zh" if value == "zh" else "en"
        ctx = ctx.parent
    return "en"


_fallback: dict[str, Mapping[str, Reporter]] = {}


def _installed_reporters(ctx: click.Context | None) -> Mapping[str, Reporter]:
    """The reporters of the command's host; a fresh host's (or the built-ins) otherwise.

    Shell completion runs without the group's callback, so there is no state
    to ask; a host that cannot even load its plugins still offers the
    built-in formats, and the command itself then reports the plugin's error.
    """
    try:
        host = host_of(ctx)
        if host is not None:
            return host.reporters()
        if "host" not in _fallback:
            from wenming.plugins import PluginHost

            _fallback["host"] = PluginHost().reporters()
        return _fallback["host"]
    except WenmingError:
        from wenming.reporters import BUILTIN_REPORTERS

        return {reporter.name: reporter for reporter in BUILTIN_REPORTERS}


# -- which format renders which report --------------------------------------------
_support: dict[tuple[str, str], bool] = {}


def _empty_report(report: str) -> object:
    from wenming.calendar import DateWindow
    from wenming.model.labels import EMPTY_LABEL
    from wenming.reports import Comparison, GapList, ScoreReport, Timeline

    day = date(2000, 1, 1)
    if report == SCORE:
        return ScoreReport(())
    if report == GAPS:
        return GapList(day, {}, ())
    if report == COMPARE:
        return Comparison(day, EMPTY_LABEL, (), {}, {}, ())
    return Timeline("", EMPTY_LABEL, DateWindow(day, day), day, ())


def renders(reporter: Reporter, report: str) -> bool:
    """Whether ``reporter`` renders ``report`` (a type name such as ``"Timeline"``).

    Reporters declare no capabilities, so wenming's own are asked once with
    an empty report of that type: only :class:`UnsupportedReportError` means
    no (any other failure on an empty report says nothing about a real one).
    A plugin's reporter is never called for this; it is offered for every report.
    """
    from wenming.reporters import BUILTIN_REPORTERS, UnsupportedReportError

    if not any(reporter is own for own in BUILTIN_REPORTERS):
        return True
    key = (reporter.name, report)
    if key not in _support:
        try:
            reporter.render(_empty_report(report), lang="en")
        except UnsupportedReportError:
            _support[key] = False
        except Exception:  # see the docstring
            _support[key] = True
        else:
            _support[key] = True
    return _support[key]


def formats_for(report: str | None, reporters: Mapping[str, Reporter]) -> list[str]:
    if report is None:
        return [name for name in LISTING_FORMATS if name in reporters] or list(LISTING_FORMATS)
    return [name for name, reporter in reporters.items() if renders(reporter, report)]


class FormatChoice(_ChoiceBase):
    """``--format``: the installed reporters that render this command's report.

    The choices are read from the plugin host when click needs them (help,
    completion, conversion), so a plugin's reporter is offered as soon as it
    is installed, and a format that cannot render the report is not offered.
    """

    name = "format"

    def __init__(self, report: str | None) -> None:
        super().__init__(())
        self.report = report

    @property
    def choices(self) -> tuple[str, ...]:
        if self.report is None:
            return LISTING_FORMATS
        ctx = click.get_current_context(silent=True)
        return tuple(formats_for(self.report, _installed_reporters(ctx)))

    @choices.setter
    def choices(self, value: Iterable[str]) -> None:
        """Ignored: click's constructor sets it, the host decides."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        if self.report is None:
            if text in LISTING_FORMATS:
                return text
            installed: Mapping[str, Reporter] = {}
        else:
            installed = _installed_reporters(ctx)
            if text in installed and renders(installed[text], self.report):
                return text
        lang = lang_of(ctx)
        offered = ", ".join(self.choices) or "—"
        if self.report is not None and text in installed:
            what = _REPORT_NAMES[self.report]
            message = Label(f"{text} 格式不能输出{what.zh}（{self.report}）；可用：{offered}",
                            f"the {text!r} format cannot render a {what.en} ({self.report}); "
                            f"formats for it: {offered}")
        else:
            message = Label(f"未知输出格式 {text!r}；可用：{offered}",
                            f"unknown format {text!r}; choose from: {offered}")
        self.fail(message.text(lang), param, ctx)


def format_option(report: str | None, **extra: Any) -> Callable[[F], F]:
    """``--format`` for a command rendering ``report`` (``None``: table or json listings)."""
    helptext = ("Output format; default: from the --output extension, else table / "
                "输出格式，默认按 --output 的扩展名" if report is not None else
                "Output format / 输出格式")
    option: Callable[[F], F] = click.option(
        "--format", "format_name", type=FormatChoice(report),
        default=None if report is not None else "table", show_default=report is None,
        help=helptext, **extra)
    return option


OUTPUT_TYPE = click.Path(dir_okay=False, allow_dash=True, path_type=Path)


def output_option() -> Callable[[F], F]:
    option: Callable[[F], F] = click.option(
        "--output", "-o", type=OUTPUT_TYPE, metavar="FILE",
        help="Write to this file (format from its extension), '-' for stdout / "
             "写入文件（按扩展名定格式），'-' 为标准输出.")
    return option


def is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


# -- dates ------------------------------------------------------------------------
def as_of_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``--as-of``: a strict date, or a usage error naming the forms."""
    if value is None:
        return None
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
    """The rubrics to use: the requested ones, or every installed one."""
    if not rubrics:
        raise CliError(speaker.say(no_rubric))
    unknown = [r for r in requested if r not in rubrics]
    if unknown:
        installed = ", ".join(sorted(rubrics))
        raise CliError(speaker.say(Label(
            f"未安装的测评细则：{', '.join(unknown)}；已安装：{installed}",
            f"unknown rubric {', '.join(repr(u) for u in unknown)}; installed: {installed}")))
    return list(requested) or list(rubrics)


def check_unit(speaker: Speaker, dataset: Dataset, unit: str | None) -> None:
    if unit is not None and unit not in dataset.units:
        close = difflib.get_close_matches(unit, list(dataset.units.units), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise CliError(speaker.say(Label(f"数据集中没有单位 {unit!r}{hint}",
                                         f"no unit {unit!r} in the dataset{hint}")))


# -- formats ----------------------------------------------------------------------
def _suffix_of(output: Path) -> str:
    suffix = output.suffix.lower()
    return _SUFFIX_ALIASES.get(suffix, suffix)


def reporter_for(speaker: Speaker, reporters: Mapping[str, Reporter], format_name: str | None,
                 output: Path | None, report: str | None = None) -> Reporter:
    """The reporter to use: ``--format``, else the one the output's extension names, else table.

    ``output`` of ``-`` means standard output. A binary format on standard
    output needs an explicit ``-o -`` and a stdout that is not a terminal.
    """
    if format_name is None:
        format_name = _format_from_suffix(speaker, reporters, output, report)
    reporter = reporters.get(format_name)
    if reporter is None:
        formats = ", ".join(sorted(reporters)) or "—"
        raise CliError(speaker.say(Label(f"未知输出格式 {format_name!r}；可用：{formats}",
                                         f"unknown format {format_name!r}; installed formats: "
                                         f"{formats}")))
    if not is_stdout(output) and output is not None:
        _warn_mismatch(speaker, reporters, reporter, output)
    elif reporter.binary and (output is None or sys.stdout.isatty()):
        raise CliError(speaker.say(Label(
            f"{format_name} 格式输出二进制内容，请用 --output 文件{reporter.suffix} 指定输出文件",
            f"format {format_name!r} writes binary data; give --output FILE{reporter.suffix}")))
    return reporter


def _format_from_suffix(speaker: Speaker, reporters: Mapping[str, Reporter],
                        output: Path | None, report: str | None) -> str:
    if output is None or is_stdout(output) or not output.suffix:
        return "table"
    suffix = _suffix_of(output)
    named = [name for name, r in reporters.items() if r.suffix.lower() == suffix]
    usable = [name for name in named if report is None or renders(reporters[name], report)]
    if usable:
        return usable[0]
    offered = ", ".join(formats_for(report, reporters))
    if named:
        what = _REPORT_NAMES.get(report or "", Label("该报告", "this report"))
        raise CliError(speaker.say(Label(
            f"{output}：{named[0]} 格式不能输出{what.zh}；"
            f"请换扩展名或用 --format 指定（可用：{offered}）",
            f"{output}: the {named[0]!r} format cannot render a {what.en}; use another "
            f"extension or give --format (one of: {offered})")))
    raise CliError(speaker.say(Label(
        f"无法从扩展名 {output.suffix!r} 判断输出格式；请用 --format 指定（可用：{offered}）",
        f"cannot tell the format from the extension {output.suffix!r} of {output}; "
        f"give --format (one of: {offered})")))


def _warn_mismatch(speaker: Speaker, reporters: Mapping[str, Reporter], reporter: Reporter,
                   output: Path) -> None:
    suffix = _suffix_of(output)
    if not suffix or suffix == reporter.suffix.lower():
        return
    if any(r.suffix.lower() == suffix for r in reporters.values()):
        click.echo(speaker.say(Label(
            f"注意：按 --format {reporter.name} 写入 {output}，与扩展名不符",
            f"note: writing {reporter.name} to {output} as --format says, whatever its "
            f"extension")), err=True)


# -- where outputs may go ---------------------------------------------------------
def input_paths(dataset: Dataset, directory: Path) -> list[Path]:
    """Every file the dataset was read from, as far as its records tell."""
    root = dataset.root or directory
    # From the store's columns: building every record would cost seconds at a province.
    names = dataset.source_files()
    # A relative name may be relative to the dataset root or to the working
    # directory; guarding both costs nothing.
    paths = [directory, root]
    for path in map(Path, names):
        paths += [path] if path.is_absolute() else [root / path, path]
    return paths


def evidence_folders(directory: Path, dataset: Dataset | None = None) -> list[Path]:
    """The folders the loader reads ledgers from: evidence/ and, via links, where its files live."""
    from wenming.loaders.folder import EVIDENCE_FOLDER

    root = (dataset.root if dataset is not None and dataset.root else None) or directory
    folders = {Path(os.path.realpath(directory / EVIDENCE_FOLDER)),
               Path(os.path.realpath(root / EVIDENCE_FOLDER))}
    if dataset is not None:
        for name in dataset.ledger_files():
            path = Path(name)
            if not path.is_absolute():
                path = root / path
            if path.parts[len(root.parts):][:1] == (EVIDENCE_FOLDER,):
                folders.add(Path(os.path.realpath(path)).parent)
    return sorted(folders)


def refuse_overwrite(speaker: Speaker, output: Path | None, inputs: Sequence[Path],
                     force: bool, evidence: Sequence[Path] = ()) -> None:
    """Never write into an evidence folder or over an input; over another file only with --force."""
    if output is None or is_stdout(output):
        return
    target = Path(os.path.realpath(output))
    for folder in evidence:
        if target.is_relative_to(folder):
            raise CliError(speaker.say(Label(
                f"拒绝把报告 {output} 写入证据文件夹 {folder}：下次 validate 会把它当作台账读入。"
                f"请写到数据集的 evidence/ 之外",
                f"refusing to write {output} inside the evidence folder {folder}: the next "
                f"validate would read the report as a ledger. Write it outside the dataset's "
                f"evidence/ folder")))
    for source in (Path(os.path.realpath(path)) for path in inputs):
        # Inside the input directory an existing file may be a ledger the loader
        # reads even if no record points at it, so --force does not apply there.
        inside = source.is_dir() and target.is_relative_to(source) and target.exists()
        if target == source or inside:
            raise CliError(speaker.say(Label(
                f"拒绝覆盖输入文件 {output}；请另选输出位置",
                f"refusing to overwrite input {output}; choose another --output")))
    if target.exists() and not force:
        raise CliError(exists_message(speaker, output))


def exists_message(speaker: Speaker, output: Path) -> str:
    return speaker.say(Label(f"{output} 已存在；加 --force 覆盖",
                             f"{output} already exists; add --force to overwrite it"))


def write_atomic(path: Path, write: Callable[[BinaryIO], object], *, replace: bool) -> None:
    """Write a file whole or not at all: ``write(handle)`` fills it.

    The bytes go to a hidden temporary file in the same folder (so the final
    rename stays on one file system), which then takes the name: with
    ``replace`` by :func:`os.replace`, else by a hard link, which fails
    instead of clobbering a file created meanwhile. A reader never sees half a
    report, and an interrupted run leaves the old file as it was.
    """
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT, some network shares)
            if path.exists():
                raise FileExistsError(17, "File exists", str(path)) from None
            os.replace(temporary, path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what ``open`` would give it."""
    with suppress(OSError):
        return path.stat().st_mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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
