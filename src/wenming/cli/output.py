"""Steps every reporting command shares: pick a reporter, guard files, emit output.

Kept in one place so that ``score``, ``gaps``, ``compare`` and ``timeline``
refuse the same things with the same words: nothing the user wrote is ever
overwritten, and binary formats go to a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import click

from wenming.calendar import WindowFormatError, parse_date
from wenming.cli.errors import CliError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.plugins.types import Reporter
    from wenming.rubric import Rubric


#: What to say when no rubric is installed: how to install one.
NO_RUBRIC = Label(
    "未安装任何测评细则。请安装一个，例如：\n"
    "  pip install -e rubrics/wenming-rubric-municipal-plan\n"
    "或安装已发布的 wenming-rubric-* 包，然后用 `wenming rubrics` 查看。",
    "No rubric is installed. Install one, for example:\n"
    "  pip install -e rubrics/wenming-rubric-municipal-plan\n"
    "or a published wenming-rubric-* package, then check with `wenming rubrics`.",
)


def as_of_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``--as-of``: a strict date, or a usage error naming the forms."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except WindowFormatError as err:
        raise click.BadParameter(str(err), ctx, param) from err


def today() -> date:
    """The default as-of date: today in Beijing."""
    from wenming.scoring import today as campaign_today

    return campaign_today()


def load_dataset(host: PluginHost, directory: Path) -> Dataset:
    """Load ``directory`` with the host's vocabulary (built-in and plugin kinds)."""
    from wenming.loaders import load_dataset as load

    return load(directory, vocabulary=host.vocabulary())


class Speaker(Protocol):
    """Anything that turns a bilingual label into the user's language."""

    lang: Lang

    def say(self, label: Label) -> str: ...


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


def reporter_for(speaker: Speaker, reporters: Mapping[str, Reporter], format_name: str,
                 output: Path | None) -> Reporter:
    reporter = reporters.get(format_name)
    if reporter is None:
        formats = ", ".join(sorted(reporters)) or "—"
        raise CliError(speaker.say(Label(f"未知输出格式 {format_name!r}；可用：{formats}",
                                         f"unknown format {format_name!r}; installed formats: "
                                         f"{formats}")))
    if reporter.binary and output is None:
        raise CliError(speaker.say(Label(
            f"{format_name} 格式输出二进制内容，请用 --output 文件{reporter.suffix} 指定输出文件",
            f"format {format_name!r} writes binary data; give --output FILE{reporter.suffix}")))
    return reporter


def check_unit(speaker: Speaker, dataset: Dataset, unit: str | None) -> None:
    if unit is not None and unit not in dataset.units:
        close = difflib.get_close_matches(unit, list(dataset.units.units), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise CliError(speaker.say(Label(f"数据集中没有单位 {unit!r}{hint}",
                                         f"no unit {unit!r} in the dataset{hint}")))


def input_paths(dataset: Dataset, directory: Path) -> list[Path]:
    """Every file the dataset was read from, as far as its records tell."""
    root = dataset.root or directory
    names: set[str] = set()
    for record in dataset.evidence:
        if record.origin is not None:
            names.add(record.origin.file)
        names.update(attachment.path for attachment in record.attachments)
    # A relative name may be relative to the dataset root or to the working
    # directory; guarding both costs nothing.
    paths = [directory, root]
    for path in map(Path, names):
        paths += [path] if path.is_absolute() else [root / path, path]
    return paths


def refuse_overwrite(speaker: Speaker, output: Path | None, inputs: Sequence[Path],
                     force: bool) -> None:
    """Never replace an input; replace another existing file only with ``--force``."""
    if output is None:
        return
    target = output.resolve()
    for source in (path.resolve() for path in inputs):
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


def emit(speaker: Speaker, reporter: Reporter, report: object, output: Path | None,
         force: bool) -> None:
    """Render ``report`` to stdout or, with ``output``, to a new (or forced) file."""
    rendered = reporter.render(report, lang=speaker.lang)
    if output is None:
        if isinstance(rendered, bytes):
            raise CliError(speaker.say(Label(
                f"{reporter.name} 格式输出二进制内容，请用 --output 指定输出文件",
                f"format {reporter.name!r} produced binary data; give --output FILE")))
        click.echo(rendered, nl=not rendered.endswith("\n"))
        return
    payload = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    try:
        with output.open("wb" if force else "xb") as handle:
            handle.write(payload)
    except FileExistsError:  # created by someone else since the check
        raise CliError(exists_message(speaker, output)) from None
    click.echo(speaker.say(Label(f"已写入 {output}", f"wrote {output}")), err=True)
