"""Checking a dataset's waivers and overlays against the rubrics that are installed.

Loading a dataset does not know the rubrics: ``waivers.toml`` and
``overlays/<rubric-id>.toml`` are only checked for form there. Without this
check a typo (an overlay file ``provincal-18.toml``, a waiver for item
``99``) would be ignored and the unit scored untailored without a word. So
every place that has both the dataset and the rubrics (the Scorer, ``wenming
validate``) runs it, and each typo becomes an issue at the file, line and key
that hold it, with the closest valid value.
"""

from __future__ import annotations

from collections.abc import Mapping

from wenming.dataset import Dataset
from wenming.errors import DataIssue, DatasetError
from wenming.loaders.tailoring import OVERLAY_FOLDER, WAIVERS_FILE
from wenming.rubric.document import Rubric
from wenming.rubric.overlay import did_you_mean, overlay_issues

__all__ = ["check_tailoring", "raise_for_tailoring"]


def check_tailoring(dataset: Dataset, rubrics: Mapping[str, Rubric]) -> list[DataIssue]:
    """Every waiver and overlay of ``dataset`` that names a rubric or item not in ``rubrics``."""
    issues: list[DataIssue] = []
    installed = ", ".join(rubrics) or "none"
    for rubric_id in sorted(dataset.overlays):
        overlay = dataset.overlays[rubric_id]
        rubric = rubrics.get(rubric_id)
        if rubric is not None:
            issues += overlay_issues(rubric, overlay)
            continue
        issues.append(DataIssue(
            overlay.source or f"{OVERLAY_FOLDER}/{rubric_id}.toml",
            "the overlay is for a rubric that is not installed / 调整文件对应的测评细则未安装",
            value=rubric_id,
            expected=f"a file named after an installed rubric, {OVERLAY_FOLDER}/<rubric-id>.toml "
                     f"(installed: {installed})" + did_you_mean(rubric_id, rubrics)))
    for index, waiver in enumerate(dataset.waivers):
        where, line = _place(waiver.source)
        rubric = rubrics.get(waiver.rubric)
        if rubric is None:
            issues.append(DataIssue(
                where, "the waiver names a rubric that is not installed / 豁免所指测评细则未安装",
                line=line, field=f"waiver[{index + 1}].rubric", value=waiver.rubric,
                expected=f"an installed rubric id (installed: {installed})"
                         + did_you_mean(waiver.rubric, rubrics)))
            continue
        # Bonus items are evaluated, and so waived, like the others.
        codes = [item.code for item in rubric.items()] + [b.code for b in rubric.bonuses]
        if rubric.item_code(waiver.item) is None:
            issues.append(DataIssue(
                where, "the waiver names an item the rubric does not have / "
                       "豁免所指测评项目在细则中不存在",
                line=line, field=f"waiver[{index + 1}].item", value=waiver.item,
                expected=f"an item code of rubric {rubric.id}: {', '.join(codes)}"
                         + did_you_mean(waiver.item, codes)))
    return issues


def raise_for_tailoring(dataset: Dataset, rubrics: Mapping[str, Rubric]) -> None:
    """Raise :class:`DatasetError` listing :func:`check_tailoring`'s issues, if any."""
    if not dataset.waivers and not dataset.overlays:
        return  # most datasets tailor nothing; the scorer calls this for every card
    issues = check_tailoring(dataset, rubrics)
    if issues:
        plural = "s" if len(issues) != 1 else ""
        raise DatasetError(issues, f"{len(issues)} problem{plural} in the dataset's waivers "
                                   "and overlays / 豁免与本地调整有误")


def _place(source: str | None) -> tuple[str, int | None]:
    """``"waivers.toml:12"`` → ``("waivers.toml", 12)``."""
    if source is None:
        return WAIVERS_FILE, None
    where, _, line = source.rpartition(":")
    return (where, int(line)) if where and line.isdigit() else (source, None)
