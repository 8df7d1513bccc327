"""``campaign.toml``: the campaign, its dated phases, main tasks and leading group."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Final

from wenming.calendar import CAMPAIGN_TZ, FIRST_YEAR, LAST_YEAR, DateWindow
from wenming.errors import DataIssue, UnknownKindError
from wenming.loaders.collector import IssueCollector
from wenming.loaders.toml_source import TableReader, TomlSource, dataset_path
from wenming.model import Campaign, GroupMember, Phase, Role, Task, Vocabulary
from wenming.model.campaign import Duty

__all__ = ["CAMPAIGN_FILE", "LEVELS", "MAX_CAMPAIGN_YEARS", "load_campaign"]

CAMPAIGN_FILE: Final = "campaign.toml"

#: The longest campaign window accepted. Creation cycles run one to three years, so ten is
#: generous; the bound is there because scoring walks every period and festival of the
#: window, and a typo such as ``2021-9999`` would otherwise cost minutes and gigabytes.
MAX_CAMPAIGN_YEARS: Final = 10

#: Accepted ``level`` values and what they are stored as.
LEVELS: Final[Mapping[str, str]] = {
    "municipal": "municipal", "市级": "municipal",
    "provincial": "provincial", "省级": "provincial", "自治区级": "provincial",
    "national": "national", "全国": "national", "国家级": "national",
    "county": "county", "县级": "county", "区县级": "county", "县": "county",
    "district": "district", "区级": "district", "区": "district",
    "other": "other", "其他": "other",
}
_TOP_KEYS: Final = ("campaign", "phases", "tasks", "duties", "leading_group")
_CAMPAIGN_KEYS: Final = ("id", "title", "level", "applicants", "window", "office", "timezone",
                          "declaration")
_PHASE_KEYS: Final = ("id", "name", "window", "deliverables")
_TASK_KEYS: Final = ("id", "title", "owners", "kinds", "person")
_DUTY_KEYS: Final = ("item", "rubric", "owners", "person")
_MEMBER_KEYS: Final = ("unit", "role", "person", "position", "from", "until")
_ROLE_EXPECTED: Final = "one of " + ", ".join(f"{r.value} ({r.label.zh})" for r in Role)


def load_campaign(
    root: Path, vocabulary: Vocabulary, issues: IssueCollector
) -> tuple[Campaign | None, TomlSource | None]:
    """Read and check ``campaign.toml``; the campaign is ``None`` if anything is wrong."""
    file = dataset_path(root, CAMPAIGN_FILE, issues)
    if file is None:
        if not os.path.lexists(root / CAMPAIGN_FILE):
            issues.add(DataIssue(CAMPAIGN_FILE, "campaign.toml is missing / 缺少 campaign.toml",
                                 expected="a campaign.toml describing the campaign "
                                          "(see docs/dataset-format.md)"))
        return None, None
    source = TomlSource.read(file, CAMPAIGN_FILE, issues)
    if source is None:
        return None, None
    before = len(issues)
    top = TableReader(source, issues, (), source.data, _TOP_KEYS)
    if "campaign" not in source.data:
        issues.add(DataIssue(CAMPAIGN_FILE, "the [campaign] table is missing / 缺少 [campaign] 表",
                             field="campaign", expected="a [campaign] table with id, title, "
                             "level, applicants and window"))
    head = TableReader(source, issues, ("campaign",), source.data.get("campaign", {}),
                       _CAMPAIGN_KEYS)
    campaign_id = head.text("id", required=True)
    title = head.label("title", required=True)
    level = _level(head)
    applicants = _applicants(head)
    window = _supported(head, head.window("window", required=True), MAX_CAMPAIGN_YEARS)
    office = head.text("office")
    declaration = head.day("declaration")
    timezone = head.text("timezone")
    if timezone is not None and timezone != CAMPAIGN_TZ:
        head.report("timezone", "the campaign calendar is Asia/Shanghai / 创建活动按北京时间计",
                    timezone, f"{CAMPAIGN_TZ} (or leave the key out)")
    phases = _phases(top, vocabulary, window)
    tasks = _tasks(top, vocabulary)
    group = _leading_group(top)
    duties = _duties(top)
    if len(issues) > before or campaign_id is None or title is None or level is None \
            or applicants is None or window is None:
        return None, source
    return Campaign(campaign_id, title, level, applicants, window, phases, tasks, group,
                    CAMPAIGN_TZ, office, declaration=declaration, duties=duties), source


def _level(head: TableReader) -> str | None:
    text = head.text("level", required=True)
    if text is None:
        return None
    level = LEVELS.get(text.lower())
    if level is None:
        head.report("level", "unknown campaign level / 未知的创建级别", text,
                    "municipal (市级), provincial (省级/自治区级), national (全国), county (县级), "
                    "district (区级) or other")
    return level


def _applicants(head: TableReader) -> tuple[str, ...] | None:
    applicants = head.texts("applicants", required=True)
    if applicants is None:
        return None
    if not applicants:
        head.report("applicants", "no applicant units / 没有申报单位", [],
                    "the ids of the units applying for the title")
        return None
    repeated = sorted({a for a in applicants if applicants.count(a) > 1})
    if repeated:
        head.report("applicants", "an applicant is listed twice / 申报单位重复",
                    ", ".join(repeated), "each unit id once")
    return applicants


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _supported(table: TableReader, window: DateWindow | None,
               max_years: int | None = None) -> DateWindow | None:
    """``window`` if the calendar supports its years and it is not too long; else report it."""
    if window is None:
        return None
    if window.start.year < FIRST_YEAR or window.end.year > LAST_YEAR:
        table.report("window", "the window lies outside the supported calendar years / "
                     "时间段超出支持的年份范围", table.data.get("window"),
                     f"dates from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31 (is the year a typo?)")
        return None
    if max_years is not None and window.end >= _years_later(window.start, max_years):
        table.report("window", f"the window is longer than {max_years} years / "
                     f"时间段超过{max_years}年", table.data.get("window"),
                     f"at most {max_years} years, ending before "
                     f"{_years_later(window.start, max_years)} (is the end year a typo?)")
        return None
    return window


def _kinds(table: TableReader, key: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for name in table.texts(key) or ():
        try:
            out[vocabulary.resolve(name)] = None
        except UnknownKindError as exc:
            hint = "; did you mean " + ", ".join(exc.suggestions) + "?" if exc.suggestions else ""
            table.report(key, "unknown evidence kind / 未知的证据类别", name,
                         "a kind id, Chinese name or alias from the vocabulary" + hint)
    return tuple(out)


def _unique_id(table: TableReader, seen: dict[str, int], what: str) -> str | None:
    item_id = table.text("id", required=True)
    if item_id is None:
        return None
    if item_id in seen:
        zh = {"phase": "阶段", "task": "任务"}.get(what, what)
        table.report("id", f"duplicate {what} id / {zh}编号重复", item_id,
                     f"each {what} id once (first used at line {seen[item_id]})")
        return None
    seen[item_id] = table.source.line((*table.path, "id")) or 0
    return item_id


def _phases(top: TableReader, vocabulary: Vocabulary,
            campaign_window: DateWindow | None) -> tuple[Phase, ...]:
    phases: list[Phase] = []
    seen: dict[str, int] = {}
    for table in top.tables("phases", _PHASE_KEYS):
        phase_id = _unique_id(table, seen, "phase")
        name = table.label("name", required=True)
        window = _supported(table, table.window("window", required=True))
        deliverables = _kinds(table, "deliverables", vocabulary)
        if window is not None and campaign_window is not None and not (
                campaign_window.start <= window.start and window.end <= campaign_window.end):
            table.report("window", "the phase lies outside the campaign window / "
                         "阶段时间超出创建周期", table.data.get("window"),
                         f"a window inside {campaign_window}")
        if phase_id is not None and name is not None and window is not None:
            phases.append(Phase(phase_id, name, window, deliverables))
    return tuple(phases)


def _tasks(top: TableReader, vocabulary: Vocabulary) -> tuple[Task, ...]:
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    for table in top.tables("tasks", _TASK_KEYS):
        task_id = _unique_id(table, seen, "task")
        title = table.label("title", required=True)
        owners = _owners(table)
        kinds = _kinds(table, "kinds", vocabulary)
        person = table.text("person")
        if task_id is not None and title is not None:
            tasks.append(Task(task_id, title, owners, kinds, person))
    return tuple(tasks)


def _owners(table: TableReader) -> tuple[str, ...]:
    # ``owners = []`` is how `wenming init` leaves a task for the office to assign.
    if table.data.get("owners") == []:
        return ()
    return table.texts("owners") or ()


def _duties(top: TableReader) -> tuple[Duty, ...]:
    """``[[duties]]``: owners per rubric item code or criterion id (任务分工)."""
    duties: list[Duty] = []
    seen: dict[tuple[str | None, str], int] = {}
    for table in top.tables("duties", _DUTY_KEYS):
        target = table.text("item", required=True)
        rubric = table.text("rubric")
        owners = _owners(table)
        person = table.text("person")
        if target is None:
            continue
        line = table.source.line((*table.path, "item")) or 0
        if (rubric, target) in seen:
            table.report("item", "the item is given an owner twice / 测评项重复分工", target,
                         f"each item once per rubric (first at line {seen[rubric, target]})")
            continue
        seen[rubric, target] = line
        duties.append(Duty(target, owners, rubric, person, f"{CAMPAIGN_FILE}:{line}"))
    return tuple(duties)


def _leading_group(top: TableReader) -> tuple[GroupMember, ...]:
    members: list[GroupMember] = []
    for table in top.tables("leading_group", _MEMBER_KEYS):
        unit = table.text("unit", required=True)
        role_text = table.text("role", required=True)
        role = None
        if role_text is not None:
            try:
                role = Role.parse(role_text)
            except ValueError:
                table.report("role", "unknown leading-group role / 未知的领导小组职务", role_text,
                             _ROLE_EXPECTED)
        person = table.text("person")
        position = table.text("position")
        start, end = table.day("from"), table.day("until")
        if start is not None and end is not None and end < start:
            table.report("until", "the seat ends before it starts / 任职结束日期早于开始日期",
                         end.isoformat(), f"a date on or after from = {start.isoformat()}")
        if position is None and unit is not None and role is not None:
            # Rubrics check that a seat is held by the office the plan names; say so here
            # rather than let every seat fail (or pass) unexplained in the scorecard.
            table.warn("position", "the seat states no position, so a rubric cannot check "
                       "that its holder is the one the plan names / 未写明职务，无法核对是否"
                       "为负责人", None, 'a position as written, e.g. position = "法规处处长"')
        if unit is not None and role is not None:
            members.append(GroupMember(unit, role, person, position, start=start, end=end))
    return tuple(members)
