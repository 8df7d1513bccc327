"""Parse and validate rubric documents (TOML) into :class:`Rubric` objects.

Every problem is collected with the rubric id, the item code and the field,
so an author fixes a document in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import cattrs
from attrs import fields, has
from cattrs.v import format_exception

from wenming.calendar import WindowFormatError, parse_window
from wenming.errors import DataIssue, RubricError, UnknownKindError
from wenming.model.labels import Label
from wenming.model.vocabulary import Vocabulary
from wenming.plugin_types import CriterionType, RubricSource
from wenming.rubric.document import (
    BASES,
    CREDIT_RULES,
    METHODS,
    SCOPES,
    Area,
    Criterion,
    Item,
    Rubric,
    Veto,
)
from wenming.rubric.shapes import (
    read_applies_if,
    read_bands,
    read_caps,
    read_methods,
    read_slope,
)
from wenming.rubric.vetoes import VETO_KEYS, read_veto

SCHEMA_VERSION = 1
MODELS = ("points", "xccdf-default", "flat", "flat-unweighted", "absolute")
#: Keys every criterion may carry; the rest are the criterion type's parameters.
TRACE_KEYS = frozenset({"id", "source", "basis", "interprets"})
#: Rule-shape keys a criterion may carry (docs/rubric-format.md, "Rule shapes").
SHAPE_KEYS = frozenset({"bands", "slope", "applies_if", "methods"})
_COMMON_KEYS = frozenset({"type", "points", "label", "credit", "deduct", "threshold",
                          *TRACE_KEYS, *SHAPE_KEYS})
_TOLERANCE = 1e-6

#: The keys each level of a rubric document accepts (a bonus is an item). Any
#: other key is reported, never ignored: a misspelt ``mehtod`` or a key that only
#: a newer wenming understands would otherwise change nothing without a word.
#: A criterion accepts ``_COMMON_KEYS`` plus its type's parameters.
KNOWN_KEYS: Mapping[str, frozenset[str]] = {
    "rubric": frozenset({"schema", "id", "version", "title", "issuer", "level", "total",
                         "pass_line", "model", "bonus_cap", "defaults", "areas", "bonuses",
                         "vetoes"}),
    "defaults": frozenset({"scope", "credit", "festival_window"}),
    "area": frozenset({"code", "title", "points", "items"}),
    "item": frozenset({"code", "title", "points", "criteria", "method", "owner", "scope",
                       "remediation", "source", "pool", "applies_if", "methods", "caps"}),
    "veto": VETO_KEYS,
}

_converter = cattrs.Converter(forbid_extra_keys=True)


class _Reader:
    def __init__(self, rubric_id: str, origin: str) -> None:
        self.rubric_id = rubric_id
        self.origin = origin
        self.issues: list[DataIssue] = []
        #: criterion id -> where it was first given, so a second use can point back
        self.criterion_ids: dict[str, str] = {}
        #: every key some criterion accepts, to tell an author a key sits one level off
        self.criterion_keys: frozenset[str] = _COMMON_KEYS

    def issue(self, path: str, message: str, value: object = None, expected: str | None = None
              ) -> None:
        self.issues.append(DataIssue(self.origin, message, field=path, value=value,
                                     expected=expected))

    def number(self, table: Mapping[str, Any], key: str, path: str, *,
               required: bool = True) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.issue(f"{path}.{key}", "missing", expected="a number")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.issue(f"{path}.{key}", "not a non-negative number", value, "a number ≥ 0")
            return None
        return float(value)

    def label(self, table: Mapping[str, Any], key: str, path: str, *,
              required: bool = True) -> Label:
        value = table.get(key)
        if value is None:
            if required:
                self.issue(f"{path}.{key}", "missing", expected="{ zh = …, en = … }")
            return Label("", "")
        try:
            return Label.of(value)
        except TypeError:
            self.issue(f"{path}.{key}", "not a label", value, "a string or { zh = …, en = … }")
            return Label("", "")

    def choice(self, table: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...],
               default: str) -> str:
        value = table.get(key, default)
        if value not in allowed:
            self.issue(f"{path}.{key}", "not an accepted value", value, " | ".join(allowed))
            return default
        return str(value)

    def text(self, table: Mapping[str, Any], key: str, path: str, expected: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.issue(f"{path}.{key}", "not a non-empty string / 不是非空字符串", value, expected)
            return None
        return value

    def tables(self, table: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.issue(f"{path}.{key}", "expected an array of tables", expected=f"[[{key}]]")
            return []
        return value

    def unknown_keys(self, table: Mapping[str, Any], level: str, path: str,
                     known: frozenset[str] | None = None) -> set[str]:
        """Report every key of ``table`` that ``level`` does not accept; return them."""
        allowed = KNOWN_KEYS[level] if known is None else known
        unknown = {key for key in table if key not in allowed}
        for key in sorted(unknown):
            self.issue(f"{path}.{key}" if path else key, "unknown key / 未知的键", key,
                       self._key_hint(key, allowed, level))
        return unknown

    def _key_hint(self, key: str, allowed: frozenset[str], level: str) -> str:
        close = difflib.get_close_matches(key, sorted(allowed), n=3, cutoff=0.6)
        if close:
            return f"did you mean / 您是否指: {', '.join(close)}"
        levels = {**KNOWN_KEYS, "criterion": self.criterion_keys}
        elsewhere = [name for name, keys in levels.items() if name != level and key in keys]
        if elsewhere:
            return (f"a key of {' or '.join(elsewhere)}, not of {level} / "
                    f"该键应写在 {' 或 '.join(elsewhere)} 一级")
        return f"one of / 可用的键: {', '.join(sorted(allowed))}"


def load_rubric(
    source: RubricSource,
    *,
    criterion_types: Mapping[str, CriterionType],
    vocabulary: Vocabulary,
    provider: str = "",
) -> Rubric:
    """Parse ``source`` and validate it against the installed types and kinds."""
    try:
        data = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        raise RubricError(source.origin, [DataIssue(source.origin, f"not valid TOML: {error}")]
                          ) from None
    rubric_id = str(data.get("id") or source.origin)
    reader = _Reader(rubric_id, source.origin)
    reader.criterion_keys = _COMMON_KEYS.union(
        *(_param_names(t) for t in criterion_types.values()))
    rubric = _read(data, reader, criterion_types, vocabulary)
    if reader.issues or rubric is None:
        raise RubricError(rubric_id, reader.issues)
    digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    return Rubric(
        **{f.name: getattr(rubric, f.name) for f in fields(Rubric)
           if f.name not in ("origin", "provider", "content_hash")},
        origin=source.origin, provider=provider, content_hash=digest)


def _read(data: Mapping[str, Any], reader: _Reader, types: Mapping[str, CriterionType],
          vocabulary: Vocabulary) -> Rubric | None:
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        reader.issue("schema", "unsupported schema version", schema, str(SCHEMA_VERSION))
    reader.unknown_keys(data, "rubric", "")
    for key in ("id", "version", "level"):
        if not isinstance(data.get(key), str) or not data.get(key):
            reader.issue(key, "missing or not a string", data.get(key), "a non-empty string")
    title = reader.label(data, "title", "rubric")
    issuer = reader.label(data, "issuer", "rubric", required=False)
    total = reader.number(data, "total", "rubric") or 0.0
    pass_line = reader.number(data, "pass_line", "rubric", required=False)
    bonus_cap = reader.number(data, "bonus_cap", "rubric", required=False)
    model = reader.choice(data, "model", "rubric", MODELS, "points")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        reader.issue("defaults", "expected a table", defaults, "[defaults]")
        defaults = {}
    reader.unknown_keys(defaults, "defaults", "defaults")
    default_scope = reader.choice(defaults, "scope", "defaults", SCOPES, "system")
    default_credit = reader.choice(defaults, "credit", "defaults", CREDIT_RULES, "all-or-nothing")
    context = (types, vocabulary, default_scope, default_credit)

    areas: list[Area] = []
    seen_codes: dict[str, str] = {}
    for a_index, raw_area in enumerate(reader.tables(data, "areas", "rubric")):
        a_path = f"areas[{a_index}](code {raw_area.get('code', '?')})"
        reader.unknown_keys(raw_area, "area", a_path)
        items = tuple(
            _item(raw_item, f"{a_path}.items[{i_index}](code {raw_item.get('code', '?')})",
                  str(raw_area.get("code", "")), reader, context, seen_codes)
            for i_index, raw_item in enumerate(reader.tables(raw_area, "items", a_path)))
        points = reader.number(raw_area, "points", a_path) or 0.0
        _sums(reader, a_path, points, sum(i.points for i in items), "its items")
        areas.append(Area(str(raw_area.get("code", "")), reader.label(raw_area, "title", a_path),
                          points, items))
    if not areas:
        reader.issue("areas", "a rubric needs at least one area", expected="[[areas]]")
    _sums(reader, "rubric.total", total, sum(a.points for a in areas), "its areas")
    if pass_line is not None and pass_line > total:
        reader.issue("pass_line", "above the total", pass_line, f"at most {total:g}")
    bonuses = tuple(
        _item(raw, f"bonuses[{b}](code {raw.get('code', '?')})", "bonus", reader, context,
              seen_codes)
        for b, raw in enumerate(reader.tables(data, "bonuses", "rubric")))
    veto_codes: dict[str, str] = {}
    vetoes: list[Veto] = []
    for v, raw in enumerate(reader.tables(data, "vetoes", "rubric")):
        v_path = f"vetoes[{v}](code {raw.get('code', '?')})"
        reader.unknown_keys(raw, "veto", v_path)
        vetoes.append(read_veto(raw, v_path, reader,
                                lambda value, where: _kinds(value, where, reader, vocabulary),
                                veto_codes))
    if reader.issues:
        return None
    return Rubric(
        id=str(data["id"]), version=str(data["version"]), title=title, issuer=issuer,
        level=str(data["level"]), total=total, areas=tuple(areas), pass_line=pass_line,
        model=model, bonus_cap=bonus_cap, bonuses=bonuses, vetoes=tuple(vetoes),
        defaults=dict(defaults))


def _sums(reader: _Reader, path: str, declared: float, actual: float, what: str) -> None:
    if not math.isclose(declared, actual, abs_tol=_TOLERANCE):
        reader.issue(path, f"points do not add up: {what} sum to {actual:g}", declared,
                     f"{actual:g}")


def _item(raw: Mapping[str, Any], path: str, area: str, reader: _Reader,
          context: tuple[Mapping[str, CriterionType], Vocabulary, str, str],
          seen_codes: dict[str, str]) -> Item:
    code = raw.get("code")
    if not isinstance(code, str | int) or code == "":
        reader.issue(f"{path}.code", "missing", code, "the item code as written, e.g. \"6\"")
        code = "?"
    code = str(code)
    reader.unknown_keys(raw, "item", path)
    # A code is the author's, never rewritten: waivers, overlays and archived
    # history name items by it for years, so adding an item elsewhere must not move it.
    default_ids = code
    if code in seen_codes:
        # Criteria without ids of their own must not repeat the duplicate as a second error.
        default_ids = f"{path}:{code}"
        qualified = f"{area}.{code}" if area and area != "bonus" else f"{code}a"
        reader.issue(f"{path}.code", "item code used twice / 测评项目编号重复", code,
                     f"a code unique in the rubric ({seen_codes[code]} has it); where the "
                     f"document numbers each area from 1, write it as the document does, "
                     f"e.g. \"{qualified}\"")
    else:
        seen_codes[code] = path
    pool = raw.get("pool", False)
    if not isinstance(pool, bool):
        reader.issue(f"{path}.pool", "not true or false / 应为 true 或 false", pool,
                     "pool = true: the criteria deduct from the item's points together")
        pool = False
    points = reader.number(raw, "points", path) or 0.0
    criteria = tuple(
        _criterion(c, f"{path}.criteria[{c_index}]", reader, context,
                   f"{default_ids}.c{c_index + 1}",
                   points if pool else None)
        for c_index, c in enumerate(reader.tables(raw, "criteria", path)))
    if not criteria:
        reader.issue(f"{path}.criteria", "an item needs at least one criterion",
                     expected="[[areas.items.criteria]]")
    if pool:
        for c_index, criterion in enumerate(criteria):
            if criterion.points > points + _TOLERANCE:
                reader.issue(f"{path}.criteria[{c_index}].points",
                             "above the item's pool / 超过本项分值", criterion.points,
                             f"at most the item's {points:g} points (or leave it out)")
    else:
        _sums(reader, path, points, sum(c.points for c in criteria), "its criteria")
    owner = raw.get("owner")
    return Item(
        code=code, title=reader.label(raw, "title", path), points=points, criteria=criteria,
        area=area, method=reader.choice(raw, "method", path, METHODS, "materials"),
        owner=str(owner) if owner else None,
        scope=reader.choice(raw, "scope", path, SCOPES, context[2]),
        remediation=reader.label(raw, "remediation", path, required=False),
        source=reader.text(raw, "source", path, _SOURCE_EXPECTED), pool=pool,
        applies_if=read_applies_if(reader, raw, path), methods=read_methods(reader, raw, path),
        caps=read_caps(reader, raw, path, tuple(c.id for c in criteria)))


def _criterion(raw: Mapping[str, Any], path: str, reader: _Reader,
               context: tuple[Mapping[str, CriterionType], Vocabulary, str, str],
               default_id: str, pool_points: float | None = None) -> Criterion:
    types, vocabulary, _, default_credit = context
    criterion_id = _criterion_id(raw, path, reader, default_id)
    source = reader.text(raw, "source", path, _SOURCE_EXPECTED)
    basis = reader.choice(raw, "basis", path, BASES, "seed")
    interprets = reader.text(raw, "interprets", path,
                             "the words of the document this choice reads, e.g. \"定期\"")
    if interprets is not None and basis != "choice":
        reader.issue(f"{path}.interprets", "interprets is only for a rubric choice / "
                     "仅细则自定的规则才需注明所解释的原文", interprets,
                     'basis = "choice", or no interprets')
    type_name = raw.get("type")
    # In a pool, a criterion without points may deduct the whole pool.
    points = (pool_points if pool_points is not None and "points" not in raw
              else reader.number(raw, "points", path) or 0.0)
    credit = reader.choice(raw, "credit", path, CREDIT_RULES, default_credit)
    deduct = reader.number(raw, "deduct", path, required=credit in ("deduct", "shortfall"))
    threshold = reader.number(raw, "threshold", path, required=False)
    if threshold is not None and not 0 < threshold <= 1:
        reader.issue(f"{path}.threshold", "not a share", threshold, "a number in (0, 1]")
    label = reader.label(raw, "label", path, required=False) if "label" in raw else None
    criterion_type = types.get(str(type_name))
    params: Any = None
    if criterion_type is None:
        known = ", ".join(sorted(types))
        reader.issue(f"{path}.type", "unknown criterion type", type_name, f"one of {known}")
    else:
        values = {k: v for k, v in raw.items() if k not in _COMMON_KEYS}
        if has(criterion_type.params):
            # Checked here rather than by cattrs, so the message can suggest a key.
            for key in reader.unknown_keys(
                    raw, "criterion", path, _COMMON_KEYS | _param_names(criterion_type)):
                del values[key]
        for name in ("refs", "tags"):  # one name may be written without a list
            if isinstance(values.get(name), str):
                values[name] = [values[name]]
        for kinds_param in criterion_type.all_kinds_params:
            if kinds_param in values:
                values[kinds_param] = _kinds(values[kinds_param], f"{path}.{kinds_param}",
                                             reader, vocabulary)
        params = _structure(values, criterion_type, path, reader)
        _check_window(values.get("window"), f"{path}.window", reader)
    bands, slope = read_bands(reader, raw, path), read_slope(reader, raw, path)
    if bands and slope is not None:
        reader.issue(f"{path}.slope", "bands or a slope, not both / 分档与线性扣分只能选一",
                     raw.get("slope"), "either bands = [...] or slope = {...}")
    if (bands or slope is not None) and criterion_type is not None \
            and not getattr(criterion_type.params, "MEASURES", False):
        reader.issue(f"{path}.{'bands' if bands else 'slope'}",
                     f"type {criterion_type.name!r} measures no value / 该类型不产生测量值",
                     criterion_type.name, "a type that measures a value, such as ratio or survey")
    return Criterion(type=str(type_name), points=points, params=params, label=label,
                     credit=credit, deduct=deduct, threshold=threshold or 1.0,
                     id=criterion_id, source=source, basis=basis, interprets=interprets,
                     bands=bands, slope=slope, applies_if=read_applies_if(reader, raw, path),
                     methods=read_methods(reader, raw, path))


_SOURCE_EXPECTED = "a reference to the clause, e.g. \"《…创建工作方案》三、(二)2\""


def _criterion_id(raw: Mapping[str, Any], path: str, reader: _Reader, default_id: str) -> str:
    """The criterion's own id, or ``<item>.c<n>`` so that rubrics without ids keep loading."""
    value = raw.get("id")
    given = value is not None
    if given and (not isinstance(value, str) or not value.strip()
                  or value != value.strip() or any(c.isspace() for c in value)):
        reader.issue(f"{path}.id", "not a criterion id / 不是有效的评分细则编号", value,
                     'a string without spaces, unique in the rubric, e.g. "T2.c1" or "1.3"')
        return default_id
    criterion_id = str(value) if given else default_id
    first = reader.criterion_ids.get(criterion_id)
    if first is not None:
        how = "" if given else " (the default id of a criterion without one)"
        reader.issue(f"{path}.id", f"criterion id used twice{how} / 评分细则编号重复", criterion_id,
                     f"an id unique in the rubric; {first} already has it")
    else:
        reader.criterion_ids[criterion_id] = path
    return criterion_id


