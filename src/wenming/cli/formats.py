"""Which reporter renders a command's report: the --format and --output options.

The choices offered are the installed reporters that can render the command's
report; a format may also be named by the output file's suffix.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from wenming.cli.errors import CliError
from wenming.cli.state import Speaker
from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter

    _ChoiceBase = click.Choice[str]
else:  # click < 8.2 has no generic Choice
    _ChoiceBase = click.Choice

F = TypeVar("F", bound=Callable[..., Any])


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
