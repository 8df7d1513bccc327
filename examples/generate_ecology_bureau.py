"""Generate the bundled example dataset ``examples/ecology-bureau/``.

The bureau, its units and its people are invented. The archive (台账) is
produced from compact tables of activity templates — kind, units, cadence,
title patterns — with a seeded ``random.Random(2020)``, so running the script
twice writes byte-identical files (the XLSX workbooks included: their
metadata and zip timestamps are pinned).

The shortfalls listed in ``ecology-bureau/README.md`` are made on purpose by
the tables below (look for "SHORTFALL"); everything else is meant to be met.

Run:  python examples/generate_ecology_bureau.py
Only the standard library and openpyxl are needed.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import random
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

SEED = 2020
OUT = Path(__file__).resolve().parent / "ecology-bureau"
START, END = date(2020, 4, 1), date(2021, 12, 31)
# Pinned into the workbooks so a second run is byte-identical.
FIXED_TIME = datetime(2022, 1, 4, 9, 0, 0)
ZIP_TIME = (2022, 1, 4, 9, 0, 0)

# --------------------------------------------------------------------------
# Units: id, zh, en, kind, parent, short name used in titles, id prefix
# --------------------------------------------------------------------------

UNITS: tuple[tuple[str, str, str, str, str | None, str, str], ...] = (
    ("hq", "市生态环境局机关", "Lanchuan Ecology and Environment Bureau (headquarters)",
     "bureau", None, "局机关", "HQ"),
    ("office", "办公室", "General Office", "division", "hq", "办公室", "HQ"),
    ("party", "机关党委", "Party Committee of the Bureau", "division", "hq", "机关党委", "HQ"),
    ("policy", "法规处", "Policy and Regulations Division", "division", "hq", "法规处", "HQ"),
    ("monitoring-div", "监测处", "Environmental Monitoring Division", "division", "hq",
     "监测处", "HQ"),
    ("enforcement", "执法处", "Law Enforcement Division", "division", "hq", "执法处", "HQ"),
    ("publicity", "宣传教育处", "Publicity and Education Division", "division", "hq",
     "宣传教育处", "HQ"),
    ("monitor-centre", "市环境监测中心", "Municipal Environmental Monitoring Centre",
     "affiliated", "hq", "监测中心", "JC"),
    ("east", "东湖区分局", "Donghu District Sub-bureau", "dispatched", "hq", "东湖区分局", "E"),
    ("east-general", "东湖区分局综合科", "Donghu Sub-bureau General Section", "division",
     "east", "东湖区分局综合科", "E"),
    ("west", "西岭区分局", "Xiling District Sub-bureau", "dispatched", "hq", "西岭区分局", "W"),
    ("north", "北塘区分局", "Beitang District Sub-bureau", "dispatched", "hq", "北塘区分局", "N"),
)
UNIT_ORDER = {u[0]: i for i, u in enumerate(UNITS)}
UNIT_ZH = {u[0]: u[1] for u in UNITS}
SHORT = {u[0]: u[5] for u in UNITS}
PREFIX = {u[0]: u[6] for u in UNITS}
SUB_UNITS = ("east", "east-general", "west", "north")  # their ledger is 派出局活动.csv

SUBS = "east west north"

# --------------------------------------------------------------------------
# How clerks write each kind in the 类别 column: zh label first, then variants
# --------------------------------------------------------------------------

LEDGER_NAMES = {
    "party-group-civilization-study": "党组研究精神文明建设|党组会研究精神文明建设",
    "concurrent-deployment": "会议同步部署精神文明建设|重大会议同步部署精神文明建设",
    "leading-group-establishment": "成立创建工作领导小组|成立领导小组",
    "person-in-charge-designation": "指定专人负责创建工作|明确专人负责",
    "work-plan": "创建工作方案|创建实施方案|文明单位创建实施方案",
    "target-decomposition": "目标任务分解|目标任务分解表",
    "staff-consultation": "征求职工意见|职工意见征集",
    "mobilisation-meeting": "创建动员大会|动员大会|动员会",
    "leader-mobilisation-speech": "主要领导动员讲话|动员讲话",
    "deployment-meeting": "创建工作部署会|创建推进会|部署会",
    "website-column": "精神文明建设网站专栏|网站专栏",
    "creation-spending": "创建经费支出|创建活动经费|文明创建经费",
    "annual-plan": "年度创建计划|年度文明创建计划|年初计划",
    "annual-summary": "年终总结|年度创建总结",
    "target-assessment-inclusion": "纳入年度目标考核|目标考核",
    "creation-inspection": "创建工作检查|文明创建检查",
    "inspection-circular": "检查结果通报|督查通报",
    "publicity-item": "创建宣传报道|宣传报道|微信公众号推文",
    "archive-filing": "创建档案归档|台账归档",
    "self-check": "自查自评|对照测评体系自查",
    "self-scoring-sheet": "逐项自评打分|自评打分表",
    "rectification-list": "整改清单|问题整改清单",
    "rectification-record": "整改记录|整改落实记录|整改情况报告",
    "materials-compilation": "迎检资料汇编|资料汇编",
    "video-materials": "视频资料|影像资料",
    "inspection-reception": "迎接检查评估|迎检",
    "onsite-assessment": "实地考察评分|实地测评",
    "central-group-study": "党组中心组学习|中心组学习|理论学习中心组学习",
    "staff-theory-study": "干部职工理论学习|理论学习|集中学习",
    "xuexi-qiangguo": "学习强国学习|学习强国",
    "theory-lecture": "理论宣讲|理论宣讲活动",
    "theme-education": "主题教育|主题教育活动",
    "ideals-belief-education": "理想信念教育|四史教育",
    "xiaokang-theme-publicity": "决胜小康奋斗有我主题宣传教育|决胜小康主题宣传教育",
    "patriotic-education": "爱国主义教育|红色教育",
    "education-venue": "思想教育阵地建设|阵地建设",
    "party-oath-ceremony": "入党宣誓仪式|重温入党誓词",
    "party-political-birthday": "党员政治生日|政治生日",
    "core-values-publicity": "社会主义核心价值观宣传教育|核心价值观宣传",
    "eco-lecture-hall": "环保大讲堂|环保讲堂",
    "messaging-group-publicity": "微信群QQ群宣传|微信群宣传",
    "eco-worker-selection": "最美环保人推选|最美环保人评选",
    "civilized-staff-selection": "文明职工推选|文明职工评选",
    "grassroots-eco-worker": "最美基层环保人培育|最美基层环保人",
    "role-model-selection": "选树先进典型|先进典型选树",
    "moral-model-nomination": "道德模范评选推荐|推荐道德模范",
    "moral-model-exchange": "道德模范与身边好人现场交流|道德模范现场交流",
    "moral-lecture": "道德讲堂|道德讲堂活动",
    "etiquette-education": "文明礼仪教育|文明礼仪培训",
    "frugality-rules": "勤俭节约制度|勤俭节约制度规定",
    "resource-saving-campaign": "节约一滴水一度电一张纸活动|节水节电节纸活动",
    "clean-plate-campaign": "光盘行动|文明餐桌行动",
    "frugal-person-selection": "节俭文明人评比|节俭文明人评选",
    "civilized-customs-plan": "文明风尚传播活动实施方案|文明风尚传播方案",
    "moral-signage": "道德宣传牌|温馨提示语",
    "online-volunteer-group": "网络文明传播志愿者小组|网络文明传播小组",
    "civilized-community-participation": "参与文明社区创建|文明社区创建",
    "civilized-family-creation": "文明家庭创建|五好家庭创建",
    "most-beautiful-family": "最美家庭评选|最美家庭推荐",
    "family-values-activity": "家风家训活动|家风建设",
    "volunteer-service": "志愿服务活动|志愿服务|环保志愿服务",
    "eco-community-outreach": "环保进社区|环保进社区志愿服务",
    "volunteer-organisation-fostering": "培育社会环保志愿服务组织|培育环保志愿服务组织",
    "medical-waste-guidance": "疫情医废处置服务指导|医废处置指导",
    "anti-epidemic-works": "战疫征文书画创作|战疫征文",
    "world-environment-day": "六五世界环境日活动|世界环境日",
    "biodiversity-day": "生物多样性日活动|生物多样性日",
    "lei-feng-plan": "年度学雷锋活动方案|学雷锋活动方案",
    "lei-feng-team-establishment": "成立学雷锋小组|学雷锋志愿服务队",
    "lei-feng-activity": "学雷锋活动|学雷锋志愿服务活动",
    "civilized-traffic": "文明交通活动|文明出行",
    "civilized-tourism": "文明旅游活动|文明旅游",
    "blood-donation": "无偿献血|无偿献血活动",
    "warmth-delivery": "送温暖|走访慰问",
    "festival-plan": "传统节日活动方案|我们的节日活动方案",
    "festival-activity": "传统节日活动|我们的节日|节日活动",
    "red-black-list": "红黑榜发布|信用红黑榜",
    "integrity-publicity": "诚信宣传教育|诚信宣传",
    "integrity-essay": "诚信主题征文|诚信征文",
    "integrity-star-selection": "诚信之星推选|诚信标兵推选",
    "integrity-service-activity": "诚实守信优质服务活动|诚信建设活动",
    "integrity-mechanism": "诚信机制|诚信建设机制",
    "six-nots-management": "六个不让效能管理|六个不让|效能管理",
    "complaint-handling": "投诉举报处理|信访投诉办理|群众投诉处理",
    "network-civilization": "网络文明建设|文明上网",
    "skills-contest": "练兵比武|技能竞赛",
    "service-window-improvement": "服务窗口建设|窗口建设",
    "online-platform-registration": "文明单位在线注册|在线平台注册",
    "online-platform-designation": "文明单位在线专人指定|文明单位在线管理员",
    "online-platform-user-info": "文明单位在线用户信息完善|完善用户信息",
    "online-platform-update": "文明单位在线信息更新|文明单位在线动态",
    "lead-the-way-culture-plan": "走在前机关文化建设计划|机关文化建设计划",
    "lead-the-way-culture-activity": "走在前机关文化建设活动|机关文化建设活动",
    "culture-sports-plan": "职工文体活动实施方案|文体活动方案",
    "fitness-facility-addition": "增添健身活动设施|健身器材购置",
    "sports-activity": "体育活动|职工运动会|健身活动",
    "song-dance-gathering": "歌舞联谊活动|文艺联欢",
    "photography-contest": "随手拍摄影比赛|摄影比赛",
    "calligraphy-contest": "书法比赛|书画比赛",
    "office-environment-plan": "办公楼环境建设实施方案|办公环境建设方案",
    "corridor-culture": "楼道文化长廊|文化长廊",
    "tree-planting": "植树护绿活动|义务植树",
    "quality-service-plan": "优质服务活动实施方案|优质服务方案",
    "service-norms": "优质服务制度规范和服务承诺|服务承诺",
    "satisfied-civil-servant": "做人民满意公务员活动|人民满意公务员",
    "commendation": "先进集体先进个人表彰|表彰先进",
    "pairing-assistance-plan": "帮扶共建实施方案|帮扶共建方案",
    "micro-wish": "微心愿认领|认领微心愿",
}

# --------------------------------------------------------------------------
# Schedules: when an activity happens, as slots (first day, last day)
# --------------------------------------------------------------------------

Slot = tuple[date, date]


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _months(since: date = START, until: date = END) -> list[Slot]:
    out: list[Slot] = []
    y, m = since.year, since.month
    while (y, m) <= (until.year, until.month):
        out.append((date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class Every:
    """One occurrence per period of ``months`` months (aligned on calendar
    quarters/halves/years), each kept with probability ``keep``."""

    months: int
    keep: float = 1.0
    since: str = "2020-04"
    until: str = "2021-12"
    tail: int | None = None  # only the last ``tail`` days of the period (reports, filing)

    def slots(self, rng: random.Random) -> list[Slot]:
        since, until = _d(self.since + "-01"), _d(self.until + "-01")
        groups: dict[tuple[int, int], list[Slot]] = {}
        for first, last in _months(since, until):
            key = (first.year, (first.month - 1) // self.months)
            groups.setdefault(key, []).append((first, last))
        out: list[Slot] = []
        for months in groups.values():
            if self.keep < 1.0 and rng.random() >= self.keep:
                continue
            lo, hi = months[0][0], months[-1][1]
            if self.tail is not None:
                out.append((hi - timedelta(days=self.tail), hi - timedelta(days=1)))
            else:  # keep clear of the very first and last days of a period
                out.append((lo + timedelta(days=2), hi - timedelta(days=3)))
        return out


def monthly(keep: float = 1.0, since: str = "2020-04", tail: int | None = None) -> Every:
    return Every(1, keep, since, tail=tail)


def bimonthly(keep: float = 1.0) -> Every:
    return Every(2, keep)


def quarterly(keep: float = 1.0, tail: int | None = None) -> Every:
    return Every(3, keep, tail=tail)


def half_yearly(tail: int | None = None) -> Every:
    return Every(6, tail=tail)


def yearly() -> Every:
    return Every(12)


@dataclass(frozen=True)
class On:
    """Fixed days (``2020-04-10``) or ranges to pick a day from (``a..b``)."""

    items: tuple[str, ...]

    def slots(self, rng: random.Random) -> list[Slot]:
        out: list[Slot] = []
        for item in self.items:
            lo, _, hi = item.partition("..")
            out.append((_d(lo), _d(hi or lo)))
        return out


def on(*items: str) -> On:
    return On(items)


Schedule = Every | On

# --------------------------------------------------------------------------
# Activity templates
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    kind: str
    units: tuple[str, ...]
    when: Schedule
    titles: tuple[str, ...]
    people: tuple[int, int] | None = None
    tags: tuple[str, ...] = ()
    span: tuple[int, int] | None = None  # days from start to end, for multi-day events
    weekend: bool = False  # may fall on a Saturday or Sunday
    paired: bool = False  # i-th title goes with the i-th slot
    festival: str | None = None


def A(kind: str, units: str, when: Schedule, titles: str, *, people: tuple[int, int] | None = None,
      tags: str = "", span: tuple[int, int] | None = None, weekend: bool = False,
      paired: bool = False, festival: str | None = None) -> Activity:
    """One template row: units and tags space-separated, title variants "|"-separated."""
    return Activity(kind, tuple(units.split()), when, tuple(titles.split("|")), people,
                    tuple(tags.split()), span, weekend, paired, festival)


ACTIVITIES: tuple[Activity, ...] = (
    # -- phase 1–2: leading group, plan, consultation, mobilisation (provincial item 2)
    A("leading-group-establishment", "hq", on("2020-04-10"),
      "关于成立市生态环境局创建市级文明单位工作领导小组的通知", tags="组织领导"),
    A("leading-group-establishment", SUBS, on("2020-04-16..2020-04-28"),
      "{u}成立文明创建工作领导小组", tags="组织领导"),
    A("person-in-charge-designation", "office", on("2020-04-14"),
      "明确创建办专职联络员和各处室创建信息员", tags="组织领导"),
    A("person-in-charge-designation", SUBS, on("2020-04-20..2020-05-08"),
      "{u}明确文明创建工作专人负责", tags="组织领导"),
    A("work-plan", "hq", on("2020-04-24"),
      "市生态环境局创建市级文明单位实施方案（2020—2022届）", tags="组织领导 方案"),
    A("work-plan", SUBS + " monitor-centre", on("2020-05-06..2020-05-22"),
      "{u}创建市级文明单位工作方案", tags="方案"),
    A("target-decomposition", "office", on("2020-05-12"),
      "创建市级文明单位目标任务分解表（处室、直属单位、派出局）", tags="组织领导"),
    A("staff-consultation", "office", on("2020-04-27..2020-05-08"),
      "创建工作方案征求全体干部职工意见汇总", people=(120, 160), tags="民主管理"),
    A("staff-consultation", SUBS + " monitor-centre", on("2020-05-06..2020-05-25"),
      "{u}文明创建职工意见征集", people=(25, 45), tags="民主管理"),
    A("mobilisation-meeting", "hq", on("2020-05-20"),
      "全局创建市级文明单位动员大会", people=(180, 220), tags="宣传发动"),
    A("leader-mobilisation-speech", "hq", on("2020-05-20"),
      "林志远局长在全局创建市级文明单位动员大会上的讲话", tags="宣传发动"),
    A("mobilisation-meeting", SUBS, on("2020-05-25..2020-06-12"),
      "{u}召开文明创建动员会", people=(30, 50), tags="宣传发动"),
    A("deployment-meeting", "hq", on("2020-06-10", "2021-03-16"),
      "全局文明创建工作部署会|文明创建工作推进会（2021年）", people=(40, 60), paired=True,
      tags="宣传发动"),
    A("deployment-meeting", SUBS, on("2020-06-15..2020-06-28"),
      "{u}部署文明创建重点工作", people=(25, 40), tags="宣传发动"),
    A("website-column", "publicity", on("2020-06-08"),
      "局门户网站“精神文明建设”专栏上线", tags="宣传"),
    A("target-assessment-inclusion", "office", on("2020-06-18", "2021-02-24"),
      "文明创建纳入{y}年度处室、直属单位及派出局目标考核", tags="考核"),
    # -- municipal task 13: the online platform
    A("online-platform-registration", "office", on("2020-05-14"),
      "在“文明单位在线”完成预申报单位注册", tags="文明单位在线"),
    # 三、13 asks a pre-applicant to complete its user information once registered.
    A("online-platform-user-info", "office", on("2020-05-14"),
      "在“文明单位在线”完善预申报单位用户信息，由办公室专人管理", tags="文明单位在线"),
    A("online-platform-update", "office", monthly(keep=0.8, since="2020-06"),
      "“文明单位在线”更新{m}月创建动态|“文明单位在线”上传{y}年{m}月活动信息",
      tags="文明单位在线"),
    # -- yearly cycle: plans at the start, summaries at the end (municipal safeguard 3)
    A("annual-plan", "hq", on("2020-04-29"), "局机关{y}年度文明创建工作计划", tags="计划"),
    A("annual-plan", SUBS + " monitor-centre", on("2020-04-22..2020-04-30"),
      "{u}{y}年度文明创建工作计划", tags="计划"),
    A("annual-plan", "hq " + SUBS + " monitor-centre", on("2021-01-11..2021-02-05"),
      "{u}{y}年度文明创建工作计划", tags="计划"),
    A("annual-summary", "hq " + SUBS + " monitor-centre", on("2020-12-14..2020-12-30"),
      "{u}{y}年度文明创建工作总结", tags="总结"),
    # SHORTFALL 4: no 2021 year-end summary from "west".
    A("annual-summary", "hq east north monitor-centre", on("2021-12-10..2021-12-28"),
      "{u}{y}年度文明创建工作总结", tags="总结"),
    # -- leadership attention (provincial item 1)
    A("party-group-civilization-study", "hq", quarterly(),
      "局党组会议专题研究精神文明建设（{y}年第{q}季度）|党组会听取文明创建工作进展汇报",
      tags="组织领导"),
    A("concurrent-deployment", "hq", on("2020-07-14", "2021-01-19", "2021-07-13"),
      "2020年年中工作推进会同步部署精神文明建设|2021年全局生态环境保护工作会议同步部署文明创建"
      "|2021年年中工作推进会同步部署精神文明建设", paired=True, tags="组织领导"),
    A("concurrent-deployment", SUBS, on("2021-01-20..2021-02-05"),
      "{u}{y}年工作会议同步部署文明创建", tags="组织领导"),
    # -- supervision: 1–2 inspections a year with a circular (provincial 四(四))
    A("creation-inspection", "office",
      on("2020-09-15..2020-09-25", "2020-12-07..2020-12-18", "2021-06-07..2021-06-18",
         "2021-11-08..2021-11-19"),
      "创建领导小组办公室督查各处室及派出局文明创建工作（{y}年第{n}次）", tags="督查"),
    A("inspection-circular", "office",
      on("2020-09-28..2020-09-30", "2020-12-21..2020-12-25", "2021-06-21..2021-06-25",
         "2021-11-22..2021-11-26"),
      "关于{y}年第{n}次文明创建督查情况的通报", tags="督查"),
    A("archive-filing", "office", quarterly(tail=12),
      "{y}年第{q}季度创建台账资料归档|创建档案资料季度整理归档（{y}年第{q}季度）",
      tags="档案"),
    A("archive-filing", "east-general", half_yearly(tail=10), "东湖区分局{y}年{h}创建台账整理归档",
      tags="档案"),
    # -- publicity
    A("publicity-item", "publicity", monthly(keep=0.75),
      "“岚川生态环境”公众号推送文明创建动态（{y}年{m}月）|局网站专栏刊发文明创建信息"
      "|文明创建宣传栏更新（{y}年{m}月）", tags="宣传"),
    A("publicity-item", SUBS, quarterly(),
      "{u}报送文明创建信息并在局网站专栏刊发|{u}文明创建宣传栏更新", tags="宣传"),
    A("messaging-group-publicity", "publicity", quarterly(),
      "通过工作微信群、QQ群转发核心价值观学习内容（{y}年第{q}季度）", tags="宣传 核心价值观"),
    # -- theory study (municipal task 1, provincial item 3)
    A("central-group-study", "hq", monthly(keep=0.85),
      "党组理论学习中心组{y}年第{n}次集体学习|党组中心组专题学习《习近平谈治国理政》第三卷",
      people=(12, 16), tags="理论学习"),
    A("staff-theory-study", "party", bimonthly(),
      "机关干部职工集中学习（{y}年{m}月）|机关党委组织“读原著、学原文、悟原理”集中学习",
      people=(90, 140), tags="理论学习"),
    A("staff-theory-study", SUBS, monthly(keep=0.5),
      "{u}干部职工集中理论学习|{u}{m}月份理论学习", people=(20, 40), tags="理论学习"),
    A("staff-theory-study", "monitor-centre", quarterly(), "监测中心职工理论学习会",
      people=(30, 50), tags="理论学习"),
    A("xuexi-qiangguo", "party", quarterly(tail=10), "{y}年第{q}季度“学习强国”学习积分通报",
      tags="理论学习"),
    A("theory-lecture", "party", quarterly(),
      "机关党委开展基层理论宣讲|领导干部带头宣讲党的创新理论", people=(60, 120),
      tags="理论学习"),
    A("theory-lecture", SUBS, half_yearly(), "{u}理论宣讲进基层|{u}开展形势政策宣讲",
      people=(20, 40), tags="理论学习"),
    A("theme-education", "party", on("2020-06-08..2020-06-19", "2021-03-01..2021-03-12"),
      "巩固深化“不忘初心、牢记使命”主题教育成果专题党课|党史学习教育动员部署会",
      paired=True, people=(100, 150), tags="主题教育"),
    A("theme-education", SUBS, on("2021-03-15..2021-04-09"),
      "{u}开展党史学习教育专题学习", people=(20, 40), span=(7, 21), tags="主题教育"),
    # -- ideals, patriotism, ceremonies (municipal task 2, provincial item 4)
    A("ideals-belief-education", "party", half_yearly(),
      "“四史”学习教育专题报告会|形势政策教育专题报告会|“决胜小康，奋斗有我”主题宣传教育",
      people=(80, 140), tags="理想信念"),
    A("ideals-belief-education", SUBS, yearly(), "{u}开展“四史”学习教育", people=(20, 40),
      tags="理想信念"),
    A("patriotic-education", "party",
      on("2020-09-29..2020-09-30", "2021-04-01..2021-04-02", "2021-09-29..2021-09-30"),
      "烈士纪念日向人民英雄敬献花篮|赴烈士陵园开展英烈精神宣传教育"
      "|烈士纪念日缅怀革命先烈", paired=True, people=(30, 60), tags="爱国主义"),
    A("patriotic-education", "east west", on("2020-07-06..2020-08-28", "2021-05-10..2021-06-25"),
      "{u}组织党员赴红色教育基地参观学习", people=(15, 30), tags="爱国主义"),
    A("education-venue", "party", on("2020-07-06..2020-07-24", "2021-06-01..2021-06-18"),
      "机关党员教育活动室更新布展|局生态环境教育展厅增设党史学习教育展区", paired=True,
      tags="阵地建设"),
    A("party-oath-ceremony", "party", on("2020-07-01", "2021-06-30"),
      "“七一”新党员入党宣誓暨老党员重温入党誓词仪式", people=(80, 120), tags="党建"),
    A("party-oath-ceremony", SUBS, on("2021-06-28..2021-07-02"),
      "{u}庆祝建党100周年重温入党誓词", people=(15, 30), tags="党建"),
    A("party-political-birthday", "party", quarterly(),
      "机关党委为第{q}季度入党党员过“政治生日”", people=(10, 25), tags="党建"),
    A("party-political-birthday", SUBS, half_yearly(), "{u}党支部集体过政治生日",
      people=(8, 20), tags="党建"),
    # -- core values and role models (municipal tasks 3–4, provincial item 5)
    A("core-values-publicity", "publicity", quarterly(),
      "社会主义核心价值观宣传栏更新|利用电子屏和宣传栏宣传社会主义核心价值观",
      tags="核心价值观"),
    A("core-values-publicity", SUBS, half_yearly(), "{u}开展社会主义核心价值观宣传教育",
      tags="核心价值观"),
    A("eco-lecture-hall", "publicity",
      on("2020-07-13..2020-07-24", "2020-10-19..2020-10-30", "2021-03-22..2021-04-02",
         "2021-06-21..2021-07-02", "2021-10-18..2021-10-29"),
      "环保大讲堂：新时代公民道德建设|环保大讲堂：生态文明与绿色生活"
      "|环保大讲堂：《民法典》中的生态环境条款|环保大讲堂：碳达峰碳中和知识讲座"
      "|环保大讲堂：社会主义核心价值观与环保职业精神", paired=True, people=(100, 150),
      tags="核心价值观"),
    A("eco-worker-selection", "party", on("2020-11-09..2020-11-20", "2021-11-08..2021-11-19"),
      "{y}年度“最美环保人”推选", tags="先进典型"),
    A("civilized-staff-selection", "party",
      on("2020-12-07..2020-12-18", "2021-12-06..2021-12-17"), "{y}年度“文明职工”推选",
      tags="先进典型"),
    A("grassroots-eco-worker", "party", on("2021-04-19..2021-04-30"),
      "“最美基层环保人”品牌培育及推选", tags="先进典型"),
    A("grassroots-eco-worker", SUBS, on("2021-04-06..2021-04-16"),
      "{u}推荐“最美基层环保人”人选", tags="先进典型"),
    A("role-model-selection", "party", on("2020-06-22..2020-06-29", "2021-06-21..2021-06-28"),
      "评选{y}年度优秀共产党员和优秀党务工作者", tags="先进典型"),
    A("role-model-selection", SUBS, on("2021-06-07..2021-06-25"), "{u}选树身边先进典型",
      tags="先进典型"),
    A("moral-model-nomination", "party", on("2020-09-07..2020-09-18", "2021-08-16..2021-08-27"),
      "推荐干部职工参加市道德模范评选", tags="道德建设"),
    A("moral-model-exchange", "party", on("2020-10-19..2020-10-30", "2021-05-10..2021-05-21"),
      "组织参加道德模范与身边好人现场交流活动", people=(30, 60), tags="道德建设"),
    # -- moral lecture, once a half-year (provincial item 6)
    # SHORTFALL 1: none anywhere in July–December 2021.
    A("moral-lecture", "hq",
      on("2020-06-16..2020-06-24", "2020-11-17..2020-11-27", "2021-04-20..2021-04-29"),
      "局机关“道德讲堂”：弘扬职业道德 争做最美环保人|局机关“道德讲堂”：传承好家风 涵养好作风"
      "|局机关“道德讲堂”：诚信守诺 服务为民", paired=True, people=(120, 170),
      tags="道德讲堂"),
    A("moral-lecture", "east", on("2020-09-08..2020-09-18"), "{u}“道德讲堂”：孝老爱亲",
      people=(30, 45), tags="道德讲堂"),
    A("moral-lecture", "west", on("2021-05-11..2021-05-21"), "{u}“道德讲堂”：敬业奉献",
      people=(30, 45), tags="道德讲堂"),
    # -- civility, frugality, customs, families (provincial items 7–9; tasks 6 and 8)
    A("etiquette-education", "office", on("2020-07-08..2020-07-17", "2021-03-08..2021-03-19"),
      "“做文明有礼的生态环保人”公共文明礼仪培训", people=(100, 150), tags="文明礼仪"),
    A("etiquette-education", SUBS, on("2020-10-12..2021-01-15"), "{u}开展文明礼仪教育",
      people=(20, 40), tags="文明礼仪"),
    A("frugality-rules", "office", on("2020-08-20"), "局机关厉行勤俭节约制度规定（修订）",
      tags="文明餐桌"),
    A("resource-saving-campaign", "office monitor-centre",
      on("2020-06-29..2020-07-03", "2021-06-21..2021-06-25"),
      "节能宣传周“节约一滴水、一度电、一张纸”活动", tags="节约"),
    A("clean-plate-campaign", "office", on("2020-08-24..2020-08-31", "2021-01-11..2021-01-22"),
      "机关食堂“光盘行动”倡议|“不剩饭、不剩菜”文明餐桌行动", paired=True, tags="文明餐桌"),
    A("clean-plate-campaign", SUBS, on("2020-09-01..2020-09-25"), "{u}开展文明餐桌行动",
      tags="文明餐桌"),
    A("frugal-person-selection", "office",
      on("2020-12-14..2020-12-24", "2021-12-06..2021-12-17"), "{y}年度“节俭文明人”评比",
      tags="文明餐桌"),
    A("civilized-customs-plan", "office", on("2020-06-12"), "文明风尚传播活动实施方案",
      tags="文明风尚"),
    A("moral-signage", "office", on("2020-07-20..2020-07-31"),
      "办公楼设置崇德修身宣传牌和温馨提示语", tags="文明风尚"),
    A("moral-signage", SUBS, on("2020-08-03..2020-09-11"), "{u}办公区张贴道德宣传标语和温馨提示",
      tags="文明风尚"),
    A("online-volunteer-group", "publicity", on("2020-06-15"), "成立网络文明传播志愿者小组",
      tags="网络文明"),
    A("civilized-community-participation", "hq", quarterly(keep=0.75),
      "参与驻地文明社区创建共建活动|到共建社区开展移风易俗宣传", weekend=True,
      people=(15, 30), tags="文明风尚"),
    A("civilized-community-participation", SUBS,
      on("2020-08-01..2020-11-30", "2021-04-01..2021-09-30"), "{u}参与辖区文明社区创建",
      weekend=True, people=(8, 20), tags="文明风尚"),
    A("civilized-family-creation", "party", on("2020-08-10..2020-08-21", "2021-05-10..2021-05-21"),
      "环保“五好家庭”“书香家庭”创建活动", tags="文明家庭"),
    A("most-beautiful-family", "party", on("2020-10-12..2020-10-23", "2021-05-06..2021-05-14"),
      "推荐干部职工家庭参评“最美家庭”", tags="文明家庭"),
    A("most-beautiful-family", "west", on("2021-05-17..2021-05-28"), "{u}“最美家庭”推荐",
      tags="文明家庭"),
    A("family-values-activity", "party", on("2020-09-14..2020-09-25", "2021-04-12..2021-04-23"),
      "“传家训、立家规、扬家风”主题活动|“读家书、谈家风”分享会", paired=True,
      people=(40, 80), tags="文明家庭"),
    A("family-values-activity", SUBS, on("2020-11-02..2021-03-31"), "{u}开展家风家训活动",
      people=(15, 30), tags="文明家庭"),
    # -- volunteer service (municipal task 5)
    # SHORTFALL 2: "north" appears in none of the volunteer rows.
    A("volunteer-service", "publicity", monthly(keep=0.6),
      "局机关志愿服务队开展{m}月环保志愿服务|环保志愿者走进社区宣传垃圾分类"
      "|志愿者参与河道巡护保洁", people=(15, 40), weekend=True, tags="志愿服务"),
    A("volunteer-service", "east west", bimonthly(keep=0.9),
      "{u}志愿服务队开展环保志愿服务|{u}志愿者参与城市文明劝导", people=(10, 25),
      weekend=True, tags="志愿服务"),
    A("volunteer-service", "monitor-centre",
      on("2020-09-14..2020-09-25", "2021-04-12..2021-04-23", "2021-09-13..2021-09-24"),
      "监测中心“环境监测设施向公众开放”志愿讲解", people=(8, 15), tags="志愿服务"),
    A("eco-community-outreach", "publicity", quarterly(),
      "“环保进社区，绿色进家园”——走进滨江社区|“环保进社区，绿色进家园”——走进桂苑社区"
      "|“环保进社区，绿色进家园”——走进新桥社区", people=(20, 40), weekend=True,
      tags="志愿服务 环保进社区"),
    A("eco-community-outreach", "east west", quarterly(),
      "{u}“环保进社区，绿色进家园”志愿服务", people=(10, 25), weekend=True,
      tags="志愿服务 环保进社区"),
    A("medical-waste-guidance", "enforcement",
      on("2020-04-07..2020-04-17", "2020-05-11..2020-05-22", "2020-06-15..2020-06-24",
         "2021-01-18..2021-01-29", "2021-08-09..2021-08-20"),
      "疫情期间医疗废物处置服务指导|定点医院医废处置现场帮扶", tags="疫情防控"),
    A("medical-waste-guidance", SUBS, on("2020-04-13..2020-05-15"),
      "{u}对辖区医疗机构开展医废处置指导", tags="疫情防控"),
    A("anti-epidemic-works", "publicity", on("2020-04-20..2020-04-30", "2020-05-18..2020-05-29"),
      "战“疫”征文及书画作品征集|战“疫”故事汇编成册", paired=True, tags="疫情防控"),
    A("anti-epidemic-works", SUBS, on("2020-04-20..2020-05-15"),
      "{u}报送战“疫”征文和书画作品", tags="疫情防控"),
    A("world-environment-day", "publicity", on("2020-06-05", "2021-06-05"),
      "六五世界环境日主题宣传活动", people=(60, 120), weekend=True,
      festival="世界环境日", tags="宣传"),
    A("world-environment-day", "monitor-centre east west",
      on("2020-06-03..2020-06-07", "2021-06-03..2021-06-07"),
      "{u}六五世界环境日宣传咨询", people=(15, 40), weekend=True,
      festival="世界环境日", tags="宣传"),
    A("biodiversity-day", "publicity east west",
      on("2020-05-20..2020-05-22", "2021-05-20..2021-05-22"),
      "{u}5·22国际生物多样性日宣传", people=(15, 50), weekend=True,
      festival="生物多样性日", tags="宣传"),
    # -- learning from Lei Feng (provincial item 10)
    A("lei-feng-plan", "party", on("2020-04-21", "2021-02-23"),
      "{y}年度学雷锋志愿服务活动方案", tags="学雷锋"),
    A("lei-feng-plan", SUBS, on("2021-02-22..2021-03-03"), "{u}{y}年学雷锋活动方案",
      tags="学雷锋"),
    A("lei-feng-team-establishment", "party", on("2020-05-08"),
      "成立局机关学雷锋志愿服务队", tags="学雷锋"),
    A("lei-feng-team-establishment", "east west", on("2020-05-18..2020-06-05"),
      "{u}成立学雷锋小组", tags="学雷锋"),
    A("lei-feng-activity", "party",
      on("2020-07-20..2020-08-14", "2020-11-09..2020-12-04", "2021-03-05",
         "2021-09-06..2021-09-30"),
      "学雷锋志愿服务：关爱环卫工人送清凉|学雷锋助人为乐：为困难家庭送冬衣"
      "|“3·5”学雷锋纪念日志愿服务|学雷锋志愿服务：关爱留守儿童", paired=True,
      people=(15, 30), weekend=True, tags="学雷锋"),
    A("lei-feng-activity", "east west", on("2020-09-01..2020-12-18", "2021-03-01..2021-03-10"),
      "{u}开展学雷锋活动", people=(10, 20), weekend=True, tags="学雷锋"),
    # -- civilised customs in public life (municipal task 6)
    A("civilized-traffic", "office", on("2020-06-22..2020-07-03", "2021-04-12..2021-04-23"),
      "“文明交通，绿色出行”倡议活动", tags="文明风尚"),
    A("civilized-traffic", "east north", on("2020-09-14..2020-10-23"), "{u}文明出行志愿劝导",
      people=(8, 15), tags="文明风尚"),
    A("civilized-tourism", "office", on("2020-09-24..2020-09-30", "2021-04-26..2021-04-30"),
      "节假日文明旅游倡议", tags="文明风尚"),
    A("blood-donation", "party",
      on("2020-07-14..2020-07-24", "2021-03-22..2021-03-31", "2021-09-06..2021-09-17"),
      "组织干部职工参加无偿献血", people=(20, 45), tags="公益"),
    A("blood-donation", "east", on("2021-06-07..2021-06-18"), "{u}无偿献血活动",
      people=(8, 15), tags="公益"),
    A("warmth-delivery", "party",
      on("2020-07-27..2020-08-07", "2020-10-19..2020-10-23", "2021-01-25..2021-02-05"),
      "夏送清凉慰问一线执法监测人员|重阳节前走访慰问离退休老干部|春节前走访慰问困难职工",
      paired=True, tags="公益"),
    A("warmth-delivery", SUBS, on("2021-01-25..2021-02-08"), "{u}春节前走访慰问困难职工",
      tags="公益"),
    A("festival-plan", "office", on("2020-04-01", "2021-01-18"),
      "{y}年“我们的节日”传统节日活动方案", tags="传统节日"),
    # -- integrity (municipal task 7, provincial item 18)
    # SHORTFALL 7: quarterly red/black lists, but only one in July–December 2021.
    A("red-black-list", "policy",
      on("2020-05-26", "2020-08-25", "2020-11-24", "2021-02-23", "2021-05-25", "2021-08-24"),
      "发布{y}年第{q}季度企业环境信用“红”“黑”榜", tags="诚信"),
    A("integrity-publicity", "policy", half_yearly(),
      "诚信宣传教育进机关|“诚信守法”宣传月活动", tags="诚信"),
    A("integrity-publicity", SUBS, yearly(), "{u}开展企业环境信用宣传", tags="诚信"),
    A("integrity-essay", "policy", on("2020-09-07..2020-09-18", "2021-06-07..2021-06-18"),
      "组织参加市文明办诚信主题征文", tags="诚信"),
    A("integrity-star-selection", "policy",
      on("2020-12-07..2020-12-18", "2021-11-15..2021-11-26"),
      "推荐“诚信之星”“诚信标兵”人选", tags="诚信"),
    A("integrity-service-activity", "policy",
      on("2020-07-13..2020-07-24", "2021-03-15..2021-03-26"),
      "“诚实守信、优质服务”主题活动", tags="诚信"),
    A("integrity-service-activity", SUBS, on("2021-04-01..2021-06-30"),
      "{u}“诚实守信、优质服务”活动", tags="诚信"),
    A("integrity-mechanism", "policy", on("2020-06-23"),
      "局机关诚信建设机制（诚信纳入文明职工考核）", tags="诚信"),
    # -- efficiency, conduct, online civility (municipal tasks 9–11)
    A("six-nots-management", "office", quarterly(tail=20),
      "“六个不让”效能建设季度检查（{y}年第{q}季度）", tags="效能"),
    A("six-nots-management", SUBS + " east-general", half_yearly(),
      "{u}“六个不让”效能管理自查", tags="效能"),
    A("complaint-handling", "enforcement", monthly(tail=6),
      "12369环保投诉举报受理办理情况月报（{y}年{m}月）", tags="作风"),
    A("complaint-handling", SUBS, quarterly(tail=10), "{u}信访投诉办理情况（{y}年第{q}季度）",
      tags="作风"),
    A("network-civilization", "publicity", quarterly(),
      "“法治新时代·清朗e空间”网络文明宣传|干部职工文明上网倡议", tags="网络文明"),
    A("network-civilization", SUBS, yearly(), "{u}开展网络文明建设", tags="网络文明"),
    # -- deepening the creation: skills and service windows (municipal task 12)
    A("skills-contest", "monitoring-div", on("2020-10-20..2020-10-29"),
      "全市生态环境监测技术大比武", span=(1, 2), people=(40, 60), tags="练兵比武"),
    A("skills-contest", "monitoring-div", on("2021-10-18..2021-10-28"),
      "全市生态环境监测技术大比武（2021年）", span=(1, 2), people=(40, 60), tags="练兵比武"),
    A("skills-contest", "monitor-centre", on("2021-05-17..2021-05-28"),
      "监测中心实验室分析技能比武", people=(20, 35), tags="练兵比武"),
    A("skills-contest", "enforcement", on("2020-11-16..2020-11-27", "2021-09-13..2021-09-24"),
      "生态环境执法大练兵比武", span=(1, 2), people=(30, 50), tags="练兵比武"),
    A("skills-contest", "east west", on("2021-07-05..2021-07-30"), "{u}参加执法大练兵",
      people=(6, 12), tags="练兵比武"),
    A("service-window-improvement", "policy",
      on("2020-08-10..2020-08-21", "2021-04-06..2021-04-16"),
      "行政审批服务窗口优化服务流程|政务服务窗口推行“一次办好”", paired=True, tags="服务窗口"),
    A("service-window-improvement", SUBS, on("2020-10-12..2021-05-28"),
      "{u}服务窗口规范化建设", tags="服务窗口"),
    # -- office culture, culture and sports (provincial items 11, 13)
    A("lead-the-way-culture-plan", "party", on("2020-06-29", "2021-02-26"),
      "{y}年“走在前”机关文化建设活动计划", tags="机关文化"),
    A("lead-the-way-culture-activity", "party", quarterly(),
      "“走在前”机关文化：弘扬“四干精神”主题活动|建设生态环境保护铁军专题活动",
      people=(60, 120), tags="机关文化"),
    A("culture-sports-plan", "office", on("2020-05-19", "2021-02-25"),
      "{y}年职工文体活动实施方案", tags="文体"),
    A("fitness-facility-addition", "office", on("2020-09-14..2020-09-25", "2021-07-12..2021-07-23"),
      "职工活动室增添健身器材|职工活动室增设乒乓球台和健身步道标识", paired=True, tags="文体"),
    A("sports-activity", "party", bimonthly(keep=0.9),
      "机关职工羽毛球比赛|职工健步走活动|机关乒乓球联赛|职工趣味运动会", people=(40, 120),
      weekend=True, tags="文体"),
    A("sports-activity", SUBS, on("2020-10-10..2020-11-30", "2021-04-10..2021-05-31"),
      "{u}职工健身活动", people=(15, 30), weekend=True, tags="文体"),
    A("song-dance-gathering", "party", on("2021-01-28..2021-02-05", "2021-06-24..2021-06-29"),
      "迎新春职工联谊会|“永远跟党走”庆祝建党百年文艺联欢", paired=True, people=(150, 200),
      tags="文体"),
    A("song-dance-gathering", "east", on("2021-06-21..2021-06-30"), "{u}“红歌唱响新时代”联欢",
      people=(30, 45), tags="文体"),
    A("photography-contest", "publicity", on("2020-06-01..2020-06-12", "2021-06-01..2021-06-12"),
      "“美丽岚川”生态环境随手拍摄影比赛", tags="文体"),
    A("calligraphy-contest", "party", on("2021-01-18..2021-01-29", "2021-06-14..2021-06-25"),
      "迎新春职工书法比赛|“颂党恩”职工书画比赛", paired=True, tags="文体"),
    # -- office environment, greening (provincial items 14–15)
    A("office-environment-plan", "office", on("2020-05-26", "2021-03-09"),
      "办公楼环境建设实施方案|办公楼环境建设实施方案（2021年修订）", paired=True,
      tags="办公环境"),
    A("corridor-culture", "office", on("2020-09-07..2020-09-30", "2021-05-10..2021-05-28"),
      "办公楼楼道文化长廊建成|楼道文化长廊内容更新", paired=True, tags="办公环境"),
    A("corridor-culture", SUBS, on("2020-10-12..2021-03-31"), "{u}建设楼道文化墙",
      tags="办公环境"),
    A("tree-planting", "hq", on("2020-04-11", "2021-03-12"), "局机关义务植树活动",
      people=(60, 100), weekend=True, tags="绿化"),
    A("tree-planting", SUBS, on("2021-03-08..2021-03-19"), "{u}植树护绿活动",
      people=(15, 30), weekend=True, tags="绿化"),
    # -- quality service (provincial item 16)
    A("quality-service-plan", "office", on("2020-06-16", "2021-03-02"),
      "{y}年优质服务活动实施方案", tags="优质服务"),
    A("service-norms", "office", on("2020-07-09"), "优质服务制度规范和服务承诺（公开）",
      tags="优质服务"),
    A("satisfied-civil-servant", "office",
      on("2020-10-12..2020-10-23", "2021-06-07..2021-06-18"), "“做人民满意公务员”主题活动",
      people=(80, 130), tags="优质服务"),
    A("commendation", "hq", on("2021-01-26", "2021-12-21"),
      "表彰2020年度优质服务先进集体和先进个人|表彰2021年度文明创建先进集体和先进个人",
      paired=True, tags="表彰"),
    # -- pairing assistance (provincial item 17, waived: no designated village)
    A("pairing-assistance-plan", "party", on("2020-07-15"),
      "帮扶共建履行社会责任实施方案（与驻地社区结对共建）", tags="帮扶共建"),
    A("micro-wish", "party", on("2020-05-25..2020-05-29", "2021-01-25..2021-02-05",
                                "2021-05-24..2021-05-28"),
      "党员认领困难儿童“六一”微心愿|春节前认领社区困难群众微心愿|党员认领“六一”微心愿",
      paired=True, people=(20, 40), tags="帮扶共建"),
    A("micro-wish", "east", on("2021-01-18..2021-01-29"), "{u}党员认领微心愿",
      people=(8, 15), tags="帮扶共建"),
    # -- phases 4–6: self-check, rectification, inspection
    A("self-check", "hq", on("2021-08-09..2021-08-20"),
      "对照《省精神文明单位测评体系》开展自查自评", tags="自检自查"),
    A("self-check", SUBS + " monitor-centre", on("2021-08-16..2021-09-10"),
      "{u}对照测评体系自查自评报告", tags="自检自查"),
    A("rectification-list", "office", on("2021-09-15"), "创建工作自查问题整改清单（21项）",
      tags="自检自查"),
    # SHORTFALL 6: the self-scoring sheet is dated a week after the self-check phase.
    A("self-scoring-sheet", "office", on("2021-10-08"), "创建市级文明单位逐项自评打分表",
      tags="自检自查"),
    A("rectification-record", "office party policy monitoring-div publicity enforcement",
      on("2021-09-18..2021-11-26"), "{u}问题整改落实记录", tags="整改提高"),
    A("rectification-record", SUBS, on("2021-09-20..2021-10-22", "2021-10-25..2021-11-26"),
      "{u}整改情况报告（第{n}次）", tags="整改提高"),
    A("materials-compilation", "office", on("2021-11-22..2021-11-30", "2021-12-06..2021-12-10"),
      "创建市级文明单位迎检资料汇编（第一册 组织领导）|迎检资料汇编（第二册 活动台账）",
      paired=True, tags="迎检评估"),
    A("materials-compilation", SUBS, on("2021-11-15..2021-11-30"), "{u}迎检材料整理汇编",
      tags="迎检评估"),
    A("video-materials", "publicity", on("2021-11-15..2021-11-26", "2021-12-01..2021-12-08"),
      "文明创建工作专题片制作|文明创建活动影像资料整理", paired=True, tags="迎检评估"),
    A("inspection-reception", "hq", on("2021-12-15"),
      "迎接市文明办创建市级文明单位检查评估", people=(30, 40), tags="迎检评估"),
)

# "我们的节日": (year, festival, festival day, units). Activities fall a few days
# before the day (or on it). The dates are the lunar / solar-term dates.
# SHORTFALL 3: no 三月三 activity in 2021 (三月三 2020, 26 March, predates the campaign).
FESTIVAL_EVENTS: tuple[tuple[int, str, str, str], ...] = (
    (2020, "清明", "2020-04-04", "hq east west north"),
    (2020, "端午", "2020-06-25", "hq east north monitor-centre"),
    (2020, "中秋", "2020-10-01", "hq west north"),
    (2020, "重阳", "2020-10-25", "hq east"),
    (2021, "春节", "2021-02-12", "hq east west north"),
    (2021, "元宵", "2021-02-26", "hq west"),
    (2021, "清明", "2021-04-04", "hq east west north"),
    (2021, "端午", "2021-06-14", "hq east west north monitor-centre"),
    (2021, "中秋", "2021-09-21", "hq east west"),
    (2021, "重阳", "2021-10-14", "hq north"),
)
FESTIVAL_TITLES = {
    "春节": "{u}“我们的节日·春节”迎春会|{u}开展写春联送祝福活动",
    "元宵": "{u}“我们的节日·元宵”猜灯谜活动",
    "清明": "{u}“我们的节日·清明”文明祭扫、网上祭英烈|{u}清明节缅怀革命先烈活动",
    "端午": "{u}“我们的节日·端午”包粽子活动|{u}端午节传统文化体验活动",
    "中秋": "{u}“我们的节日·中秋”诵读经典活动|{u}中秋节职工联谊活动",
    "重阳": "{u}“我们的节日·重阳”敬老活动|{u}重阳节走访慰问退休职工",
}

# Assessors' on-site records (attested items): (day, ref, score %, title). The
# December round is the latest and counts. Nothing is recorded for
# "no-smoking" on purpose: that item is left to a manual assessment.
ONSITE: tuple[tuple[str, str, float, str], ...] = (
    ("2021-06-22", "office-tidiness", 90, "创建中期实地测评：办公场所整洁"),
    ("2021-06-22", "orderly-parking", 75, "创建中期实地测评：停车有序"),
    ("2021-12-15", "office-tidiness", 95, "市文明办实地考察评分：办公场所整洁"),
    ("2021-12-15", "orderly-parking", 80, "市文明办实地考察评分：停车有序"),
)

# Creation spending per unit: 2020 items, then 2021 items (yuan ranges). 2021
# outspends 2020 for every unit — the provincial criteria want yearly growth.
SPENDING: dict[str, tuple[tuple[tuple[str, int, int], ...], tuple[tuple[str, int, int], ...]]] = {
    "hq": (
        (("文明创建宣传展板及宣传栏制作", 6000, 9000), ("志愿服务马甲及宣传资料", 3000, 5000),
         ("道德讲堂场地布置及资料印制", 2000, 3500), ("“我们的节日”活动物资", 3000, 5000),
         ("楼道文化长廊建设", 18000, 24000), ("职工健身器材购置", 8000, 12000),
         ("文明礼仪培训讲课费", 1500, 3000)),
        (("文明创建宣传展板及宣传栏更新", 7000, 10000), ("志愿服务马甲及宣传资料", 4000, 6000),
         ("道德讲堂场地布置及资料印制", 2500, 4000), ("“我们的节日”活动物资", 4000, 6000),
         ("楼道文化长廊内容更新", 6000, 9000), ("职工活动室健身设施增添", 6000, 9000),
         ("建党百年主题活动物资", 4000, 6000), ("创建工作专题片制作", 15000, 20000),
         ("迎检资料印制装订", 5000, 8000), ("文明职工、节俭文明人表彰奖品", 3000, 5000)),
    ),
    "east": (
        (("文明创建宣传栏制作", 2000, 3500), ("志愿服务物资", 1500, 3000),
         ("节日活动物资", 1500, 2500)),
        (("文明创建宣传栏更新", 2500, 4000), ("志愿服务物资", 2000, 3500),
         ("节日活动物资", 2000, 3000), ("楼道文化墙制作", 3000, 5000)),
    ),
    "west": (
        (("文明创建宣传栏制作", 2000, 3500), ("志愿服务物资", 1500, 3000),
         ("节日活动物资", 1500, 2500)),
        (("文明创建宣传栏更新", 2500, 4000), ("志愿服务物资", 2000, 3500),
         ("节日活动物资", 2000, 3000), ("楼道文化墙制作", 3000, 5000)),
    ),
    "north": (
        (("文明创建宣传栏制作", 2000, 3500), ("文明创建宣传资料印制", 1200, 2000),
         ("节日活动物资", 1500, 2500)),
        (("文明创建宣传栏更新", 2500, 4000), ("文明创建宣传资料印制", 1500, 2500),
         ("节日活动物资", 2000, 3000), ("楼道文化墙制作", 3000, 5000)),
    ),
    "monitor-centre": (
        (("环境监测开放日宣传物资", 2000, 3000),),
        (("环境监测开放日宣传物资", 2500, 3500), ("实验室技能比武奖品", 1500, 2500)),
    ),
}

# Documents kept beside the ledgers in files/, attached to the first record of
# (unit, kind). The ledger pins two of them by SHA-256 ("path#sha256"); the
# other two by path only (the loader hashes what it finds).
ATTACHMENTS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("hq", "leading-group-establishment", "files/关于成立创建市级文明单位工作领导小组的通知.txt",
     True, """市生态环境局关于成立创建市级文明单位工作领导小组的通知
