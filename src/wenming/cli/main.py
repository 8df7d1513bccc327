"""The ``wenming`` command: list plugins and rubrics, validate a dataset, score it.

The loaders, the scorer and the reporters are imported inside the commands
that use them, so ``wenming plugins`` still works (and can show what is
wrong) when one of those parts cannot be imported.

Commands of other modules are named in :data:`LAZY_COMMANDS`, one line each, and
imported only when they run, so ``wenming --help`` starts at once (#22).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from wenming.cli import output as out
from wenming.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    VerdictFailed,
    exit_code_for,
    is_broken_pipe,
    message_for,
    quiet_broken_pipe,
    raise_for_failed_criteria,
    show_scoring_tracebacks,
    to_cli_error,
)
from wenming.cli.listing import (
    chosen_format,
    echo_json,
    listing_format,
    listing_table,
    plain_number,
    rubric_data,
    rubric_table,
)
from wenming.cli.output import as_of_option as _as_of
from wenming.cli.output import load_dataset as _load_dataset
from wenming.cli.reports import CONTEXT_SETTINGS
from wenming.cli.state import CliState, pass_state
from wenming.errors import DataIssue, DatasetError, WenmingError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.rubric.document import Rubric
    from wenming.scoring import Scorecard

__all__ = ["LAZY_COMMANDS", "CliState", "cli", "default_lang", "main"]

LANG_ENV = "WENMING_LANG"
EXIT_INTERRUPTED = 130  # what a shell reports for a program stopped by Ctrl-C

#: The commands of other modules: name → ("module:attribute", the first paragraph of
#: its help). ``wenming --help`` lists them from this table, and a command's module
#: (with numpy, openpyxl, the reporters... behind it) is imported only when that
#: command runs or shows its own help (#22). tests/cli/test_startup.py checks the
#: table against the commands themselves, so it cannot drift.
LAZY_COMMANDS: Final[Mapping[str, tuple[str, str]]] = {
    "agenda": ("wenming.cli.progress_cmds:agenda_command",
               "What falls due in the next days, its points and who acts / 近期到期事项."),
    "archive": ("wenming.cli.archive:archive_group",
                "Keep scoring runs in a database / 评分历史档案库."),
    "check-rubric": ("wenming.cli.authoring:check_rubric_command",
                     "Check a rubric document before it is installed / 安装前校验测评细则文件."),
    "compare": ("wenming.cli.reports:compare_command",
                "All rubrics side by side: totals, areas, records and disagreements / 细则对比."),
    "diff": ("wenming.cli.archive:diff_command",
             "What changed between two runs (run ids or as-of dates) / 两次运行的差异."),
    "gaps": ("wenming.cli.reports:gaps_command",
             "The rectification list: who does what by when, and for how much / 整改清单."),
    "history": ("wenming.cli.archive:history_command",
                "Totals and verdicts of the recorded runs of a campaign / 历次评分."),
    "init": ("wenming.cli.campaign:init_command",
             "Start a campaign folder that validates / 新建创建活动数据集文件夹."),
    "kinds": ("wenming.cli.authoring:kinds_command",
              "List evidence kinds, their aliases and the items that count them / 列出证据类型."),
    "new-rubric": (
        "wenming.cli.authoring:new_rubric_command",
        "Write a new rubric package, ready to install and test / 生成新的测评细则插件包."),
    "plan": ("wenming.cli.progress_cmds:plan_command",
             "Propose activities that bring the rubrics over the line by a date / 达标计划."),
    "plugins": ("wenming.cli.listing:plugins_command",
                "List installed plugins / 列出已安装的插件."),
    "rubrics": ("wenming.cli.rubric_show:rubrics_group",
                "List installed rubrics; `rubrics show ID` prints one / 列出已安装的测评细则."),
    "serve": ("wenming.cli.serve:serve_command",
              "Serve a campaign workspace in the browser and over HTTP / 在浏览器中使用工作区."),
    "template": ("wenming.cli.campaign:template_command",
                 "Write an XLSX ledger for a clerk to fill in / 生成台账模板工作簿."),
    "timeline": ("wenming.cli.reports:timeline_command",
                 "The campaign's phases and their deliverables as of a date / 创建阶段进度."),
    "trend": ("wenming.cli.progress_cmds:trend_command",
              "The campaign scored as of every week, month or quarter end / 创建进度趋势."),
    "types": ("wenming.cli.authoring:types_command",
              "List criterion types and their parameters / 列出评分类型及其参数."),
    "what-if": ("wenming.cli.progress_cmds:what_if_command",
                "Score with hypothetical records added and show the difference / 假设分析."),
}


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """``zh`` when the locale is Chinese, else ``en`` (LC_ALL, then LC_MESSAGES, then LANG)."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable)
        if value:  # POSIX: the first one set wins, even if it is not Chinese
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def hoist_lang(args: Sequence[str]) -> list[str]:
    """Move ``--lang X`` given after the command to the front, where the group reads it.

    ``--lang`` is the group's option, but users type it where they type every
    other option (``wenming score ds --lang zh``). Arguments after ``--`` are
    left alone; a ``--lang`` without a value is left for click to report.
    """
    args = list(args)
    end = args.index("--") if "--" in args else len(args)
    hoisted: list[str] = []
    index = 0
    while index < end:
        arg = args[index]
        if arg.startswith("--lang="):
            hoisted.append(arg)
            del args[index]
            end -= 1
        elif arg == "--lang" and index + 1 < end:
            hoisted += args[index:index + 2]
            del args[index:index + 2]
            end -= 2
        else:
            index += 1
    return hoisted + args