def _check_window(value: object, path: str, reader: _Reader) -> None:
    """A literal window is parsed now, so 2021.02.30 fails ``check-rubric``, not scoring."""
    if not isinstance(value, str) or value == "campaign" \
            or value.startswith(("phase:", "by-phase-end:")):
        return
    try:
        parse_window(value)
    except WindowFormatError as error:
        reader.issue(path, f"not a window / 不是有效的时间范围: {error}", value,
                     '"campaign", "phase:<id>", "by-phase-end:<id>" or real dates such as '
                     '"2021.01-2021.06" or "2021-02-01..2021-02-28"')


def _param_names(criterion_type: CriterionType) -> frozenset[str]:
    params = criterion_type.params
    return frozenset(f.name for f in fields(params)) if has(params) else frozenset()


def _structure(values: dict[str, Any], criterion_type: CriterionType, path: str,
               reader: _Reader) -> Any:
    if not has(criterion_type.params):
        return values
    name = criterion_type.name
    try:
        return _converter.structure(values, criterion_type.params)
    except cattrs.ClassValidationError as error:
        for message in cattrs.transform_error(error, path="$", format_exception=_why):
            # "could not convert … @ $.levels['国家级']": the key's own path, its value,
            # and what the type's field expects, so the line shown is the key's.
            text, _, at = message.rpartition(" @ ")
            keys = ["".join(m) for m in _PARAM_PATH.findall(at.removeprefix("$"))]
            if not keys:  # a converter's error is reported on the class: find its key
                keys = [k for k, v in values.items()
                        if isinstance(v, str | int | float) and f"'{v}'" in text][:1]
            field_path = ".".join((path, *keys))
            reader.issue(field_path, f"parameter error for type {name!r} / 参数有误: "
                         f"{text or message}", _value_at(values, keys),
                         _param_expected(criterion_type, keys[0] if keys else None))
    except (TypeError, ValueError) as error:
        reader.issue(path, f"parameter error for type {name!r} / 参数有误: {error}",
                     expected=_param_expected(criterion_type, None))
    return None