（示例文件：单位与人物均为虚构）

各处室、直属单位，各派出局：
为做好2020—2022届市级文明单位创建工作，经局党组研究，决定成立创建工作领导小组。
组长：林志远（局党组书记、局长）
副组长：陈嘉禾（机关党委书记、副局长）
成员：各处室、直属单位及各派出局主要负责人
领导小组下设办公室，设在局办公室，由苏婉清同志任办公室主任，负责创建日常工作。

2020年4月10日
"""),
    ("hq", "work-plan", "files/创建市级文明单位实施方案（摘要）.txt", False,
     """市生态环境局创建市级文明单位实施方案（2020—2022届）摘要
（示例文件：单位与人物均为虚构）

一、范围：局机关与东湖、西岭、北塘三个派出分局一并申报。
二、主要任务：理论学习、理想信念、核心价值观、道德建设、志愿服务、文明风尚、
    环保诚信、文明家庭、效能管理、作风形象、网络文明、深化创建、文明单位在线，共十三项。
三、实施步骤：前期准备（2020.04—2020.05）；宣传发动（2020.05—2020.06）；
    全面创建（2020.06—2021.07）；自检自查（2021.08—2021.09）；
    整改提高（2021.09—2021.11）；迎检评估（2021.11—2021.12）。
四、保障：领导小组统筹，年初有计划、年终有总结，台账随时收集、及时归档。
"""),
    ("hq", "leader-mobilisation-speech", "files/动员大会讲话（节选）.txt", False,
     """林志远局长在全局创建市级文明单位动员大会上的讲话（节选）
