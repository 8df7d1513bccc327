"""The ``wenming`` command: list plugins and rubrics, validate a dataset, score it.

The loaders, the scorer and the reporters are imported inside the commands
that use them, so ``wenming plugins`` still works (and can show what is
wrong) when one of those parts cannot be imported.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from tabulate import tabulate

from wenming.cli.errors import (
    EXIT_BAD_INPUT,
    cli_error,
    exit_code_for,
    message_for,
    to_cli_error,
)
from wenming.cli.output import NO_RUBRIC
from wenming.cli.output import as_of_option as _as_of
from wenming.cli.output import load_dataset as _load_dataset
from wenming.cli.output import today as _today
from wenming.cli.reports import compare_command, gaps_command, timeline_command
from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang
from wenming.plugins.manager import DISABLE_ENV, PluginHost

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.rubric.document import Rubric

__all__ = ["CliState", "cli", "default_lang", "main"]

LANG_ENV = "WENMING_LANG"



def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """``zh`` when the locale is Chinese, else ``en`` (LC_ALL, then LC_MESSAGES, then LANG)."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:  # POSIX: the first one set wins, even if it is not Chinese
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class CliState:
    """What the group passes to its commands; the plugin host is built on first use.

    Tests (and embedding programs) pass ``CliState(host_factory=...)`` as the
    context object to run the commands against a host of their choosing.
    """

    def __init__(
        self,
        host_factory: Callable[[], PluginHost] = PluginHost,
        lang: Lang = "en",
        debug: bool = False,
    ) -> None:
        self.host_factory = host_factory
        self.lang: Lang = lang
        self.debug = debug
        self._host: PluginHost | None = None

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            self._host = self.host_factory()
        return self._host

    def say(self, label: Label) -> str:
        return label.text(self.lang)


