"""The units file (``units.toml`` or ``units.csv``) and looking units up by id or name."""

from __future__ import annotations

import difflib
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from attrs import evolve, frozen
from attrs import field as attrs_field

from wenming.errors import DataIssue, DatasetError, bi, did_you_mean
from wenming.loaders.cells import EMPTY, CellError, text_cell
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import UNIT_COLUMNS, UNIT_REQUIRED
from wenming.loaders.tables import check_header, csv_tables
from wenming.loaders.toml_source import (
    CONTROL_EXPECTED,
    CONTROL_MESSAGE,
    TableReader,
    TomlSource,
    control_characters,
    dataset_path,
)
from wenming.model import Label, Unit, UnitKind, UnitTree

__all__ = ["SUGGESTION_BUDGET", "UNIT_FILES", "LoadedUnits", "UnitLookup", "load_units"]

UNIT_FILES = ("units.toml", "units.csv")

#: Distinct unknown units that get "did you mean" suggestions in one load; the issue list
#: keeps far fewer, so more would be work nobody reads.
SUGGESTION_BUDGET: Final = 500
# Up to this many names difflib compares with every one; above it, a bigram shortlist.
_SCAN_ALL: Final = 300
_SHORTLIST: Final = 40
# Posting-list entries one lookup may count, rarest bigrams first.
_POSTINGS_BUDGET: Final = 5_000
_UNIT_KEYS = ("id", "name", "zh", "en", "kind", "parent", "attributes")
#: An attribute name a rubric condition can spell: no spaces, no comparison signs.
_ATTRIBUTE_NAME: Final = re.compile(r"^[^\s<>=!\"']+$")
_ATTRIBUTE_EXPECTED: Final = ("a number (staff = 120), true/false (window = true) or a word; "
                              "in a CSV cell also 是/否, 有/无")
_TRUE: Final = frozenset({"true", "yes", "y", "是", "有", "√", "✓"})
_FALSE: Final = frozenset({"false", "no", "n", "否", "无", "×", "✗"})


@frozen
class LoadedUnits:
    """What the units file gave: every well-formed unit, and the tree if it is valid."""

    source: str
    units: tuple[Unit, ...]
    tree: UnitTree | None


@frozen
class _Row:
    unit: Unit
    line: int | None
    field: str  # prefix for issue fields: "unit[3]." in TOML, "" in CSV
    #: the header as written of each field in a CSV (编号 for id), so messages name it
    headers: Mapping[str, str] = attrs_field(factory=dict)

    def name(self, field: str) -> str:
        return self.field + self.headers.get(field, field)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _describe(unit: Unit) -> str:
    return unit.id if unit.name.zh == unit.id else f"{unit.id} ({unit.name.zh})"