（示例文件：单位与人物均为虚构）

同志们：创建文明单位不是一个部门的事，而是全局上下每一名干部职工的事。
各处室、各分局要对照任务分工，把创建工作和业务工作一起谋划、一起推进、一起考核，
做到人人参与、人人受益。
"""),
    ("office", "rectification-list", "files/自查问题整改清单.txt", True,
     """创建工作自查问题整改清单（摘录）
（示例文件：单位与人物均为虚构）

1. 下半年道德讲堂尚未安排。责任：机关党委。
2. 北塘区分局志愿服务活动台账缺失。责任：北塘区分局。
3. 东湖区分局部分台账归档不及时。责任：东湖区分局。
4. 禁烟区巡查记录不全。责任：办公室。
"""),
)

LATE_SHARE = 0.08  # SHORTFALL 5: share of records filed 40–90 days late …
LATE_IN_EAST = 0.75  # … most of them by the "east" sub-bureau

# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass
class Record:
    unit: str
    kind: str
    day: date
    title: str
    end: date | None = None
    filed: date | None = None
    amount: float | None = None
    people: int | None = None
    festival: str | None = None
    score: float | None = None
    refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    category: str = ""
    id: str = ""
    late: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def last_day(self) -> date:
        return self.end or self.day

    def sort_key(self) -> tuple[date, int, str, str]:
        return (self.day, UNIT_ORDER[self.unit], self.kind, self.title)


def _pick_day(rng: random.Random, lo: date, hi: date, weekend: bool) -> date:
    lo, hi = max(lo, START), min(hi, END)
    day = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    if weekend or lo == hi:
        return day
    # Meetings and documents happen on weekdays: move to the nearest one in range.
    for shift in (0, -1, 1, -2, 2):
        moved = day + timedelta(days=shift)
        if lo <= moved <= hi and moved.weekday() < 5:
            return moved
    return day


_QUARTER = "一二三四"


def _title(pattern: str, unit: str, day: date, n: int) -> str:
    return pattern.format(u=SHORT[unit], y=day.year, m=day.month,
                          q=_QUARTER[(day.month - 1) // 3],
                          h="上半年" if day.month <= 6 else "下半年", n=n)


def expand(rng: random.Random) -> list[Record]:
    """Every template row, unit by unit, slot by slot."""
    records: list[Record] = []
    for act in ACTIVITIES:
        for unit in act.units:
            slots = act.when.slots(rng)
            if act.paired and len(slots) != len(act.titles):
                raise ValueError(f"{act.kind}: {len(slots)} slots but {len(act.titles)} titles")
            per_year: Counter[int] = Counter()
            for i, (lo, hi) in enumerate(slots):
                day = _pick_day(rng, lo, hi, act.weekend)
                per_year[day.year] += 1
                pattern = act.titles[i] if act.paired else rng.choice(act.titles)
                end = day + timedelta(days=rng.randint(*act.span)) if act.span else None
                records.append(Record(
                    unit, act.kind, day, _title(pattern, unit, day, per_year[day.year]),
                    end=min(end, END) if end else None,
                    people=rng.randint(*act.people) if act.people else None, festival=act.festival,
                    tags=act.tags))
    for _year, name, day_text, units in FESTIVAL_EVENTS:
        feast = _d(day_text)
        for unit in units.split():
            day = max(START, feast + timedelta(days=rng.randint(-5, 1)))
            pattern = rng.choice(FESTIVAL_TITLES[name].split("|"))
            records.append(Record(unit, "festival-activity", day, _title(pattern, unit, day, 1),
                                  people=rng.randint(20, 60) if unit != "hq" else
                                  rng.randint(80, 160), festival=name,
                                  tags=("传统节日", "我们的节日")))
    for day_text, ref, score, title in ONSITE:
        records.append(Record("hq", "onsite-assessment", _d(day_text), title, score=score,
                              refs=(ref,), tags=("实地考察",)))
    for unit, years in SPENDING.items():
        for year, items in zip((2020, 2021), years, strict=True):
            lo = date(year, 4, 1) if year == 2020 else date(year, 1, 1)
            for title, low, high in items:
                day = _pick_day(rng, lo, date(year, 12, 20), weekend=False)
                amount = round(rng.uniform(low, high), -1) + rng.choice((0, 0, 0.5, 0.8))
                records.append(Record(unit, "creation-spending", day, title, amount=amount,
                                      tags=("经费",)))
    return sorted(records, key=Record.sort_key)


def assign_filing(rng: random.Random, records: list[Record]) -> None:
    """Most records are filed within 1–20 days; a chosen few 40–90 days late."""
    for rec in records:
        roll = rng.random()
        delay = rng.randint(1, 7) if roll < 0.6 else rng.randint(8, 14) if roll < 0.9 \
            else rng.randint(15, 20)
        rec.filed = min(rec.last_day + timedelta(days=delay), END)
    # Late filings must still be filed by the end of the campaign window.
    eligible = [r for r in records if r.last_day <= date(2021, 9, 30)]
    total = round(LATE_SHARE * len(records))
    in_east = round(LATE_IN_EAST * total)
    east = [r for r in eligible if r.unit == "east"]
    others = [r for r in eligible if r.unit != "east"]
    for rec in [*rng.sample(east, in_east), *rng.sample(others, total - in_east)]:
        rec.filed = rec.last_day + timedelta(days=rng.randint(40, 90))
        rec.late = True


def assign_categories(rng: random.Random, records: list[Record]) -> None:
    """The 类别 cell: mostly the zh label, sometimes a variant or the English id."""
    for rec in records:
        names = LEDGER_NAMES[rec.kind].split("|")
        roll = rng.random()
        if roll < 0.04:
            rec.category = rec.kind
        elif roll < 0.30 and len(names) > 1:
            rec.category = rng.choice(names[1:])
        else:
            rec.category = names[0]


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

HEADERS = ("编号", "单位", "类别", "日期", "结束日期", "标题", "归档日期", "金额(元)",
           "参与人数", "节日", "评分", "考评项", "标签", "附件")
SPENDING_HEADERS = ("编号", "单位", "类别", "日期", "标题", "归档日期", "金额(元)", "标签")
TOPIC_KINDS = ("self-check", "self-scoring-sheet", "rectification-list", "rectification-record",
               "materials-compilation", "video-materials", "inspection-reception",
               "onsite-assessment")
TOPIC_SHEET = "自查整改迎检"


def route(rec: Record) -> tuple[str, str | None]:
    """(file, sheet) a record is kept in."""
    if rec.kind == "creation-spending":
        return "经费支出.csv", None
    if rec.unit in SUB_UNITS:
        return "派出局活动.csv", None
    year = rec.day.year
    if year == 2021 and rec.kind in TOPIC_KINDS:
        return "2021-台账.xlsx", TOPIC_SHEET
    return f"{year}-台账.xlsx", f"{year}{'上半年' if rec.day.month <= 6 else '下半年'}"


def assign_ids(records: list[Record]) -> None:
    counters: Counter[str] = Counter()
    for rec in records:  # already in date order
        prefix = "FIN" if rec.kind == "creation-spending" else PREFIX[rec.unit]
        key = f"{prefix}-{rec.day.year}"
        counters[key] += 1
        width = 3 if prefix == "FIN" else 4
        rec.id = f"{key}-{counters[key]:0{width}d}"


def _unit_cell(rec: Record, file: str) -> str:
    # The 2020 workbook and the sub-bureaus' CSV name units in Chinese;
    # the 2021 workbook and the finance CSV use unit ids.
    return UNIT_ZH[rec.unit] if file in ("2020-台账.xlsx", "派出局活动.csv") else rec.unit


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _row(rec: Record, file: str, as_text: bool) -> list[object]:
    def day(d: date | None) -> object:
        if d is None:
            return "" if as_text else None
        return d.isoformat() if as_text else d

    def opt(v: object) -> object:
        if v is None or v == "" or v == ():
            return "" if as_text else None
        return v

    score: object = _num(rec.score) if as_text else rec.score
    return [rec.id, _unit_cell(rec, file), rec.category, day(rec.day), day(rec.end), rec.title,
            day(rec.filed), opt(_num(rec.amount) if rec.amount is not None else None),
            opt(str(rec.people) if as_text and rec.people is not None else rec.people),
            opt(rec.festival), opt(score), opt("；".join(rec.refs)), opt("、".join(rec.tags)),
            opt(rec.extra.get("附件"))]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
              bom: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))


def write_xlsx(path: Path, sheets: dict[str, list[Record]], file: str) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    widths = (14, 18, 22, 12, 12, 52, 12, 10, 9, 12, 7, 16, 20, 10)
    for name, recs in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(HEADERS))
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center")
        for rec in recs:
            row = _row(rec, file, as_text=False)
            if rec.amount is not None:
                row[7] = rec.amount
            ws.append(row)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        for row in ws.iter_rows(min_row=2):
            for index in (3, 4, 6):
                if row[index].value is not None:
                    row[index].number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    wb.properties.creator = "市生态环境局创建办"
    wb.properties.title = file.removesuffix(".xlsx")
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_pin_zip(buffer.getvalue()))


def _pin_zip(data: bytes) -> bytes:
    """Rewrite the workbook's zip with fixed timestamps; openpyxl stamps "now"."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            pinned = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            dst.writestr(pinned, body)
    return out.getvalue()