#: ``.levels['国家级']`` or ``[2]`` in a cattrs path → ``levels``, ``国家级``, ``2``.
_PARAM_PATH = re.compile(r"\.([^.\[]+)|\['([^']*)'\]|\[(\d+)\]")


def _value_at(values: Mapping[str, Any], keys: list[str]) -> object:
    node: Any = values
    for key in keys:
        try:
            node = node[int(key)] if isinstance(node, list) else node[key]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return node


def _param_expected(criterion_type: CriterionType, key: str | None) -> str:
    """What the parameter takes: its type and its one-line help (``wenming types`` shows both)."""
    params = criterion_type.params
    known = {f.name: f for f in fields(params)} if has(params) else {}
    if key is None or key not in known:
        return "the parameters `wenming types` lists for " + repr(criterion_type.name)
    found = known[key]
    kind = (found.type.__name__ if isinstance(found.type, type)
            else str(found.type).replace("typing.", "").replace("collections.abc.", ""))
    help_text = found.metadata.get("help")
    meaning = f" — {help_text.en} / {help_text.zh}" if isinstance(help_text, Label) else ""
    return f"{key}: {kind}{meaning}"


def _why(error: BaseException, target: type | None) -> str:
    # cattrs would say only "invalid value"; the converter's own message says why.
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return format_exception(error, target)


def _kinds(value: Any, path: str, reader: _Reader, vocabulary: Vocabulary) -> list[str]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        reader.issue(path, "expected a list of evidence kinds", value, "[\"moral-lecture\", …]")
        return []
    resolved: list[str] = []
    for name in names:
        try:
            resolved.append(vocabulary.resolve(str(name)))
        except UnknownKindError as error:
            hint = ", ".join(error.suggestions) or "a kind from `wenming kinds`"
            reader.issue(path, "unknown evidence kind", name, hint)
    return resolved