class UnitLookup:
    """Resolves what a ledger writes in its unit column: a unit id or its zh/en name."""

    def __init__(self, units: Iterable[Unit], source: str) -> None:
        units = tuple(units)
        self.source = source
        self._ids = {u.id: u.id for u in units}
        owners: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            owners[_key(unit.name.zh)].add(unit.id)
            owners[_key(unit.name.en)].add(unit.id)
        self._names = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
        self._ambiguous = {k: tuple(sorted(v)) for k, v in owners.items() if len(v) > 1}
        id_owners: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            id_owners[_key(unit.id)].add(unit.id)
        self._folded_ids = {k: next(iter(v)) for k, v in id_owners.items() if len(v) == 1}
        self._described = {k: _describe(u) for u in units for k in
                           (_key(u.id), _key(u.name.zh), _key(u.name.en))}
        self._names_list = list(self._described)
        self._bigrams: defaultdict[str, list[int]] | None = None  # built on the first miss
        self._hints: dict[str, tuple[str, ...]] = {}

    def resolve(self, text: str) -> str:
        """The unit id for ``text``; :class:`CellError` naming close matches otherwise."""
        found = self._ids.get(text)
        if found is not None:
            return found
        key = _key(text)
        found = self._folded_ids.get(key) or self._names.get(key)
        if found is not None:
            return found
        if key in self._ambiguous:
            raise CellError("ambiguous unit name / 单位名称不唯一",
                            bi("one of the unit ids " + ", ".join(self._ambiguous[key]),
                               "以下单位编号之一：" + "、".join(self._ambiguous[key])), text)
        hints = self._suggest(key)
        raise CellError("evidence for an unknown unit / 未知单位",
                        bi(f"a unit id or name from {self.source}",
                           f"{self.source} 中的单位编号或名称") + did_you_mean(hints), text)

    def _suggest(self, key: str) -> tuple[str, ...]:
        """Up to three close units for ``key``, computed once per distinct key.

        A large tree has tens of thousands of names, and difflib compares a key
        with each in turn; a ledger for the wrong county names thousands of
        unknown units. So a bigram index narrows the names to the few sharing
        the most rare bigrams with the key before difflib ranks them, and past
        :data:`SUGGESTION_BUDGET` distinct keys no more suggestions are made
        (the issue list is capped long before that).
        """
        cached = self._hints.get(key)
        if cached is not None:
            return cached
        if len(self._hints) >= SUGGESTION_BUDGET:
            return ()
        names = self._candidates(key) if len(self._described) > _SCAN_ALL else self._names_list
        close = difflib.get_close_matches(key, names, n=6, cutoff=0.5)
        hints = tuple(dict.fromkeys(self._described[k] for k in close))[:3]
        self._hints[key] = hints
        return hints

    def _candidates(self, key: str) -> list[str]:
        if self._bigrams is None:
            self._bigrams = defaultdict(list)
            for index, name in enumerate(self._names_list):
                for gram in _bigrams(name):
                    self._bigrams[gram].append(index)
        postings = sorted((self._bigrams.get(g, ()) for g in _bigrams(key)), key=len)
        shared: Counter[int] = Counter()
        budget = _POSTINGS_BUDGET
        for posting in postings:
            # The rarest bigrams say most about a name; the commonest (单位, 分局) say
            # little and would make every lookup touch every name.
            if not posting:
                continue
            if budget <= 0:
                break
            shared.update(posting)
            budget -= len(posting)
        return [self._names_list[i] for i, _ in shared.most_common(_SHORTLIST)]


def _bigrams(key: str) -> set[str]:
    padded = f"\x02{key}\x03"  # so that one-letter keys and word edges have bigrams too
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


def load_units(root: Path, issues: IssueCollector) -> LoadedUnits | None:
    """Read the units file; ``None`` when there is none (or it cannot be read at all)."""
    present = [name for name in UNIT_FILES if os.path.lexists(root / name)]
    if not present:
        issues.add(DataIssue(" or ".join(UNIT_FILES), "the units file is missing / 缺少单位文件",
                             expected="units.toml with [[unit]] tables, or units.csv"))
        return None
    if len(present) > 1:
        issues.add(DataIssue(present[1], "two units files / 存在两个单位文件",
                             value=" and ".join(present), expected="keep only one of them"))
    name = present[0]
    file = dataset_path(root, name, issues)
    if file is None:
        return None
    before = len(issues)
    rows = _toml_rows(file, name, issues) if name.endswith(".toml") else \
        _csv_rows(file, name, issues)
    if rows is None:
        if len(issues) == before:  # an empty CSV file
            issues.add(DataIssue(name, "the units file lists no units / 单位文件中没有单位",
                                 expected="at least the applicant units"))
        return None
    units = _resolve(rows, name, issues)
    if not units and len(issues) == before:
        issues.add(DataIssue(name, "the units file lists no units / 单位文件中没有单位",
                             expected="at least the applicant units"))
    tree = None
    if len(issues) == before:
        try:
            tree = UnitTree.build(units, source=name)
        except DatasetError as exc:  # cycles
            issues.extend(exc.issues)
    return LoadedUnits(name, units, tree)


