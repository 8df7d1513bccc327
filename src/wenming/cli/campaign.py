"""``init`` and ``template``: start a campaign folder, and hand a clerk a ledger to fill in.

``wenming init DIR`` writes a dataset folder that validates at once: campaign.toml
with the phases the chosen rubrics expect (their ``in-phase`` criteria and
``phase:<id>`` windows), a units file, and ``evidence/台账.xlsx`` — the workbook
``wenming template`` writes, empty. Nothing is written into a folder that
already holds anything, and the folder appears whole or not at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from wenming.cli.errors import CliError
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.model import Task, Unit, Vocabulary
    from wenming.plugins.manager import PluginHost
    from wenming.rubric import Rubric

__all__ = ["PhasePlan", "expected_phases", "init_command", "template_command"]

TEMPLATE_NAME = "台账模板.xlsx"
LEDGER_NAME = "台账.xlsx"
#: months the generated campaign window spans (creation cycles run two years or so)
CAMPAIGN_MONTHS = 24

_UNITS_SKELETON = """\
# The units taking part (see docs/dataset-format.md). Replace this one with your own:
# the applicant first, then its divisions and sub-units with parent = "<its id>".

[[unit]]
id = "hq"
name = { zh = "本单位", en = "Our unit" }
kind = "bureau"
"""


class _Run:
    """The host and language of the group's context object, or defaults."""

    def __init__(self, ctx: click.Context) -> None:
        self.obj = ctx.obj
        lang = getattr(self.obj, "lang", "en")
        self.lang: Lang = "zh" if lang == "zh" else "en"

    @property
    def host(self) -> PluginHost:
        host = getattr(self.obj, "host", None)
        if host is None:
            from wenming.plugins import PluginHost

            host = PluginHost()
        return host

    def say(self, label: Label) -> str:
        return label.text(self.lang)


# -- phases a rubric expects ------------------------------------------------------------------

class PhasePlan:
    """A phase some rubric reads: its id, a name, and the kinds due in it."""

    def __init__(self, phase_id: str, name: Label) -> None:
        self.id = phase_id
        self.name = name
        self.deliverables: list[str] = []


def _params(params: Any) -> Mapping[str, Any]:
    if isinstance(params, Mapping):
        return params
    import attrs

    if attrs.has(type(params)):
        return attrs.asdict(params, recurse=False)
    return dict(getattr(params, "__dict__", {}))


def expected_phases(rubrics: Sequence[Rubric]) -> list[PhasePlan]:
    """Phases named by the rubrics' criteria, in the order the rubrics list them.

    An ``in-phase`` criterion names its phase in ``phase`` and the kinds due in it
    (a rubric lists those in the phases' order); any criterion may read a phase's
    window through ``window = "phase:<id>"`` — such phases come after. A phase is
    named after the item of its first ``in-phase`` criterion.
    """
    plans: dict[str, PhasePlan] = {}
    windows: dict[str, PhasePlan] = {}
    for rubric in rubrics:
        for item, criterion in rubric.criteria():
            params = _params(criterion.params)
            window = params.get("window")
            if isinstance(window, str) and window.startswith("phase:"):
                for named in window.removeprefix("phase:").split(".."):
                    windows.setdefault(named, PhasePlan(named, Label(named, named)))
            phase = params.get("phase") if criterion.type == "in-phase" else None
            if isinstance(phase, str):
                plan = plans.setdefault(phase, PhasePlan(phase, item.title))
                kinds = params.get("kinds") or ()
                plan.deliverables += [k for k in kinds if k not in plan.deliverables]
    return [*plans.values(), *(p for i, p in windows.items() if i not in plans)]


def _month(start: date, months: int) -> tuple[int, int]:
    index = start.year * 12 + start.month - 1 + months
    return index // 12, index % 12 + 1