# --------------------------------------------------------------------------
# TOML files
# --------------------------------------------------------------------------

PHASES = (
    ("preparation", "前期准备", "Preparation", "2020.04-2020.05",
     ("leading-group-establishment", "work-plan", "staff-consultation")),
    ("mobilisation", "宣传发动", "Mobilisation", "2020.05-2020.06",
     ("mobilisation-meeting", "deployment-meeting")),
    ("full-creation", "全面创建", "Full creation", "2020.06-2021.07", ()),
    ("self-check", "自检自查", "Self-check", "2021.08-2021.09",
     ("self-scoring-sheet", "rectification-list")),
    ("rectification", "整改提高", "Rectification", "2021.09-2021.11", ("rectification-record",)),
    ("inspection", "迎检评估", "Inspection", "2021.11-2021.12",
     ("materials-compilation", "video-materials", "inspection-reception")),
)

TASKS = (
    ("t01", "深化理论学习宣传", "Theory study and publicity", ("party",),
     ("central-group-study", "staff-theory-study", "xuexi-qiangguo", "theory-lecture")),
    ("t02", "深入开展理想信念教育", "Ideals, beliefs and patriotism", ("party",),
     ("ideals-belief-education", "patriotic-education", "theme-education",
      "xiaokang-theme-publicity")),
    ("t03", "社会主义核心价值观宣传教育", "Core socialist values", ("publicity",),
     ("core-values-publicity", "eco-lecture-hall", "eco-worker-selection",
      "civilized-staff-selection", "moral-model-nomination", "moral-model-exchange")),
    ("t04", "思想道德建设", "Moral education and role models", ("party",),
     ("moral-lecture", "role-model-selection")),
    ("t05", "志愿者服务活动", "Volunteer service", ("publicity",),
     ("volunteer-service", "eco-community-outreach", "medical-waste-guidance",
      "anti-epidemic-works", "world-environment-day", "biodiversity-day",
      "volunteer-organisation-fostering")),
    ("t06", "文明风尚活动", "Civilised customs and “our festivals”", ("office", "party"),
     ("civilized-community-participation", "civilized-traffic", "civilized-tourism",
      "blood-donation", "warmth-delivery", "festival-activity")),
    ("t07", "环保诚信建设", "Environmental integrity", ("policy",),
     ("red-black-list", "integrity-publicity", "integrity-essay", "integrity-star-selection")),
    ("t08", "文明家庭创建", "Civilised families", ("party",),
     ("civilized-family-creation", "most-beautiful-family", "family-values-activity")),
    ("t09", "提升效能强管理（六个不让）", "Efficiency: the six nots", ("office",),
     ("six-nots-management",)),
    ("t10", "转变作风树形象", "Conduct: complaint handling", ("enforcement",),
     ("complaint-handling",)),
    ("t11", "网络文明建设", "Online civility", ("publicity",),
     ("network-civilization", "online-volunteer-group")),
    ("t12", "深化文明单位创建", "Skills contests and service windows",
     ("enforcement", "monitoring-div"), ("skills-contest", "service-window-improvement")),
    ("t13", "“文明单位在线”注册管理", "The civilised-unit online platform", ("office",),
     ("online-platform-registration", "online-platform-user-info", "online-platform-update")),
)