def _parse_kind(text: str | None) -> UnitKind | ValueError:
    if text is None:
        return UnitKind.OTHER
    try:
        return UnitKind.parse(text)
    except ValueError as exc:
        return exc


_KIND_EXPECTED = "one of " + ", ".join(f"{k.value} ({k.label.zh})" for k in UnitKind)


def _toml_rows(file: Path, name: str, issues: IssueCollector) -> list[_Row] | None:
    source = TomlSource.read(file, name, issues)
    if source is None:
        return None
    top = TableReader(source, issues, (), source.data, ("unit",))
    rows: list[_Row] = []
    for table in top.tables("unit", _UNIT_KEYS):
        unit_id = table.text("id", required=True)
        label: Label | None
        if table.has("name"):
            label = table.label("name", required=True)
            for extra in ("zh", "en"):
                if table.has(extra):
                    table.report(extra, "give the name once / 名称重复给出", None,
                                 "either name = {zh, en} or zh/en keys, not both")
        else:
            zh, en = table.text("zh"), table.text("en")
            if zh is None and en is None:
                table.report("name", "required key is missing / 缺少必填项", None,
                             'name = { zh = "…", en = "…" } (or zh = "…", en = "…")')
                label = None
            else:
                label = Label.of({"zh": zh, "en": en})
        kind = _parse_kind(table.text("kind"))
        if isinstance(kind, ValueError):
            table.report("kind", "unknown unit kind / 未知的单位类型", table.data.get("kind"),
                         _KIND_EXPECTED)
        parent = table.text("parent")
        attributes = _toml_attributes(table, source, issues)
        if unit_id is not None:
            # A unit with a bad name or kind is reported once and kept under its id, so that
            # its children and its evidence do not each report it again as unknown.
            path = table.path
            rows.append(_Row(_unit(unit_id, label, kind, parent, attributes),
                             source.line(path), f"unit[{int(path[-1]) + 1}]."))
    return rows


def _toml_attributes(table: TableReader, source: TomlSource, issues: IssueCollector
                     ) -> dict[str, float | bool | str]:
    """``attributes = { staff = 120, window = true }``, each value checked where it stands."""
    if not table.has("attributes"):
        return {}
    raw = table.data["attributes"]
    reader = TableReader(source, issues, (*table.path, "attributes"), raw,
                         raw.keys() if isinstance(raw, dict) else ())
    out: dict[str, float | bool | str] = {}
    for name, value in reader.data.items():
        if not _ATTRIBUTE_NAME.match(name):
            reader.report(name, "not an attribute name / 属性名无效", name,
                          "a name without spaces or the signs < > = ! (e.g. staff, 窗口)")
            continue
        parsed = _attribute_value(value)
        if parsed is None:
            reader.report(name, "not an attribute value / 属性值无效", value, _ATTRIBUTE_EXPECTED)
            continue
        out[name] = parsed
    return out


