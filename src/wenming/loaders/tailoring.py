"""``waivers.toml`` and ``overlays/<rubric-id>.toml``: local tailoring kept beside the data.

Whether a waived or re-weighted item exists is only known once rubrics are
loaded, so here the files are checked for form; the scorer checks codes.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any, Final

from wenming.loaders.collector import IssueCollector
from wenming.loaders.toml_source import TableReader, TomlSource, dataset_path, render_path
from wenming.model.tailoring import Overlay, Waiver

__all__ = ["OVERLAY_FOLDER", "WAIVERS_FILE", "load_overlays", "load_waivers"]

WAIVERS_FILE: Final = "waivers.toml"
OVERLAY_FOLDER: Final = "overlays"
_WAIVER_KEYS: Final = ("rubric", "item", "by", "reason", "until", "unit")
_OVERLAY_KEYS: Final = ("note", "drop", "total", "pass_line", "points", "criteria")


def load_waivers(
    root: Path, unit_ids: Collection[str] | None, issues: IssueCollector
) -> tuple[Waiver, ...]:
    """Every ``[[waiver]]``; ``unit_ids`` (when known) checks the optional ``unit``."""
    file = dataset_path(root, WAIVERS_FILE, issues)
    if file is None:
        return ()
    source = TomlSource.read(file, WAIVERS_FILE, issues)
    if source is None:
        return ()
    top = TableReader(source, issues, (), source.data, ("waiver",))
    waivers: list[Waiver] = []
    for table in top.tables("waiver", _WAIVER_KEYS):
        rubric = table.text("rubric", required=True)
        item = table.text("item", required=True)
        by = table.text("by", required=True)
        reason = table.text("reason", required=True, multiline=True)
        until = table.day("until")
        unit = table.text("unit")
        if unit is not None and unit_ids is not None and unit not in unit_ids:
            table.report("unit", "the waiver names an unknown unit / 豁免所指单位不存在", unit,
                         "a unit id from the units file (or leave unit out for every unit)")
        if table.ok and rubric and item and by and reason:
            waivers.append(Waiver(rubric, item, by, reason, until, unit,
                                  f"{WAIVERS_FILE}:{source.line(table.path)}"))
    return tuple(waivers)


def load_overlays(root: Path, issues: IssueCollector) -> tuple[Overlay, ...]:
    """One overlay per ``overlays/*.toml``; the file's stem is the rubric id."""
    folder = dataset_path(root, OVERLAY_FOLDER, issues, folder=True)
    if folder is None:
        return ()
    overlays: list[Overlay] = []
    for found in sorted(folder.glob("*.toml")):
        name = f"{OVERLAY_FOLDER}/{found.name}"
        file = dataset_path(root, name, issues)
        if file is None:
            continue
        source = TomlSource.read(file, name, issues)
        if source is None:
            continue
        table = TableReader(source, issues, (), source.data, _OVERLAY_KEYS)
        note = table.text("note", multiline=True) or ""
        drop = table.texts("drop") or ()
        total = table.number("total")
        pass_line = table.number("pass_line")
        if total is not None and total <= 0:
            table.report("total", "the total must be positive / 总分必须大于0", total,
                         "a number greater than 0")
        if total is not None and pass_line is not None and pass_line > total:
            table.report("pass_line", "the pass line is above the total / 合格线高于总分",
                         pass_line, f"at most {total:g}")
        points: dict[str, float] = {}
        weights_ok = True
        if table.has("points"):
            weights = TableReader(source, issues, ("points",), table.data["points"],
                                  table.data["points"] if isinstance(table.data["points"], dict)
                                  else ())
            for code in weights.data:
                value = weights.number(code)
                if value is not None:
                    points[code] = value
            weights_ok = weights.ok
            both = sorted(set(points) & set(drop))
            if both:
                table.report("drop", "an item is both dropped and re-weighted / "
                             "同一项既被删除又被调整分值", ", ".join(both),
                             "each item code either in drop or in [points]")
        criteria, criteria_lines = _criteria(source, table, issues)
        if table.ok and weights_ok:
            lines = {render_path(path): line for path in (("drop",), *(
                     ("points", code) for code in points)) if (line := source.line(path))}
            overlays.append(Overlay(file.stem, points, drop, total, pass_line, note, name,
                                    {**lines, **criteria_lines}, criteria))
    return tuple(overlays)


def _criteria(source: TomlSource, table: TableReader, issues: IssueCollector
              ) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """``[[criteria]]``: a criterion id and the parameters it takes instead of the rubric's.

    Which parameters a criterion has is known only once rubrics are loaded, so
    every key but ``id`` is kept here and checked by the scorer.
    """
    raw = table.data.get("criteria")
    if raw is None:
        return {}, {}
    if not isinstance(raw, list):
        table.report("criteria", "expected an array of tables / 应为表数组", None,
                     "[[criteria]] tables, each with an id")
        return {}, {}
    criteria: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    for index, data in enumerate(raw):
        entry = TableReader(source, issues, ("criteria", index), data,
                            data if isinstance(data, dict) else ())
        criterion_id = entry.text("id", required=True)
        if criterion_id is None:
            table.ok = False
            continue
        if criterion_id in criteria:
            entry.report("id", "a criterion is changed twice / 同一评分细则被调整两次",
                         criterion_id, "one [[criteria]] table per criterion id")
            table.ok = False
            continue
        criteria[criterion_id] = {k: v for k, v in entry.data.items() if k != "id"}
        for key in entry.data:
            line = source.line(("criteria", index, key))
            if line is not None:
                lines["criteria." + criterion_id + ("" if key == "id" else f".{key}")] = line
    return criteria, lines