LEADING_GROUP = (
    ("hq", "leader", "林志远", "党组书记、局长"),
    ("hq", "deputy", "陈嘉禾", "党组成员、副局长"),
    ("office", "member", "何晓峰", "办公室主任"),
    ("party", "member", "郑雅琴", "机关党委专职书记"),
    ("policy", "member", "吴承泽", "法规处处长"),
    ("monitoring-div", "member", "罗文斌", "监测处处长"),
    ("enforcement", "member", "梁国栋", "执法处处长"),
    ("publicity", "member", "许若岚", "宣传教育处处长"),
    ("monitor-centre", "member", "唐敏华", "监测中心主任"),
    ("east", "member", "韩立新", "东湖区分局局长"),
    ("east-general", "member", "谢明珠", "综合科科长"),
    ("west", "member", "冯思远", "西岭区分局局长"),
    ("north", "member", "邓海涛", "北塘区分局局长"),
    ("office", "office-director", "苏婉清", "办公室副主任"),
)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(zh: str, en: str) -> str:
    return f"{{ zh = {_q(zh)}, en = {_q(en)} }}"


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def campaign_toml() -> str:
    lines = [
        "# Invented example: a municipal ecology and environment bureau and its three",
        "# dispatched sub-bureaus apply together for the municipal civilized-unit title.",
        "# Generated by examples/generate_ecology_bureau.py — edit the script, not this file.",
        "",
        "[campaign]",
        'id = "eco-2020"',
        "title = " + _label("岚川市生态环境局创建市级文明单位（2020—2022届）",
                            "Lanchuan Ecology and Environment Bureau: municipal civilized-unit "
                            "campaign (2020–2022 cycle)"),
        'level = "municipal"',
        'applicants = ["hq", "east", "west", "north"]',
        'window = "2020.04-2021.12"',
        'office = "office"',
    ]
    for pid, zh, en, window, deliverables in PHASES:
        lines += ["", "[[phases]]", f"id = {_q(pid)}", "name = " + _label(zh, en),
                  f"window = {_q(window)}", f"deliverables = {_list(deliverables)}"]
    for tid, zh, en, owners, kinds in TASKS:
        lines += ["", "[[tasks]]", f"id = {_q(tid)}", "title = " + _label(zh, en),
                  f"owners = {_list(owners)}", f"kinds = {_list(kinds)}"]
    for unit, role, person, position in LEADING_GROUP:
        lines += ["", "[[leading_group]]", f"unit = {_q(unit)}", f"role = {_q(role)}",
                  f"person = {_q(person)}", f"position = {_q(position)}"]
    return "\n".join(lines) + "\n"