class WenmingGroup(click.Group):
    """A group that reports wenming's errors as messages, not tracebacks.

    It also holds the commands of :data:`LAZY_COMMANDS`, imported on first use
    (click's lazy group pattern).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            module_name, _, attribute = LAZY_COMMANDS[cmd_name][0].partition(":")
            command = getattr(import_module(module_name), attribute)
            assert isinstance(command, click.Command), LAZY_COMMANDS[cmd_name]
            self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own, except that a command not yet imported is listed from the table.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows: list[tuple[str, str]] = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                # A bare Command shortens the text exactly as the real one will.
                stand_in = click.Command(name, help=LAZY_COMMANDS[name][1])
                rows.append((name, stand_in.get_short_help_str(limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_lang(args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\n已中断 / interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as err:
            if is_broken_pipe(err):
                quiet_broken_pipe()
                raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
            if ctx.params.get("debug"):
                raise
            raise to_cli_error(err, getattr(ctx.obj, "lang", None)) from err


@click.group(cls=WenmingGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    envvar=LANG_ENV,
    help="Language of titles and messages, before or after the command / 输出语言 "
         "(default: $WENMING_LANG, else from the locale).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks / 出错时显示调用栈.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _, value: _print_version(ctx, value),
              help="Show the version / 显示版本.")
@click.pass_context
def cli(ctx: click.Context, lang: Lang | None, debug: bool) -> None:
    """文明单位创建测评 — score civilized-unit creation campaigns against rubrics.

    Exit status: 0 ok; 1 a verdict is Fail (score --check, --fail-under);
    2 bad input or usage; 3 a broken plugin or an internal error.
    """
    state = ctx.ensure_object(CliState)
    state.lang = lang or default_lang()
    state.debug = debug
    show_scoring_tracebacks(debug)


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


# -- validate --------------------------------------------------------------
@cli.command("validate")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@listing_format
@click.option("--strict", is_flag=True,
              help="Columns that are not read are errors / 未读取的列视为错误.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also list the files, phases and installed rubrics / "
                   "同时列出文件、阶段和测评细则.")
@pass_state
def validate_command(state: CliState, directory: Path, format_name: str, as_json: bool,
                     strict: bool = False, verbose: bool = False) -> None:
    """Check a dataset and every installed rubric / 校验数据集和已安装的测评细则.

    Errors come first, every one at once with its file, row and field; then the
    warnings (columns not read, CSV files read as GB18030); then one summary
    line. ``--verbose`` adds the files, phases and installed rubrics.
    """
    as_data = chosen_format(state, format_name, as_json) == "json"
    host = state.host
    problems: list[Exception] = []
    warnings: list[DataIssue] = []
    dataset: Dataset | None = None
    rubrics: Mapping[str, Rubric] | None = None
    try:
        with out.Progress().step(state.say(Label("读取数据集", "Loading the dataset"))):
            dataset = _load_dataset(host, directory, strict=strict,
                                    on_warning=warnings.append)
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

    if as_data:
        data = _validation_data(directory, dataset, rubrics, problems)
        data["warnings"] = _problem_data(DatasetError(warnings))["issues"]
        echo_json(data)
    else:
        from wenming.reporters.table import fit_lines

        lang = state.lang
        stderr = sys.stderr
        if problems:
            label = state.say(Label("错误：", "Error:"))
            prefix = click.style(label, fg="red", bold=True)
            for problem in problems:
                text = fit_lines(f"{label} {message_for(problem, lang)}", stream=stderr)
                click.echo(prefix + text[len(label):], err=True)
        if warnings:
            click.echo(fit_lines(state.say(Label(f"注意（{len(warnings)} 条）：",
                                                 f"Warnings ({len(warnings)}):"))
                                 + "\n" + "\n".join(f"  - {w.text(lang)}" for w in warnings),
                                 stream=stderr), err=True)
        if dataset is not None and rubrics:
            owners = _owner_warning(dataset, {r: rubrics[r] for r in out.default_rubrics(rubrics)})
            if owners is not None:
                click.echo(fit_lines(state.say(owners), stream=stderr), err=True)
        if verbose:
            _print_validation(state, directory, dataset, rubrics)
        click.echo(fit_lines(_validation_line(state, directory, dataset, rubrics, problems,
                                              warnings),
                             stream=sys.stderr if problems else sys.stdout),
                   err=bool(problems))
    if problems:
        codes = [exit_code_for(problem) for problem in problems]
        raise click.exceptions.Exit(EXIT_BAD_INPUT if EXIT_BAD_INPUT in codes else max(codes))


def _validation_line(state: CliState, directory: Path, dataset: Dataset | None,
                     rubrics: Mapping[str, Rubric] | None, problems: Sequence[Exception],
                     warnings: Sequence[DataIssue]) -> str:
    """The one line that closes ``validate``: valid or not, and the counts."""
    issues = sum(max(1, len(getattr(p, "issues", ()))) for p in problems)
    rubric_count = len(rubrics) if rubrics is not None else 0
    if problems:
        return state.say(Label(
            f"未通过校验：{directory}，{issues} 处错误，{len(warnings)} 条注意事项。"
            "改正上面列出的问题后再运行一次。",
            f"Not valid: {directory}, {issues} error{'s' if issues != 1 else ''}, "
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}. Fix the problems "
            "listed above and run it again."))
    assert dataset is not None
    campaign = dataset.campaign
    return state.say(Label(
        f"数据集有效：{directory}（{campaign.title.zh}，{campaign.window}），单位 "
        f"{len(dataset.units)} 个，记录 {len(dataset.evidence)} 条，注意事项 {len(warnings)} 条，"
        f"测评细则 {rubric_count} 套。加 --verbose 查看文件、阶段和测评细则。",
        f"Dataset is valid: {directory} ({campaign.title.en}, {campaign.window}), "
        f"{len(dataset.units)} units, {len(dataset.evidence)} records, {len(warnings)} "
        f"warnings, {rubric_count} rubrics. Add --verbose for the files, phases and rubrics."))


def _owner_warning(dataset: Dataset, rubrics: Mapping[str, Rubric]) -> Label | None:
    """One line: how many rubric items no one but the office answers for (责任单位)."""
    from wenming.model.duties import unowned

    items = [(rubric_id, item.code,
              tuple(k for c in item.criteria for k in _criterion_kinds(c.params)), item.owner)
             for rubric_id, rubric in rubrics.items() for item in rubric.items()]
    missing, total = unowned(dataset.campaign, dataset.units, items)
    if not missing:
        return None
    office_id = dataset.campaign.responsible_unit()
    # The clerk knows the office by its name; the id is what the campaign files use.
    name = (dataset.units[office_id].name if office_id in dataset.units
            else Label(office_id, office_id))
    office = Label(*(office_id if text == office_id else f"{text} ({office_id})"
                     for text in (name.zh, name.en)))
    return Label(
        f"注意：{total} 个测评项中有 {missing} 个未指定责任单位，整改清单将列给 {office.zh}；"
        "请在 campaign.toml 的 [[duties]] / [[tasks]] owners 或台账的“任务分工”表中填写",
        f"Note: {missing} of {total} rubric items have no owner and fall to {office.en} on the "
        "rectification list; name owners in campaign.toml ([[duties]], [[tasks]] owners) or "
        "the ledger's 任务分工 sheet")


def _criterion_kinds(params: object) -> tuple[str, ...]:
    kinds = params.get("kinds") if isinstance(params, Mapping) else getattr(params, "kinds", None)
    if isinstance(kinds, str):
        return (kinds,)
    return tuple(k for k in kinds or () if isinstance(k, str))


def _print_validation(state: CliState, directory: Path, dataset: Dataset | None,
                      rubrics: Mapping[str, Rubric] | None) -> None:
    if dataset is not None:
        click.echo(_dataset_summary(dataset, directory, state.lang))
    if rubrics is not None:
        if dataset is not None:
            click.echo()
        if rubrics:
            click.echo(state.say(Label(f"已安装的测评细则（{len(rubrics)} 套）：",
                                       f"Installed rubrics ({len(rubrics)}):")))
            click.echo(rubric_table(rubrics.values(), state.lang))
        else:
            click.echo(state.say(out.no_rubric(state.host)))
        click.echo()


def _validation_data(directory: Path, dataset: Dataset | None,
                     rubrics: Mapping[str, Rubric] | None,
                     problems: Sequence[Exception]) -> dict[str, object]:
    """What ``validate --format json`` prints; ``valid`` is what the exit status says."""
    summary: dict[str, object] | None = None
    if dataset is not None:
        campaign = dataset.campaign
        summary = {
            "campaign": {"id": campaign.id,
                         "title": {"zh": campaign.title.zh, "en": campaign.title.en},
                         "start": campaign.window.start.isoformat(),
                         "end": campaign.window.end.isoformat()},
            "units": len(dataset.units),
            "records": len(dataset.evidence),
            "files": dict(sorted(_records_by_file(dataset).items())),
            "phases": [{"id": p.id, "name": {"zh": p.name.zh, "en": p.name.en},
                        "start": p.window.start.isoformat(), "end": p.window.end.isoformat()}
                       for p in campaign.phases],
        }
    return {
        "schema": "wenming.validate/1",
        "directory": str(directory),
        "valid": not problems,
        "dataset": summary,
        "rubrics": None if rubrics is None else [rubric_data(r) for r in rubrics.values()],
        "problems": [_problem_data(problem) for problem in problems],
    }


def _problem_data(problem: Exception) -> dict[str, object]:
    issues: Sequence[DataIssue] = getattr(problem, "issues", ())
    return {
        "message": message_for(problem),
        "exit_code": exit_code_for(problem),
        "issues": [{"where": i.where, "line": i.line, "field": i.field,
                    "value": None if i.value is None else str(i.value),
                    "message": i.message, "expected": i.expected} for i in issues],
    }


def _records_by_file(dataset: Dataset) -> Counter[str]:
    return Counter(r.origin.file if r.origin else "—" for r in dataset.evidence)


def _dataset_summary(dataset: Dataset, directory: Path, lang: Lang) -> str:
    from wenming.reporters.table import fit_lines

    campaign = dataset.campaign
    by_file = _records_by_file(dataset)
    lines = [
        fit_lines(Label(f"数据集有效：{directory}", f"Dataset is valid: {directory}").text(lang)),
        fit_lines(Label(f"创建活动：{campaign.title.zh}（{campaign.id}），{campaign.window}",
                        f"Campaign: {campaign.title.en} ({campaign.id}), {campaign.window}"
                        ).text(lang)),
        Label(f"单位：{len(dataset.units)} 个", f"Units: {len(dataset.units)}").text(lang),
        Label(f"记录：{len(dataset.evidence)} 条", f"Records: {len(dataset.evidence)}").text(lang),
    ]
    if by_file:
        lines += ["", listing_table(sorted(by_file.items()), lang=lang,
                                    headers=["文件 File", "记录 Records"])]
    if campaign.phases:
        phases = [(p.id, p.name.text(lang), str(p.window)) for p in campaign.phases]
        lines += ["", listing_table(phases, lang=lang,
                                    headers=["阶段 Phase", "名称 Name", "时间 Window"])]
    return "\n".join(lines)


# -- score -----------------------------------------------------------------


@cli.command("score")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
              help="Score only this rubric (repeatable) / 只按该细则评分（可重复）.")
@click.option("--as-of", callback=_as_of, metavar="DATE",
              help="Score as of this day, e.g. 2021-06-30 / 评分基准日 (default: today in "
                   "Beijing, or the campaign's end once it has passed).")
@click.option("--unit", metavar="UNIT",
              help="Score only this unit: its id or name / 只评该单位（编号或名称）.")
@out.format_option(out.SCORE)
@out.output_option()
@click.option("--force", is_flag=True, help="Overwrite an existing --output file / 覆盖已有文件.")
@click.option("--check", is_flag=True,
              help="Exit 1 when a verdict is Fail / 有不合格结论时以状态 1 退出.")
@click.option("--fail-under", type=out.PERCENT, metavar="PERCENT",
              help="Exit 1 when a rubric scores below PERCENT of the points due (implies "
                   "--check) / 得分率低于该百分比时以状态 1 退出.")
@click.option("--brief", is_flag=True,
              help="One line per rubric (score, full marks, pass line, verdict) instead of "
                   "the tables; with -o the report is still written / 每套细则一行摘要.")
@pass_state
def score_command(
    state: CliState,
    directory: Path,
    rubric_ids: tuple[str, ...],
    as_of: date | None,
    unit: str | None,
    format_name: str | None,
    output: Path | None,
    force: bool,
    check: bool,
    fail_under: float | None,
    brief: bool = False,
) -> None:
    """Score a dataset against installed rubrics / 按测评细则评分."""
    from wenming.reports import ScoreReport
    from wenming.scoring import Scorer

    host = state.host
    progress = out.Progress()
    ids = out.rubric_ids(state, host.rubrics(), rubric_ids, out.no_rubric(host))
    reporter = out.reporter_for(state, host.reporters(), format_name, output, out.SCORE)
    out.refuse_overwrite(state, output, [directory], force, out.evidence_folders(directory))
    with progress.step(state.say(Label("读取数据集", "Loading the dataset"))):
        dataset = _load_dataset(host, directory)
    out.refuse_overwrite(state, output, out.input_paths(dataset, directory), force,
                         out.evidence_folders(directory, dataset))
    unit = out.check_unit(state, dataset, unit)
    day = out.as_of_for(state, dataset, as_of)
    scorer = Scorer(host)
    cards = [scorer.score(dataset, rubric_id, day, unit)
             for rubric_id in progress.each(ids, state.say(Label("评分", "Scoring")))]
    with progress.step(state.say(Label("生成整改清单", "Building the rectification list"))):
        report = ScoreReport.of(cards, dataset, day)
    if not brief or output is not None:
        out.emit(state, reporter, report, output, force, progress)
    if brief:
        click.echo("\n".join(_brief_line(state, card) for card in cards))
        if output is not None and not out.is_stdout(output):
            click.echo(state.say(Label(f"完整报告：{output}", f"Full report: {output}")))
    if state.strict_plugins:
        raise_for_failed_criteria(cards)
    if check or fail_under is not None:
        _check_verdicts(state, cards, fail_under)


def _brief_line(state: CliState, card: Scorecard) -> str:
    """A rubric's result as a leader reads it: the score out of full marks against the pass
    line, the verdict, and on the same line what was due by the as-of date."""
    from wenming.reporters.labels import verdict

    def number(value: float) -> str:  # 48.17, as the reports show it, not 48.1667
        return format(round(value, 2), "g")

    title = card.rubric_title.text(state.lang)
    line = f"，达标线 {number(card.pass_line)}" if card.pass_line is not None else ""
    line_en = f", pass line {number(card.pass_line)}" if card.pass_line is not None else ""
    return state.say(Label(
        f"{title}：得分 {number(card.total)}，满分 {number(card.nominal)}{line}，结论："
        f"{verdict(card.verdict).zh}（截至评估日应得 {number(card.maximum)} 分）",
        f"{title}: {number(card.total)} of {number(card.nominal)}{line_en}, verdict "
        f"{verdict(card.verdict).en} ({number(card.maximum)} points due by the as-of date)"))


def _check_verdicts(state: CliState, cards: Sequence[Scorecard], fail_under: float | None
                    ) -> None:
    """Exit 1 after the report when a card fails (its verdict, or the --fail-under bar)."""
    failed: list[str] = []
    for card in cards:
        share = 100 * card.total / card.maximum if card.maximum > 0 else None
        score = f"{plain_number(card.total)} / {plain_number(card.maximum)}"
        if card.verdict == "fail":
            failed.append(state.say(Label(f"{card.rubric_id}：结论为不合格（{score}）",
                                          f"{card.rubric_id}: verdict Fail ({score})")))
        elif fail_under is not None and share is not None and share < fail_under:
            failed.append(state.say(Label(
                f"{card.rubric_id}：得分率 {share:.1f}% 低于 "
                f"{plain_number(fail_under)}%（{score}）",
                f"{card.rubric_id}: {share:.1f}% of the points due, below "
                f"{plain_number(fail_under)}% ({score})")))
    if failed:
        head = state.say(Label("未达标：", "Below the bar:"))
        raise VerdictFailed("\n".join([head, *(f"  {line}" for line in failed)]))


# -- Options of other modules -----------------------------------------------
# Commands of other modules are listed in LAZY_COMMANDS above. The group gives every
# command ``-h``, ``--lang`` before or after it, and wenming's error handling.
def _strict_plugins(ctx: click.Context, param: click.Parameter, strict: bool) -> None:
    from wenming.cli.authoring import install_strict_plugins

    install_strict_plugins(ctx, strict, CliState)


cli.params.append(click.Option(
    ["--strict-plugins"], is_flag=True, envvar="WENMING_STRICT_PLUGINS", expose_value=False,
    callback=_strict_plugins,
    help="Fail on any broken plugin instead of leaving it out / "
         "插件有误即报错（用于插件的 CI）."))


def main(argv: Sequence[str] | None = None, *, prog_name: str = "wenming") -> None:
    """Entry point of the ``wenming`` console script."""
    out.FREEZE_AFTER_LOAD = True  # this process is the command: see output.load_dataset
    cli.main(args=list(argv) if argv is not None else None, prog_name=prog_name)
