"""Generate a synthetic province for the benchmarks: units, a campaign and a big archive.

The province is invented. A provincial department (省生态环境厅) heads the
tree; under it sit its own divisions and affiliated centres and fourteen city
bureaus; each city bureau has divisions, affiliated centres and dispatched
sub-bureaus (派出局), and each sub-bureau has divisions of its own::

    prov ─┬─ prov-d01 … (divisions, affiliated centres)
          ├─ c01 ─┬─ c01-d01 … (divisions, affiliated centres)
          │       ├─ c01-s01 ── c01-s01-d01 …
          │       └─ c01-s02 ── …
          └─ c02 …

The tree is widened (more sub-bureaus per city) until it has exactly the
requested number of units; sub-bureaus mostly have 8 to 24 divisions, so
at the default density (100 records per unit) some sub-bureau's subtree
holds about 2,000 records — the size the single-unit latency target names.

Evidence covers every kind of the base vocabulary over the two campaign
years (2020.04–2021.12): phase deliverables inside their phases, festival
activities around their festivals, spending with amounts that grow in the
second year, on-site assessments with scores, filing dates mostly within
the 30-day rule. The same records are written twice, each with its own copy
of ``campaign.toml`` and ``units.toml`` so each folder is a dataset::

    OUT/manifest.json                  what was generated, with which seed
    OUT/jsonl/evidence/evidence.jsonl  English keys (id, unit, kind, date …)
    OUT/csv/evidence/evidence.csv      Chinese headers (编号, 单位, 类别 …)

Usage::

    python -m benchmarks.generate --records 100000 --units 1000
    python benchmarks/generate.py --records 1000000 --units 10000 --seed 7

The output is a pure function of (records, units, seed).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

try:
    import orjson
except ImportError:  # pragma: no cover - the benchmarks need orjson anyway
    orjson = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run as a script from a source checkout
    sys.path.insert(0, str(ROOT / "src"))

from wenming.calendar import festival_date  # noqa: E402
from wenming.model.vocabulary import base_kinds  # noqa: E402

__all__ = [
    "CAMPAIGN_END",
    "CAMPAIGN_START",
    "PHASES",
    "Province",
    "Unit",
    "build_province",
    "default_folder",
    "generate",
]

GENERATOR_VERSION = 2
#: The evidence kinds the province draws records from: the vocabulary as it was when
#: generator version 2 was written, so that adding a kind to wenming does not change the
#: benchmark data (and the golden reports computed on it).
GENERATED_KINDS: Final = (
    "party-group-civilization-study", "concurrent-deployment", "leading-group-establishment",
    "person-in-charge-designation", "work-plan", "target-decomposition", "staff-consultation",
    "mobilisation-meeting", "leader-mobilisation-speech", "deployment-meeting", "website-column",
    "creation-spending", "annual-plan", "annual-summary", "target-assessment-inclusion",
    "creation-inspection", "inspection-circular", "publicity-item", "archive-filing",
    "self-check", "self-scoring-sheet", "rectification-list", "rectification-record",
    "materials-compilation", "video-materials", "inspection-reception", "onsite-assessment",
    "central-group-study", "staff-theory-study", "xuexi-qiangguo", "theory-lecture",
    "theme-education", "ideals-belief-education", "patriotic-education", "education-venue",
    "party-oath-ceremony", "party-political-birthday", "core-values-publicity",
    "eco-lecture-hall", "messaging-group-publicity", "eco-worker-selection",
    "civilized-staff-selection", "grassroots-eco-worker", "role-model-selection",
    "moral-model-nomination", "moral-model-exchange", "moral-lecture", "etiquette-education",
    "frugality-rules", "resource-saving-campaign", "clean-plate-campaign",
    "frugal-person-selection", "civilized-customs-plan", "moral-signage",
    "online-volunteer-group", "civilized-community-participation", "civilized-family-creation",
    "most-beautiful-family", "family-values-activity", "volunteer-service",
    "eco-community-outreach", "medical-waste-guidance", "anti-epidemic-works",
    "world-environment-day", "biodiversity-day", "lei-feng-plan", "lei-feng-team-establishment",
    "lei-feng-activity", "civilized-traffic", "civilized-tourism", "blood-donation",
    "warmth-delivery", "festival-plan", "festival-activity", "red-black-list",
    "integrity-publicity", "integrity-essay", "integrity-star-selection",
    "integrity-service-activity", "integrity-mechanism", "six-nots-management",
    "complaint-handling", "network-civilization", "skills-contest", "service-window-improvement",
    "online-platform-registration", "online-platform-designation", "online-platform-update",
    "lead-the-way-culture-plan", "lead-the-way-culture-activity", "culture-sports-plan",
    "fitness-facility-addition", "sports-activity", "song-dance-gathering", "photography-contest",
    "calligraphy-contest", "office-environment-plan", "corridor-culture", "tree-planting",
    "quality-service-plan", "service-norms", "satisfied-civil-servant", "commendation",
    "pairing-assistance-plan", "village-pairing-visit", "micro-wish", "discipline-violation",
    "major-safety-accident", "dishonest-debtor", "public-order-violation",
)
DEFAULT_SEED = 20200401
CAMPAIGN_START = date(2020, 4, 1)
CAMPAIGN_END = date(2021, 12, 31)
CITY_COUNT = 14

#: The six phases of the seed municipal plan: id, zh, en, window, deliverables.
PHASES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("preparation", "前期准备", "Preparation", "2020.04-2020.05",
     ("leading-group-establishment", "work-plan", "staff-consultation")),
    ("mobilisation", "宣传发动", "Mobilisation", "2020.05-2020.06",
     ("mobilisation-meeting", "deployment-meeting")),
    ("full-creation", "全面创建", "Full creation", "2020.06-2021.07", ()),
    ("self-check", "自检自查", "Self-check", "2021.08-2021.09",
     ("self-scoring-sheet", "rectification-list")),
    ("rectification", "整改提高", "Rectification", "2021.09-2021.11",
     ("rectification-record",)),
    ("inspection", "迎检评估", "Inspection", "2021.11-2021.12",
     ("materials-compilation", "video-materials", "inspection-reception")),
)

#: The thirteen main tasks of the municipal plan and the kinds that evidence them.
TASKS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("t01", "深化理论学习宣传", "Theory study and publicity", "party",
     ("central-group-study", "staff-theory-study", "xuexi-qiangguo", "theory-lecture")),
    ("t02", "深入开展理想信念教育", "Ideals, beliefs and patriotism", "party",
     ("ideals-belief-education", "patriotic-education", "theme-education")),
    ("t03", "社会主义核心价值观宣传教育", "Core socialist values", "publicity",
     ("core-values-publicity", "eco-lecture-hall", "eco-worker-selection")),
    ("t04", "思想道德建设", "Moral education and role models", "party",
     ("moral-lecture", "role-model-selection")),
    ("t05", "志愿者服务活动", "Volunteer service", "publicity",
     ("volunteer-service", "eco-community-outreach", "medical-waste-guidance",
      "world-environment-day", "biodiversity-day")),
    ("t06", "文明风尚活动", "Civilised customs and festivals", "office",
     ("civilized-traffic", "civilized-tourism", "blood-donation", "festival-activity")),
    ("t07", "环保诚信建设", "Environmental integrity", "policy",
     ("red-black-list", "integrity-publicity", "integrity-essay")),
    ("t08", "文明家庭创建", "Civilised families", "party",
     ("civilized-family-creation", "most-beautiful-family", "family-values-activity")),
    ("t09", "提升效能强管理", "Efficiency: the six nots", "office", ("six-nots-management",)),
    ("t10", "转变作风树形象", "Conduct: complaint handling", "enforcement",
     ("complaint-handling",)),
    ("t11", "网络文明建设", "Online civility", "publicity",
     ("network-civilization", "online-volunteer-group")),
    ("t12", "深化文明单位创建", "Skills contests and service windows", "enforcement",
     ("skills-contest", "service-window-improvement")),
    ("t13", "文明单位在线注册管理", "The civilised-unit online platform", "office",
     ("online-platform-registration", "online-platform-designation",
      "online-platform-update")),
)

# Invented place names: two syllables each, none a real prefecture.
_CITY_SYLLABLES = ("岚", "澄", "青", "云", "桐", "溪", "梧", "沅", "汀", "岑", "霁", "棠",
                   "泠", "枫", "璟", "潆")
_CITY_PINYIN = ("lan", "cheng", "qing", "yun", "tong", "xi", "wu", "yuan", "ting", "cen",
                "ji", "tang", "ling", "feng", "jing", "ying")
_DISTRICT_SYLLABLES = ("东", "西", "南", "北", "中", "新", "安", "平", "宁", "和", "丰", "兴",
                       "永", "福", "清", "泰", "长", "康", "明", "华")
_DISTRICT_SUFFIX = ("区", "县")

# Divisions (处/科/股) by level: (suffix of the id, zh, en).
_PROVINCE_DIVISIONS = (
    ("office", "办公室", "General Office"), ("party", "机关党委", "Party Committee"),
    ("policy", "法规与标准处", "Policy and Standards Division"),
    ("planning", "综合规划处", "Planning Division"),
    ("finance", "财务处", "Finance Division"), ("personnel", "人事处", "Personnel Division"),
    ("water", "水生态环境处", "Water Environment Division"),
    ("air", "大气环境处", "Air Environment Division"),
    ("soil", "土壤生态环境处", "Soil Environment Division"),
    ("nature", "自然生态保护处", "Nature Conservation Division"),
    ("radiation", "核与辐射安全处", "Nuclear and Radiation Safety Division"),
    ("monitoring", "生态环境监测处", "Monitoring Division"),
    ("enforcement", "执法局", "Enforcement Bureau"),
    ("publicity", "宣传教育处", "Publicity and Education Division"),
    ("inspection", "督察办", "Inspection Office"),
    ("emergency", "应急管理处", "Emergency Management Division"),
)
_PROVINCE_CENTRES = (
    ("monitor-centre", "生态环境监测中心", "Environmental Monitoring Centre"),
    ("info-centre", "生态环境信息中心", "Environmental Information Centre"),
    ("research", "环境科学研究院", "Academy of Environmental Sciences"),
    ("solid-waste", "固体废物管理中心", "Solid Waste Management Centre"),
)
_CITY_DIVISIONS = _PROVINCE_DIVISIONS[:8]
_CITY_CENTRES = _PROVINCE_CENTRES[:2]
_STATION_DIVISIONS = (
    ("general", "综合股", "General Section"), ("party", "党建股", "Party Section"),
    ("pollution", "污染防治股", "Pollution Control Section"),
    ("approval", "审批股", "Approvals Section"), ("monitor", "监测站", "Monitoring Station"),
    ("enforce", "执法大队", "Enforcement Team"), ("law", "法制股", "Legal Section"),
    ("nature", "生态股", "Ecology Section"), ("finance", "财务股", "Finance Section"),
    ("complaint", "信访股", "Complaints Section"), ("publicity", "宣教股", "Publicity Section"),
    ("archive", "档案室", "Archive Room"),
)
_TOWNSHIP_SYLLABLES = ("江", "河", "湖", "山", "石", "桥", "坪", "湾", "岭", "塘", "洲", "源")

# How much of the archive a unit of each kind keeps, relative to a division.
UNIT_WEIGHT = {"bureau": 4.0, "dispatched": 3.0, "division": 1.0, "affiliated": 1.5}
# How often each category of evidence is recorded, relative to an activity.
CATEGORY_WEIGHT = {"activity": 6.0, "meeting": 4.0, "record": 4.0, "publication": 3.0,
                   "document": 1.5, "plan": 1.0, "summary": 1.0, "assessment": 0.5,
                   "violation": 0.003}
_CATEGORY_TAG = {"activity": "活动", "meeting": "会议", "record": "记录",
                 "publication": "宣传", "document": "文件", "plan": "计划", "summary": "总结",
                 "assessment": "考评", "violation": "违纪违法"}
_FESTIVAL_IDS = ("chunjie", "yuanxiao", "sanyuesan", "qingming", "duanwu", "zhongqiu",
                 "chongyang")
_ONSITE_REFS = ("office-tidiness", "no-smoking", "orderly-parking")
_PARTICIPANT_CATEGORIES = frozenset({"activity", "meeting"})

JSONL_FIELDS = ("id", "unit", "kind", "date", "filed", "amount", "participants", "festival",
                "score", "refs", "tags", "title")
#: CSV headers in the same order as JSONL_FIELDS (tags as 标签, so both hold the same data).
CSV_HEADERS = ("编号", "单位", "类别", "日期", "归档日期", "金额(元)", "参与人数", "节日", "评分",
               "考评项", "标签", "标题")


@dataclass(frozen=True)
class Unit:
    id: str
    zh: str
    en: str
    kind: str
    parent: str | None


@dataclass(frozen=True)
class Province:
    units: tuple[Unit, ...]
    cities: tuple[str, ...]


# -- the unit tree ----------------------------------------------------------------------------

def _city_names(count: int) -> list[tuple[str, str]]:
    pairs = itertools.permutations(range(len(_CITY_SYLLABLES)), 2)
    out = []
    for a, b in itertools.islice(pairs, 0, None, 7):
        out.append((_CITY_SYLLABLES[a] + _CITY_SYLLABLES[b],
                    (_CITY_PINYIN[a] + _CITY_PINYIN[b]).capitalize()))
        if len(out) == count:
            break
    return out


def build_province(unit_count: int, rng: random.Random) -> Province:
    """A tree of exactly ``unit_count`` units (at least 40)."""
    if unit_count < 40:
        raise ValueError(f"a province needs at least 40 units, got {unit_count}")
    units: list[Unit] = [Unit("prov", "省生态环境厅", "Provincial Department of Ecology and "
                              "Environment", "bureau", None)]
    for key, zh, en in _PROVINCE_DIVISIONS:
        units.append(Unit(f"prov-{key}", f"省厅{zh}", f"Department {en}", "division", "prov"))
    for key, zh, en in _PROVINCE_CENTRES:
        units.append(Unit(f"prov-{key}", f"省{zh}", f"Provincial {en}", "affiliated", "prov"))
    remaining = unit_count - len(units)
    city_core = 1 + len(_CITY_DIVISIONS) + len(_CITY_CENTRES)
    cities = max(1, min(CITY_COUNT, remaining // (city_core + 25)))
    budgets = [remaining // cities + (1 if i < remaining % cities else 0) for i in range(cities)]
    city_ids: list[str] = []
    for number, ((zh, pinyin), budget) in enumerate(zip(_city_names(cities), budgets,
                                                          strict=True), start=1):
        cid = f"c{number:02d}"
        city_ids.append(cid)
        city_zh, city_en = f"{zh}市", f"{pinyin} City"
        units.append(Unit(cid, f"{city_zh}生态环境局", f"{city_en} Ecology and Environment "
                          "Bureau", "bureau", "prov"))
        for key, dzh, den in _CITY_DIVISIONS:
            units.append(Unit(f"{cid}-{key}", f"{city_zh}生态环境局{dzh}", f"{city_en} {den}",
                              "division", cid))
        for key, czh, cen in _CITY_CENTRES:
            units.append(Unit(f"{cid}-{key}", f"{city_zh}{czh}", f"{city_en} {cen}",
                              "affiliated", cid))
        _sub_bureaus(units, cid, city_zh, city_en, budget - city_core, rng)
    assert len(units) == unit_count, (len(units), unit_count)
    return Province(tuple(units), tuple(city_ids))


def _sub_bureaus(units: list[Unit], cid: str, city_zh: str, city_en: str, budget: int,
                 rng: random.Random) -> None:
    """Dispatched sub-bureaus with 8–24 divisions each, filling ``budget`` units exactly."""
    number = 0
    while budget > 0:
        number += 1
        size = min(budget, 1 + rng.randint(8, 24))
        if 0 < budget - size < 9:  # never leave a remainder too small for a sub-bureau
            size = budget
        a = _DISTRICT_SYLLABLES[(number - 1) % len(_DISTRICT_SYLLABLES)]
        b = _DISTRICT_SYLLABLES[(number * 7 + 3) % len(_DISTRICT_SYLLABLES)]
        round_ = (number - 1) // len(_DISTRICT_SYLLABLES)
        district = f"{a}{b}{_DISTRICT_SUFFIX[number % 2]}" + (f"第{round_ + 1}" if round_ else "")
        sid = f"{cid}-s{number:02d}"
        sub_zh = f"{city_zh}{district}分局"
        sub_en = f"{city_en} sub-bureau {number}"
        units.append(Unit(sid, sub_zh, sub_en, "dispatched", cid))
        for index in range(1, size):
            key, dzh, den = _STATION_DIVISIONS[(index - 1) % len(_STATION_DIVISIONS)]
            if index > len(_STATION_DIVISIONS):  # township offices past the usual sections
                town = _TOWNSHIP_SYLLABLES[(index + number) % len(_TOWNSHIP_SYLLABLES)]
                key, dzh, den = f"town{index:02d}", f"{town}{index}镇环保所", \
                    f"Township office {index}"
            units.append(Unit(f"{sid}-{key}", f"{sub_zh}{dzh}", f"{sub_en} {den}", "division",
                              sid))
        budget -= size


# -- evidence ---------------------------------------------------------------------------------

def _month_window(text: str) -> tuple[date, date]:
    first, last = text.split("-")
    y1, m1 = (int(p) for p in first.split("."))
    y2, m2 = (int(p) for p in last.split("."))
    end = date(y2 + (m2 == 12), m2 % 12 + 1, 1) - timedelta(days=1)
    return date(y1, m1, 1), end


def _title(unit_zh: str, kind_zh: str, day: date) -> str:
    # Ledger titles name the unit and the month, so (as in real ledgers) few repeat.
    return f"{unit_zh}{day.year}年{day.month}月{kind_zh}"


@dataclass(frozen=True)
class _KindPlan:
    id: str
    zh: str
    category: str
    weight: float
    window: tuple[date, date] | None


def _kind_plans() -> list[_KindPlan]:
    deliverable_window = {kind: _month_window(window)
                          for _, _, _, window, kinds in PHASES for kind in kinds}
    plans = []
    known = {kind.id: kind for kind in base_kinds()}
    for kind in (known[k] for k in GENERATED_KINDS):
        weight = CATEGORY_WEIGHT.get(kind.category, 1.0)
        plans.append(_KindPlan(kind.id, kind.label.zh, kind.category, weight,
                               deliverable_window.get(kind.id)))
    return plans


def _festival_days() -> list[tuple[str, date]]:
    out = []
    for year in (2020, 2021):
        for festival in _FESTIVAL_IDS:
            day = festival_date(festival, year)
            if CAMPAIGN_START <= day <= CAMPAIGN_END:
                out.append((festival, day))
    return out


def generate_records(province: Province, count: int, rng: random.Random
                     ) -> list[dict[str, Any]]:
    """``count`` records, sorted by date then id, every kind present when ``count`` allows."""
    plans = _kind_plans()
    units = [u for u in province.units]
    unit_weights = list(itertools.accumulate(UNIT_WEIGHT[u.kind] for u in units))
    kind_weights = list(itertools.accumulate(p.weight for p in plans))
    chosen_units = rng.choices(units, cum_weights=unit_weights, k=count)
    chosen_kinds = rng.choices(plans, cum_weights=kind_weights, k=count)
    # Every kind at least once (the rare violation kinds included), at spread positions.
    for offset, plan in enumerate(plans):
        if offset < count:
            chosen_kinds[(offset * 7919) % count] = plan
    festivals = _festival_days()
    span = (CAMPAIGN_END - CAMPAIGN_START).days
    records: list[dict[str, Any]] = []
    for unit, plan in zip(chosen_units, chosen_kinds, strict=True):
        records.append(_record(unit, plan, rng, festivals, span))
    records.sort(key=lambda r: r["date"])
    width = len(str(count))
    for number, record in enumerate(records, start=1):
        record["id"] = f"EV{number:0{width}d}"
    return records


def _record(unit: Unit, plan: _KindPlan, rng: random.Random,
            festivals: Sequence[tuple[str, date]], span: int) -> dict[str, Any]:
    random_ = rng.random
    festival = None
    if plan.window is not None and random_() < 0.9:
        start, end = plan.window
        day = start + timedelta(days=rng.randint(0, (end - start).days))
    elif plan.id == "festival-activity":
        festival, around = festivals[rng.randrange(len(festivals))]
        day = min(CAMPAIGN_END, max(CAMPAIGN_START, around + timedelta(
            days=rng.randint(-5, 3))))
        if random_() < 0.2:  # some ledgers leave the festival column blank
            festival = None
    elif plan.id == "annual-plan":
        year = 2020 if random_() < 0.5 else 2021
        day = date(year, 4, rng.randint(1, 28)) if year == 2020 else \
            date(year, rng.randint(1, 3), rng.randint(1, 28))
    elif plan.id == "annual-summary":
        day = date(2020 if random_() < 0.5 else 2021, 12, rng.randint(1, 28))
    else:
        day = CAMPAIGN_START + timedelta(days=rng.randint(0, span))
    roll = random_()
    if roll < 0.85:
        filed: date | None = day + timedelta(days=rng.randint(0, 25))
    elif roll < 0.96:
        filed = day + timedelta(days=rng.randint(26, 90))
    else:
        filed = None  # not yet filed
    amount = None
    if plan.id == "creation-spending":
        grow = 1.25 if day.year == 2021 else 1.0
        amount = round(rng.uniform(300, 30000) * grow, 2)
    participants = rng.randint(5, 200) if plan.category in _PARTICIPANT_CATEGORIES else None
    score = None
    refs: list[str] = []
    if plan.id == "onsite-assessment":
        score = float(rng.randint(60, 100))
        refs = [_ONSITE_REFS[rng.randrange(len(_ONSITE_REFS))]]
    tags = ["文明创建", _CATEGORY_TAG.get(plan.category, "其他")]
    return {"id": "", "unit": unit.id, "kind": plan.id, "date": day, "filed": filed,
            "amount": amount, "participants": participants, "festival": festival,
            "score": score, "refs": refs, "tags": tags, "title": _title(unit.zh, plan.zh, day)}


# -- files ------------------------------------------------------------------------------------

def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def campaign_toml(province: Province) -> str:
    lines = [
        "# Synthetic province for the wenming benchmarks (benchmarks/generate.py).",
        "# Every unit, person and record is invented.",
        "",
        "[campaign]",
        'id = "province-bench"',
        'title = { zh = "全省生态环境系统创建文明单位（2020—2021）", '
        'en = "Provincial ecology and environment system: civilized-unit campaign '
        '(2020–2021)" }',
        'level = "provincial"',
        "applicants = [" + ", ".join(_toml_string(u) for u in ("prov", *province.cities)) + "]",
        'window = "2020.04-2021.12"',
        'office = "prov-office"',
    ]
    for pid, zh, en, window, deliverables in PHASES:
        lines += ["", "[[phases]]", f'id = "{pid}"', f'name = {{ zh = "{zh}", en = "{en}" }}',
                  f'window = "{window}"',
                  "deliverables = [" + ", ".join(f'"{k}"' for k in deliverables) + "]"]
    for tid, zh, en, owner, kinds in TASKS:
        lines += ["", "[[tasks]]", f'id = "{tid}"', f'title = {{ zh = "{zh}", en = "{en}" }}',
                  f'owners = ["prov-{owner}"]',
                  "kinds = [" + ", ".join(f'"{k}"' for k in kinds) + "]"]
    members: list[tuple[str, str, str | None]] = [
        ("prov", "leader", "省厅组长"), ("prov", "deputy", "省厅副组长"),
        ("prov-office", "office-director", "办公室主任")]
    members += [(u.id, "member", None) for u in province.units
                if u.parent == "prov" and u.kind in ("division", "affiliated")]
    members += [(c, "member", None) for c in province.cities]
    for unit, role, person in members:
        lines += ["", "[[leading_group]]", f'unit = "{unit}"', f'role = "{role}"']
        if person:
            lines.append(f'person = "{person}"')
    return "\n".join(lines) + "\n"


def units_toml(province: Province) -> str:
    lines = ["# Units of the synthetic province (benchmarks/generate.py)."]
    for unit in province.units:
        lines += ["", "[[unit]]", f'id = "{unit.id}"', f"zh = {_toml_string(unit.zh)}",
                  f"en = {_toml_string(unit.en)}", f'kind = "{unit.kind}"']
        if unit.parent is not None:
            lines.append(f'parent = "{unit.parent}"')
    return "\n".join(lines) + "\n"


def _jsonl_lines(records: Sequence[dict[str, Any]]) -> Iterator[bytes]:
    for record in records:
        row = {k: record[k] for k in JSONL_FIELDS}
        row["date"] = record["date"].isoformat()
        row["filed"] = record["filed"].isoformat() if record["filed"] else None
        yield _dumps(row) + b"\n"


def _dumps(row: dict[str, Any]) -> bytes:
    if orjson is not None:
        return orjson.dumps(row)
    return json.dumps(  # type: ignore[unreachable]  # mypy sees orjson installed
        row, ensure_ascii=False, separators=(",", ":")).encode()


def _csv_rows(records: Sequence[dict[str, Any]], kind_zh: dict[str, str],
              festival_zh: dict[str, str]) -> Iterator[list[str]]:
    def cell(value: object) -> str:
        return "" if value is None else str(value)

    for r in records:
        amount = "" if r["amount"] is None else f"{r['amount']:.2f}"
        score = "" if r["score"] is None else f"{r['score']:g}"
        yield [r["id"], r["unit"], kind_zh[r["kind"]], r["date"].isoformat(),
               r["filed"].isoformat() if r["filed"] else "", amount, cell(r["participants"]),
               festival_zh[r["festival"]] if r["festival"] else "", score, "；".join(r["refs"]),
               "、".join(r["tags"]), r["title"]]


def default_folder(records: int, units: int, seed: int = DEFAULT_SEED) -> Path:
    suffix = "" if seed == DEFAULT_SEED else f"-s{seed}"
    return ROOT / "benchmarks" / "out" / f"province-r{records}-u{units}{suffix}"


def _manifest(records: int, units: int, seed: int) -> dict[str, Any]:
    return {"generator": GENERATOR_VERSION, "records": records, "units": units, "seed": seed}


def is_current(folder: Path, records: int, units: int, seed: int) -> bool:
    """True when ``folder`` already holds this exact generation."""
    manifest = folder / "manifest.json"
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = _manifest(records, units, seed)
    return all(found.get(k) == v for k, v in wanted.items())


def generate(records: int, units: int, seed: int = DEFAULT_SEED, folder: Path | None = None,
             *, force: bool = False, quiet: bool = False) -> Path:
    """Write the province to ``folder`` (default under benchmarks/out/); returns the folder."""
    from wenming.calendar import get_festival

    folder = folder or default_folder(records, units, seed)
    if not force and is_current(folder, records, units, seed):
        return folder
    started = time.perf_counter()
    rng = random.Random(seed)
    province = build_province(units, rng)
    evidence = generate_records(province, records, rng)
    campaign_text, units_text = campaign_toml(province), units_toml(province)
    (folder / "manifest.json").unlink(missing_ok=True)
    for layout in ("jsonl", "csv"):
        (folder / layout / "evidence").mkdir(parents=True, exist_ok=True)
        (folder / layout / "campaign.toml").write_text(campaign_text, encoding="utf-8")
        (folder / layout / "units.toml").write_text(units_text, encoding="utf-8")
    jsonl = folder / "jsonl" / "evidence" / "evidence.jsonl"
    with open(jsonl, "wb") as handle:
        handle.writelines(_jsonl_lines(evidence))
    kind_zh = {k.id: k.label.zh for k in base_kinds()}
    festival_zh = {f: get_festival(f).zh for f in _FESTIVAL_IDS}
    table = folder / "csv" / "evidence" / "evidence.csv"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADERS)
        writer.writerows(_csv_rows(evidence, kind_zh, festival_zh))
    kinds_present = len({r["kind"] for r in evidence})
    manifest = {**_manifest(records, units, seed), "cities": list(province.cities),
                "kinds": kinds_present, "jsonl": str(jsonl.relative_to(folder)),
                "csv": str(table.relative_to(folder)),
                "first_date": evidence[0]["date"].isoformat() if evidence else None,
                "last_date": evidence[-1]["date"].isoformat() if evidence else None}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                          encoding="utf-8")
    if not quiet:
        print(f"wrote {records:,} records over {units:,} units ({kinds_present} kinds) to "
              f"{folder} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Generate a synthetic province (units, campaign, evidence as JSONL and CSV).")
    parser.add_argument("--records", type=int, default=100_000,
                        help="number of evidence records (default 100000)")
    parser.add_argument("--units", type=int, default=1_000,
                        help="number of units, at least 40 (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder to write (default benchmarks/out/province-r<N>-u<M>)")
    parser.add_argument("--force", action="store_true",
                        help="write even if the folder already holds this generation")
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")
    if args.units < 40:
        parser.error("--units must be at least 40")
    folder = generate(args.records, args.units, args.seed, args.out, force=args.force)
    print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