def units_toml() -> str:
    lines = ["# Units of the invented bureau (generated by examples/generate_ecology_bureau.py)."]
    for uid, zh, en, kind, parent, _short, _prefix in UNITS:
        lines += ["", "[[unit]]", f"id = {_q(uid)}", f"zh = {_q(zh)}", f"en = {_q(en)}",
                  f"kind = {_q(kind)}"]
        if parent:
            lines.append(f"parent = {_q(parent)}")
    return "\n".join(lines) + "\n"


def waivers_toml() -> str:
    return "\n".join([
        "# Items excused for this cycle (generated by examples/generate_ecology_bureau.py).",
        "",
        "[[waiver]]",
        'rubric = "provincial-18"',
        'item = "17"',
        'by = "市文明办 周晓明"',
        'reason = "本届创建周期内市局未承担定点扶贫村帮扶任务，无“一对一”结对帮扶对象；'
        '帮扶共建以驻地社区共建和微心愿认领开展。"',
        'until = "2022-06-30"',
    ]) + "\n"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

# Records added after the seeded draws, with fixed dates, filing and category, so
# that adding them leaves every other record of the dataset as it was.
FIXED: tuple[tuple[str, str, str, str, int], ...] = (
    ("party", "xiaokang-theme-publicity", "2020-10-14",
     "“决胜小康，奋斗有我”群众主题宣传教育活动", 110),
    ("publicity", "volunteer-organisation-fostering", "2020-11-18",
     "联合市环保志愿者协会培育社区环保志愿服务队", 35),
)
FIXED_FILING_DELAY = 6


