"""The units file (``units.toml`` or ``units.csv``) and looking units up by id or name."""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from attrs import frozen

from wenming.errors import DataIssue, DatasetError
from wenming.loaders.cells import EMPTY, CellError, text_cell
from wenming.loaders.collector import IssueCollector
from wenming.loaders.headers import UNIT_COLUMNS, UNIT_REQUIRED
from wenming.loaders.tables import check_header, csv_tables
from wenming.loaders.toml_source import TableReader, TomlSource
from wenming.model import Label, Unit, UnitKind, UnitTree

__all__ = ["UNIT_FILES", "LoadedUnits", "UnitLookup", "load_units"]

UNIT_FILES = ("units.toml", "units.csv")
_UNIT_KEYS = ("id", "name", "zh", "en", "kind", "parent")


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
                            "one of the unit ids " + ", ".join(self._ambiguous[key]), text)
        close = difflib.get_close_matches(key, list(self._described), n=6, cutoff=0.5)
        hints = tuple(dict.fromkeys(self._described[k] for k in close))[:3]
        hint = "; did you mean " + ", ".join(hints) + "?" if hints else ""
        raise CellError("evidence for an unknown unit / 未知单位",
                        f"a unit id or name from {self.source}{hint}", text)


def load_units(root: Path, issues: IssueCollector) -> LoadedUnits | None:
    """Read the units file; ``None`` when there is none (or it cannot be read at all)."""
    present = [name for name in UNIT_FILES if (root / name).is_file()]
    if not present:
        issues.add(DataIssue(" or ".join(UNIT_FILES), "the units file is missing / 缺少单位文件",
                             expected="units.toml with [[unit]] tables, or units.csv"))
        return None
    if len(present) > 1:
        issues.add(DataIssue(present[1], "two units files / 存在两个单位文件",
                             value=" and ".join(present), expected="keep only one of them"))
    name = present[0]
    before = len(issues)
    rows = _toml_rows(root / name, name, issues) if name.endswith(".toml") else \
        _csv_rows(root / name, name, issues)
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
        if unit_id is not None and label is not None and isinstance(kind, UnitKind):
            path = table.path
            rows.append(_Row(Unit(unit_id, label, kind, parent), source.line(path),
                             f"unit[{int(path[-1]) + 1}]."))
    return rows


def _csv_rows(file: Path, name: str, issues: IssueCollector) -> list[_Row] | None:
    rows: list[_Row] = []
    found = False
    # the rows must be read inside the loop: the file closes when the generator ends
    for table in csv_tables(file, name, UNIT_COLUMNS, UNIT_REQUIRED, issues):
        found = True
        if not check_header(table, UNIT_COLUMNS, UNIT_REQUIRED, issues):
            return None
        positions = table.header.columns
        names: Mapping[str, str] = table.header.names
        for number, row in table.rows:
            values = {f: _cell(row, positions.get(f, -1)) for f in UNIT_COLUMNS}
            if not any(values.values()):
                continue
            ok = True
            for field in UNIT_REQUIRED:
                if not values[field]:
                    issues.add(DataIssue(name, EMPTY, line=number, field=names[field],
                                         expected="a unit id" if field == "id" else
                                         "the unit's Chinese name"))
                    ok = False
            kind = _parse_kind(values["kind"] or None)
            if isinstance(kind, ValueError):
                issues.add(DataIssue(name, "unknown unit kind / 未知的单位类型", line=number,
                                     field=names["kind"], value=values["kind"],
                                     expected=_KIND_EXPECTED))
                ok = False
            if ok and isinstance(kind, UnitKind):
                label = Label(values["zh"], values["en"] or values["zh"])
                rows.append(_Row(Unit(values["id"], label, kind, values["parent"] or None),
                                 number, ""))
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
                                 field=row.field + "id", value=row.unit.id,
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
                                     line=row.line, field=row.field + "parent",
                                     value=unit.parent,
                                     expected=(exc.expected or "").replace(
                                         "a unit id or name", "the id or name of another unit")))
                parent = None
            if parent is not None and parent != unit.parent:
                unit = Unit(unit.id, unit.name, unit.kind, parent)
        out.append(unit)
    return tuple(out)