class WenmingGroup(click.Group):
    """A group that reports wenming's errors as messages, not tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as err:
            if ctx.params.get("debug"):
                raise
            raise to_cli_error(err) from err


@click.group(cls=WenmingGroup)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    envvar=LANG_ENV,
    help="Language of titles and messages / 输出语言 (default: from the locale).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks / 出错时显示调用栈.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _, value: _print_version(ctx, value),
              help="Show the version / 显示版本.")
@click.pass_context
def cli(ctx: click.Context, lang: Lang | None, debug: bool) -> None:
    """文明单位创建测评 — score civilized-unit creation campaigns against rubrics."""
    state = ctx.ensure_object(CliState)
    state.lang = lang or default_lang()
    state.debug = debug


def _print_version(ctx: click.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    import importlib.metadata

    try:
        version = importlib.metadata.version("wenming")
    except importlib.metadata.PackageNotFoundError:
        version = "(not installed / 未安装)"
    click.echo(f"wenming {version}")
    ctx.exit()


pass_state = click.make_pass_decorator(CliState, ensure=True)


# -- plugins ---------------------------------------------------------------
@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON / 输出 JSON.")
@pass_state
def plugins_command(state: CliState, as_json: bool) -> None:
    """List installed plugins / 列出已安装的插件."""
    host = state.host
    infos = host.plugins()
    if as_json:
        _echo_json([
            {"name": info.name, "provider": info.provider, "distribution": info.distribution,
             "version": info.version, "hooks": list(info.hooks)}
            for info in infos
        ])
        return
    rows = [
        (info.name,
         " ".join(part for part in (info.distribution, info.version) if part) or "—",
         ", ".join(hook.removeprefix("wenming_") for hook in info.hooks) or "—")
        for info in infos
    ]
    click.echo(_table(rows, headers=["插件 Plugin", "发行包 Distribution", "钩子 Hooks"]))
    if host.disabled:
        names = ", ".join(host.disabled)
        click.echo(state.say(Label(f"已由 {DISABLE_ENV} 停用：{names}",
                                   f"disabled by {DISABLE_ENV}: {names}")), err=True)


# -- rubrics ---------------------------------------------------------------
@cli.command("rubrics")
@click.option("--json", "as_json", is_flag=True, help="Print JSON / 输出 JSON.")
@pass_state
def rubrics_command(state: CliState, as_json: bool) -> None:
    """List installed rubrics / 列出已安装的测评细则."""
    rubrics = state.host.rubrics()
    if as_json:
        _echo_json([
            {"id": r.id, "version": r.version, "title": {"zh": r.title.zh, "en": r.title.en},
             "level": r.level, "total": r.total, "provider": r.provider}
            for r in rubrics.values()
        ])
        if not rubrics:
            click.echo(state.say(NO_RUBRIC), err=True)
        return
    if not rubrics:
        click.echo(state.say(NO_RUBRIC))
        return
    click.echo(_rubric_table(rubrics.values(), state.lang))


def _rubric_table(rubrics: Iterable[Rubric], lang: Lang) -> str:
    rows = [(r.id, r.version, r.title.text(lang), r.level, _number(r.total), r.provider)
            for r in rubrics]
    return _table(rows, headers=["编号 ID", "版本 Version", "名称 Title", "级别 Level",
                                   "总分 Total", "提供者 Provider"],
                    disable_numparse=True)


# -- validate --------------------------------------------------------------
@cli.command("validate")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@pass_state
def validate_command(state: CliState, directory: Path) -> None:
    """Check a dataset and every installed rubric / 校验数据集和已安装的测评细则.

    Every problem found is listed at once, with its file, row and field.
    """
    host = state.host
    problems: list[Exception] = []
    dataset: Dataset | None = None
    rubrics: Mapping[str, Rubric] | None = None
    try:
        dataset = _load_dataset(host, directory)
    except WenmingError as err:
        problems.append(err)
    try:
        rubrics = host.rubrics()
    except WenmingError as err:
        problems.append(err)
    if dataset is not None and rubrics is not None:
        from wenming.scoring.tailoring_check import raise_for_tailoring

        try:  # waivers and overlays can only be checked against the installed rubrics
            raise_for_tailoring(dataset, rubrics)
        except WenmingError as err:
            problems.append(err)
            dataset = None  # so it is not announced as valid

    if dataset is not None:
        click.echo(_dataset_summary(dataset, directory, state.lang))
    if rubrics is not None:
        if dataset is not None:
            click.echo()
        if rubrics:
            click.echo(state.say(Label(f"测评细则有效（{len(rubrics)} 套）：",
                                       f"Rubrics valid ({len(rubrics)}):")))
            click.echo(_rubric_table(rubrics.values(), state.lang))
        else:
            click.echo(state.say(NO_RUBRIC))
    if problems:
        codes = [exit_code_for(problem) for problem in problems]
        raise cli_error("\n\n".join(message_for(problem) for problem in problems),
                        EXIT_BAD_INPUT if EXIT_BAD_INPUT in codes else max(codes))


def _dataset_summary(dataset: Dataset, directory: Path, lang: Lang) -> str:
    campaign = dataset.campaign
    by_file = Counter(r.origin.file if r.origin else "—" for r in dataset.evidence)
    lines = [
        Label(f"数据集有效：{directory}", f"Dataset is valid: {directory}").text(lang),
        f"活动 Campaign: {campaign.title.text(lang)} ({campaign.id}), {campaign.window}",
        f"单位 Units: {len(dataset.units)}",
        f"记录 Records: {len(dataset.evidence)}",
    ]
    if by_file:
        lines += ["", _table(sorted(by_file.items()), headers=["文件 File", "记录 Records"])]
    if campaign.phases:
        phases = [(p.id, p.name.text(lang), str(p.window)) for p in campaign.phases]
        lines += ["", _table(phases, headers=["阶段 Phase", "名称 Name", "时间 Window"])]
    return "\n".join(lines)


# -- score -----------------------------------------------------------------


@cli.command("score")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
              help="Score only this rubric (repeatable) / 只按该细则评分（可重复）.")
@click.option("--as-of", callback=_as_of, metavar="DATE",
              help="Score as of this day, e.g. 2021-06-30 / 评分基准日 (default: today, Beijing).")
@click.option("--unit", metavar="ID", help="Score only this unit / 只评该单位.")
@click.option("--format", "format_name", default="table", show_default=True, metavar="FORMAT",
              help="Output format, one of the installed reporters / 输出格式.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout / 写入文件.")
@click.option("--force", is_flag=True, help="Overwrite an existing --output file / 覆盖已有文件.")
@pass_state
def score_command(
    state: CliState,
    directory: Path,
    rubric_ids: tuple[str, ...],
    as_of: date | None,
    unit: str | None,
    format_name: str,
    output: Path | None,
    force: bool,
) -> None:
    """Score a dataset against installed rubrics / 按测评细则评分."""
    from wenming.cli import output as out
    from wenming.reports import ScoreReport
    from wenming.scoring import Scorer

    host = state.host
    ids = out.rubric_ids(state, host.rubrics(), rubric_ids, NO_RUBRIC)
    reporter = out.reporter_for(state, host.reporters(), format_name, output)
    out.refuse_overwrite(state, output, [directory], force)
    dataset = _load_dataset(host, directory)
    out.refuse_overwrite(state, output, out.input_paths(dataset, directory), force)
    out.check_unit(state, dataset, unit)
    day = as_of or _today()
    cards = Scorer(host).score_all(dataset, rubric_ids=ids, as_of=day, unit=unit)
    out.emit(state, reporter, ScoreReport.of(cards, dataset, day), output, force)


# -- helpers ---------------------------------------------------------------
def _table(rows: Iterable[Sequence[object]], headers: Sequence[str], **options: Any) -> str:
    return str(tabulate(rows, headers=headers, **options))


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _number(value: float) -> str:
    return format(value, "g")


cli.add_command(gaps_command)
cli.add_command(compare_command)
cli.add_command(timeline_command)

from wenming.cli.rubric_show import rubrics_group  # noqa: E402  (needs rubrics_command above)

cli.add_command(rubrics_group)  # `rubrics` with no subcommand lists, as before


def main(argv: Sequence[str] | None = None, *, prog_name: str = "wenming") -> None:
    """Entry point of the ``wenming`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name=prog_name)