def add_fixed(records: list[Record]) -> list[Record]:
    """``records`` with the FIXED rows merged in date order."""
    added = []
    for unit, kind, day_text, title, people in FIXED:
        day = _d(day_text)
        added.append(Record(unit, kind, day, title, people=people,
                            filed=day + timedelta(days=FIXED_FILING_DELAY),
                            category=LEDGER_NAMES[kind].split("|")[0]))
    return sorted([*records, *added], key=Record.sort_key)



def build() -> list[Record]:
    rng = random.Random(SEED)
    records = expand(rng)
    assign_filing(rng, records)
    assign_categories(rng, records)
    records = add_fixed(records)
    assign_ids(records)
    for unit, kind, path, pin, text in ATTACHMENTS:
        rec = next(r for r in records if r.unit == unit and r.kind == kind)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rec.extra["附件"] = f"{path}#{digest}" if pin else path
    return records


def write(records: list[Record]) -> dict[str, list[Record]]:
    evidence = OUT / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    (OUT / "campaign.toml").write_text(campaign_toml(), encoding="utf-8")
    (OUT / "units.toml").write_text(units_toml(), encoding="utf-8")
    (OUT / "waivers.toml").write_text(waivers_toml(), encoding="utf-8")
    for _unit, _kind, path, _pin, text in ATTACHMENTS:
        (OUT / path).parent.mkdir(exist_ok=True)
        (OUT / path).write_bytes(text.encode("utf-8"))
    files: dict[str, dict[str, list[Record]]] = {}
    for rec in records:
        file, sheet = route(rec)
        files.setdefault(file, {}).setdefault(sheet or "", []).append(rec)
    for year in (2020, 2021):
        name = f"{year}-台账.xlsx"
        order = [f"{year}上半年", f"{year}下半年"] + ([TOPIC_SHEET] if year == 2021 else [])
        sheets = {s: files[name].get(s, []) for s in order}
        write_xlsx(evidence / name, sheets, name)
    write_csv(evidence / "经费支出.csv", SPENDING_HEADERS,
              ([r.id, _unit_cell(r, "经费支出.csv"), r.category, r.day.isoformat(), r.title,
                r.filed.isoformat() if r.filed else "", f"{r.amount:.2f}", "、".join(r.tags)]
               for r in files["经费支出.csv"][""]), bom=True)
    write_csv(evidence / "派出局活动.csv", HEADERS,
              (_row(r, "派出局活动.csv", as_text=True) for r in files["派出局活动.csv"][""]),
              bom=False)
    return {f: [r for recs in s.values() for r in recs] for f, s in files.items()}