def _attribute_value(value: object, *, cell: bool = False) -> float | bool | str | None:
    """A unit attribute as typed: bool, finite number or word; ``None`` if it is none of them.

    A CSV cell is text, so there numbers and yes/no words are recognised in it.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str) or not value.strip() or control_characters(value):
        return None
    text = value.strip()
    if cell:
        folded = text.casefold()
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text
        return number if math.isfinite(number) else None
    return text


def _unit(unit_id: str, label: Label | None, kind: UnitKind | ValueError,
          parent: str | None, attributes: Mapping[str, float | bool | str] | None = None
          ) -> Unit:
    return Unit(unit_id, label or Label(unit_id, unit_id),
                kind if isinstance(kind, UnitKind) else UnitKind.OTHER, parent,
                attributes=dict(attributes or {}))


def _csv_rows(file: Path, name: str, issues: IssueCollector) -> list[_Row] | None:
    rows: list[_Row] = []
    found = False
    # the rows must be read inside the loop: the file closes when the generator ends
    for table in csv_tables(file, name, UNIT_COLUMNS, UNIT_REQUIRED, issues):
        found = True
        # Every column that names no unit field is an attribute (职工人数, 窗口单位 …), so
        # it is read, not warned about; a second column for a known field still is.
        extra = {col: text for col, (text, field) in table.header.unread.items()
                 if field is None}
        header = evolve(table.header, unread={col: named for col, named
                                              in table.header.unread.items()
                                              if col not in extra})
        table = evolve(table, header=header)
        if not check_header(table, UNIT_COLUMNS, UNIT_REQUIRED, issues):
            return None
        positions = table.header.columns
        names: Mapping[str, str] = table.header.names
        for number, row in table.rows:
            values = {f: _cell(row, positions.get(f, -1)) for f in UNIT_COLUMNS}
            if not any(values.values()):
                continue
            refused: set[str] = set()
            for field in UNIT_COLUMNS:
                # the raw cell: stripping would silently drop a leading \v or \x1f
                index = positions.get(field, -1)
                raw = row[index] if 0 <= index < len(row) else None
                bad = control_characters(raw) if isinstance(raw, str) else ""
                if bad:
                    refused.add(field)
                    issues.add(DataIssue(name, f"{CONTROL_MESSAGE}: {bad}", line=number,
                                         field=names.get(field, field), value=raw,
                                         expected=CONTROL_EXPECTED))
                    values[field] = ""
            for field in UNIT_REQUIRED:
                if not values[field] and field not in refused:
                    issues.add(DataIssue(name, EMPTY, line=number, field=names[field],
                                         expected="a unit id" if field == "id" else
                                         "the unit's Chinese name"))
            kind = _parse_kind(values["kind"] or None)
            if isinstance(kind, ValueError):
                issues.add(DataIssue(name, "unknown unit kind / 未知的单位类型", line=number,
                                     field=names["kind"], value=values["kind"],
                                     expected=_KIND_EXPECTED))
            attributes: dict[str, float | bool | str] = {}
            for index, header_text in extra.items():
                raw = row[index] if index < len(row) else None
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    continue  # a blank cell: the unit does not have the attribute
                parsed = _attribute_value(raw, cell=True)
                if parsed is None:
                    issues.add(DataIssue(name, "not an attribute value / 属性值无效", line=number,
                                         field=header_text, value=raw,
                                         expected=_ATTRIBUTE_EXPECTED))
                    continue
                attributes[header_text] = parsed
            if values["id"]:  # kept under its id even when reported (see _toml_rows)
                zh = values["zh"]
                label = Label(zh, values["en"] or zh) if zh else None
                rows.append(_Row(_unit(values["id"], label, kind, values["parent"] or None,
                                       attributes), number, "", names))
    return rows if found else None


def _cell(row: Sequence[object], index: int) -> str:
    return text_cell(row[index]) if 0 <= index < len(row) else ""


def _resolve(rows: list[_Row], source: str, issues: IssueCollector) -> tuple[Unit, ...]:
    """Reject duplicate ids (naming both places) and resolve parents given by name."""
    first: dict[str, _Row] = {}
    for row in rows:
        if row.unit.id in first:
            other = first[row.unit.id]
            issues.add(DataIssue(source, "duplicate unit id / 单位编号重复", line=row.line,
                                 field=row.name("id"), value=row.unit.id,
                                 expected=f"each unit id once (first used at line {other.line})"))
        else:
            first[row.unit.id] = row
    lookup = UnitLookup((r.unit for r in first.values()), source)
    out: list[Unit] = []
    for row in first.values():
        unit = row.unit
        if unit.parent is not None:
            try:
                parent = lookup.resolve(unit.parent)
            except CellError as exc:
                issues.add(DataIssue(source, "parent is not a known unit / 上级单位不存在",
                                     line=row.line, field=row.name("parent"),
                                     value=unit.parent,
                                     expected=(exc.expected or "").replace(
                                         "a unit id or name", "the id or name of another unit")))
                parent = None
            if parent is not None and parent != unit.parent:
                unit = evolve(unit, parent=parent)
        out.append(unit)
    return tuple(out)