def _windows(start: date, count: int, months: int) -> list[str]:
    """``count`` consecutive month windows sharing ``months`` months from ``start``."""
    months = max(months, count)
    out = []
    for index in range(count):
        first = _month(start, index * months // count)
        last = _month(start, (index + 1) * months // count - 1)
        out.append(f"{first[0]}.{first[1]:02d}-{last[0]}.{last[1]:02d}")
    return out


def _toml(value: str) -> str:
    # a JSON string is a valid TOML basic string (the same escapes)
    return json.dumps(value, ensure_ascii=False)


def _label(label: Label) -> str:
    return f"{{ zh = {_toml(label.zh)}, en = {_toml(label.en)} }}"


def campaign_toml(name: str, rubrics: Sequence[Rubric], applicants: Sequence[str],
                  start: date) -> str:
    """The text of a campaign.toml whose phases are those ``rubrics`` expect."""
    from wenming.loaders.campaign_toml import LEVELS

    levels = {r.level for r in rubrics}
    level = levels.pop() if len(levels) == 1 and next(iter(levels)) in LEVELS else "other"
    phases = expected_phases(rubrics)
    end = _month(start, CAMPAIGN_MONTHS - 1)
    window = f"{start.year}.{start.month:02d}-{end[0]}.{end[1]:02d}"
    ids = ", ".join(r.id for r in rubrics) or "none installed"
    lines = [
        f"# Written by `wenming init` for the rubrics: {ids}.",
        "# Set the real campaign window and phase windows before filing evidence;",
        "# see docs/dataset-format.md for every key.",
        "",
        "[campaign]",
        f"id = {_toml(name)}",
        f"title = {_label(Label(f'{name}文明单位创建', f'{name}: civilized-unit campaign'))}",
        f"level = {_toml(level)}",
        f"applicants = [{', '.join(_toml(a) for a in applicants)}]",
        f"window = {_toml(window)}",
    ]
    for plan, phase_window in zip(phases, _windows(start, len(phases), CAMPAIGN_MONTHS),
                                  strict=True):
        lines += ["", "[[phases]]", f"id = {_toml(plan.id)}", f"name = {_label(plan.name)}",
                  f"window = {_toml(phase_window)}",
                  f"deliverables = [{', '.join(_toml(k) for k in plan.deliverables)}]"]
    return "\n".join(lines + _task_lines()) + "\n"


def _task_lines() -> list[str]:
    """The plan's main tasks with empty owners, and how to fill them in (任务分工)."""
    from wenming.model.seed import SEED_TASKS

    lines = [
        "",
        "# 任务分工 / who answers for what. Fill in each task's owners (unit ids, the lead unit",
        "# first) and, if you like, a person; a task left empty falls to the leading group's",
        "# office on the rectification list. Owners per rubric item or criterion go in tables",
        "# such as:",
        "#   [[duties]]",
        '#   item = "12"                  # an item code or criterion id',
        '#   rubric = "provincial-18"     # optional: only in this rubric',
        '#   owners = ["policy"]',
        '#   person = "张某"              # optional',
        "# The 任务分工 sheet of evidence/台账.xlsx takes the same, row by row.",
    ]
    for task in SEED_TASKS:
        lines += ["", "[[tasks]]", f"id = {_toml(task.id)}", f"title = {_label(task.title)}",
                  "owners = []", f"kinds = [{', '.join(_toml(k) for k in task.kinds)}]"]
    return lines


# -- init -------------------------------------------------------------------------------------

def _chosen(run: _Run, rubrics: Mapping[str, Rubric], requested: Sequence[str]) -> list[Rubric]:
    unknown = [r for r in requested if r not in rubrics]
    if unknown:
        installed = ", ".join(sorted(rubrics)) or "—"
        raise CliError(run.say(Label(
            f"未安装的测评细则：{', '.join(unknown)}（已安装：{installed}）",
            f"no such installed rubric: {', '.join(unknown)} (installed: {installed})")))
    if requested:
        return [rubrics[r] for r in requested]
    from wenming.cli.output import default_rubrics

    return [rubrics[r] for r in default_rubrics(rubrics)]


def _start_month(value: str | None) -> date | None:
    """``--start 2025-04`` (or 2025.04, 2025年4月) as the first day of that month."""
    if value is None:
        return None
    found = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", value)
    if found is None or not 1 <= int(found[2]) <= 12:
        raise click.BadParameter(f"{value!r} is not a month such as 2025-04 / 不是月份（如 "
                                 "2025-04）", param_hint="--start")
    return date(int(found[1]), int(found[2]), 1)


def _check_empty(run: _Run, directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CliError(run.say(Label(
            f"{directory} 已存在且不是空文件夹；请指定新的或空的文件夹",
            f"{directory} exists and is not an empty folder; give a new or empty folder")))


def _units_file(run: _Run, units: Path | None, folder: Path) -> None:
    if units is None:
        (folder / "units.toml").write_text(_UNITS_SKELETON, encoding="utf-8")
        return
    suffix = units.suffix.lower()
    if suffix not in (".toml", ".csv"):
        raise CliError(run.say(Label(
            f"单位文件应为 .toml 或 .csv：{units}",
            f"the units file must be .toml or .csv: {units}")))
    shutil.copyfile(units, folder / f"units{suffix}")


def _load_units(folder: Path, subject: str) -> tuple[Unit, ...]:
    from wenming.loaders.collector import IssueCollector
    from wenming.loaders.units import load_units

    issues = IssueCollector()
    loaded = load_units(folder, issues)
    issues.raise_if_any(subject)
    return loaded.units if loaded is not None else ()


def _today() -> date:
    from wenming.calendar import CAMPAIGN_TZ

    return datetime.now(ZoneInfo(CAMPAIGN_TZ)).date()


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rubric", "rubric_ids", multiple=True, metavar="ID",
              help="Take the phases of this rubric (repeatable; default: every installed "
                   "one) / 按该细则设置阶段（可重复，默认全部已安装细则）.")
@click.option("--units", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Start from this units.toml or units.csv / 使用该单位文件.")
@click.option("--start", metavar="YYYY-MM", callback=lambda ctx, param, value: _start_month(value),
              help="The month the campaign starts, as the plan says (default: this month) / "
                   "创建周期开始的月份（默认本月）.")
@click.pass_context
def init_command(ctx: click.Context, directory: Path, rubric_ids: tuple[str, ...],
                 units: Path | None, start: date | None = None) -> None:
    """Start a campaign folder that validates / 新建创建活动数据集文件夹.

    Writes campaign.toml (the phases the rubrics expect, with windows to adjust),
    a units file and evidence/台账.xlsx, an empty ledger to fill in.
    """
    from wenming.loaders import load_dataset
    from wenming.template import write_template

    run = _Run(ctx)
    _check_empty(run, directory)
    host = run.host
    rubrics = _chosen(run, host.rubrics(), rubric_ids)
    parent = directory.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wenming-init-", dir=parent))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(staging, 0o777 & ~mask)  # mkdtemp's 0700 would hide the folder from colleagues
    try:
        _units_file(run, units, staging)
        unit_list = _load_units(staging, f"the units file {units or 'units.toml'}")
        applicants = [u.id for u in unit_list if u.parent is None]
        name = directory.absolute().name
        (staging / "campaign.toml").write_text(
            campaign_toml(name, rubrics, applicants, start or _today().replace(day=1)),
            encoding="utf-8")
        write_template(staging / "evidence" / LEDGER_NAME, host.vocabulary(),
                       host.rubrics(), unit_list)
        dataset = load_dataset(staging, vocabulary=host.vocabulary())  # proves it validates
        if directory.exists():
            directory.rmdir()  # empty, checked above
        os.replace(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    phases = ", ".join(p.id for p in dataset.campaign.phases) or "—"
    phases_zh = "、".join(p.name.zh for p in dataset.campaign.phases) or "—"
    click.echo(run.say(Label(
        f"已创建 {directory}：campaign.toml（阶段：{phases_zh}）、units 文件、"
        f"evidence/{LEDGER_NAME}\n"
        f"下一步：在 campaign.toml 中填写真实的创建周期和阶段时间，在台账“任务分工”表或 "
        f"campaign.toml 中填写各项任务的责任单位，在台账中登记记录，"
        f"然后运行 wenming validate {directory}",
        f"Created {directory}: campaign.toml (phases: {phases}), the units file and "
        f"evidence/{LEDGER_NAME}\nNext: set the real campaign and phase windows in "
        f"campaign.toml, name each task's owners (the ledger's 任务分工 sheet or "
        f"campaign.toml), file records in the ledger, then run wenming validate {directory}")))


# -- template ---------------------------------------------------------------------------------

def _campaign_tasks(directory: Path | None, vocabulary: Vocabulary) -> tuple[Task, ...]:
    """The folder's main tasks for the 任务分工 sheet; the seed's when it names none."""
    from wenming.model.seed import SEED_TASKS

    if directory is None:
        return SEED_TASKS
    from wenming.loaders.campaign_toml import load_campaign
    from wenming.loaders.collector import IssueCollector

    issues = IssueCollector()
    campaign, _ = load_campaign(directory, vocabulary, issues)
    issues.raise_if_any(f"the campaign of {directory}")
    return campaign.tasks if campaign is not None and campaign.tasks else SEED_TASKS


def _dataset_vocabulary(host: PluginHost, directory: Path | None) -> Vocabulary:
    """The installed kinds, plus the folder's kinds.toml when it has one."""
    vocabulary = host.vocabulary()
    if directory is None:
        return vocabulary
    from wenming.loaders.collector import IssueCollector
    from wenming.loaders.folder import _vocabulary

    issues = IssueCollector()
    vocabulary = _vocabulary(directory, vocabulary, issues)
    issues.raise_if_any(f"the kinds of {directory}")
    return vocabulary


@click.command("template")
@click.argument("directory", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(TEMPLATE_NAME), show_default=True,
              help="The workbook to write / 输出的工作簿.")
@click.option("--force", is_flag=True, help="Overwrite an existing file / 覆盖已有文件.")
@click.pass_context
def template_command(ctx: click.Context, directory: Path | None, output: Path,
                     force: bool) -> None:
    """Write an XLSX ledger for a clerk to fill in / 生成台账模板工作簿.

    Drop-down lists for 类别 (every installed evidence kind), 单位 (the units of
    DIRECTORY, when given) and 节日; date checks; a 填表说明 sheet listing each
    kind with the rubric items it counts for. Filled in, it validates as it is.
    """
    from wenming.template import write_template

    run = _Run(ctx)
    if output.suffix.lower() != ".xlsx":
        raise CliError(run.say(Label(f"模板是 .xlsx 工作簿，请用 .xlsx 文件名：{output}",
                                     f"the template is an .xlsx workbook; name it .xlsx: "
                                     f"{output}")))
    if output.exists() and not force:
        raise CliError(run.say(Label(f"{output} 已存在；用 --force 覆盖",
                                     f"{output} exists; use --force to overwrite it")))
    host = run.host
    units = _load_units(directory, f"the units of {directory}") if directory else ()
    vocabulary = _dataset_vocabulary(host, directory)
    write_template(output, vocabulary, host.rubrics(), units,
                   _campaign_tasks(directory, vocabulary))
    kinds, count = len(list(vocabulary)), len(units)
    click.echo(run.say(Label(f"已写入 {output}：{kinds} 个证据类别，{count} 个单位",
                             f"Wrote {output}: {kinds} evidence kinds, {count} "
                             f"unit{'' if count == 1 else 's'}")))