def check_spending(records: list[Record]) -> None:
    by_unit: dict[str, dict[int, float]] = {}
    for rec in records:
        if rec.kind == "creation-spending" and rec.amount is not None:
            years = by_unit.setdefault(rec.unit, {2020: 0.0, 2021: 0.0})
            years[rec.day.year] += rec.amount
    for unit, years in by_unit.items():
        if not years[2021] > years[2020]:
            raise AssertionError(f"spending of {unit} does not rise: {dict(years)}")


def verify(by_file: dict[str, list[Record]]) -> None:
    """Read the files back and compare with what was written."""
    evidence = OUT / "evidence"
    for name, bom in (("经费支出.csv", True), ("派出局活动.csv", False)):
        raw = (evidence / name).read_bytes()
        if raw.startswith(b"\xef\xbb\xbf") != bom:
            raise AssertionError(f"{name}: BOM expected {bom}")
        with (evidence / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        header = SPENDING_HEADERS if name == "经费支出.csv" else HEADERS
        if tuple(rows[0]) != header or len(rows) - 1 != len(by_file[name]):
            raise AssertionError(f"{name}: header or row count differs")
        if [r[0] for r in rows[1:]] != [rec.id for rec in by_file[name]]:
            raise AssertionError(f"{name}: ids differ")
    for year in (2020, 2021):
        name = f"{year}-台账.xlsx"
        wb = openpyxl.load_workbook(evidence / name, read_only=True)
        total = 0
        for ws in wb.worksheets:
            cells: list[tuple[object, ...]] = list(ws.iter_rows(values_only=True))
            if tuple(cells[0]) != HEADERS:
                raise AssertionError(f"{name}[{ws.title}]: header differs")
            for row in cells[1:]:
                if not isinstance(row[3], datetime) or not isinstance(row[6], datetime):
                    raise AssertionError(f"{name}[{ws.title}] {row[0]}: dates are not dates")
            total += len(cells) - 1
        wb.close()
        if total != len(by_file[name]):
            raise AssertionError(f"{name}: {total} rows, expected {len(by_file[name])}")
    ids = [r.id for recs in by_file.values() for r in recs]
    if len(ids) != len(set(ids)):
        raise AssertionError("evidence ids are not unique")


def summary(records: list[Record], by_file: dict[str, list[Record]]) -> str:
    lines = [f"{len(records)} records, {sum(r.late for r in records)} filed 40–90 days late"]
    lines.append("per file:")
    for name in sorted(by_file):
        lines.append(f"  {name:<16} {len(by_file[name]):>4}")
    lines.append("per unit (late):")
    units = Counter(r.unit for r in records)
    late = Counter(r.unit for r in records if r.late)
    for uid in sorted(units, key=UNIT_ORDER.__getitem__):
        lines.append(f"  {uid:<16} {units[uid]:>4} ({late[uid]})")
    lines.append("per kind:")
    for kind, n in Counter(r.kind for r in records).most_common():
        lines.append(f"  {kind:<36} {n:>4}")
    spend: Counter[int] = Counter()
    for r in records:
        if r.amount is not None:
            spend[r.day.year] += round(r.amount * 100)
    lines.append("spending: " + ", ".join(f"{y}: {v / 100:,.2f} 元"
                                          for y, v in sorted(spend.items())))
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    records = build()
    check_spending(records)
    by_file = write(records)
    verify(by_file)
    print(summary(records, by_file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
