"""Checking a rubric document against a fresh host, as its tests do."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from wenming.calendar import parse_date
from wenming.dataset import Dataset
from wenming.errors import RubricError, WenmingError
from wenming.model import Label
from wenming.plugins.manager import PluginHost
from wenming.plugins.problems import describe_issues
from wenming.plugins.types import RubricSource
from wenming.scoring import State
from wenming.testing.hosts import make_host

__all__ = ["check_rubric"]

def check_rubric(source_or_path: RubricSource | str | os.PathLike[str],
                 *plugins: ModuleType | object, bilingual: bool = True,
                 dataset: Dataset | None = None, as_of: date | str | None = None) -> list[str]:
    """Check a rubric document against a fresh host; the problems found, empty when valid.

    The host has wenming's built-ins and ``plugins`` (so a rubric may use the
    criterion types and evidence kinds they add) and nothing installed.
    ``source_or_path`` is a :class:`RubricSource`, a path to a TOML file, or
    the TOML text itself (a string holding a line break). Each problem of the
    loader names the line and column of its key: ``file:12:1 [field]: …``. With ``bilingual``
    (the default) every title and label must have both a Chinese and an
    English text. With ``dataset``, the rubric is also scored as of
    ``as_of`` (default: the campaign's last day) and any item that ends in
    the ``error`` state is a problem.
    """
    source = _source(source_or_path)
    if isinstance(source, str):
        return [source]
    try:
        host = make_host(*plugins)
        types, vocabulary = host.criterion_types(), host.vocabulary()
    except WenmingError as error:
        return [f"the plugins cannot be loaded: {error}"]
    from wenming.rubric import load_rubric

    try:
        rubric = load_rubric(source, criterion_types=types, vocabulary=vocabulary,
                             provider="check_rubric")
    except RubricError as error:
        located = [line for line in describe_issues(error.issues, source.text, source.origin,
                                                    types) if not line.startswith("    ")]
        return located or [str(error)]
    problems: list[str] = []
    if bilingual:
        problems += _monolingual(source, rubric)
    if dataset is not None:
        problems += _scoring_errors(host, rubric, dataset, as_of)
    return problems


def _source(value: RubricSource | str | os.PathLike[str]) -> RubricSource | str:
    if isinstance(value, RubricSource):
        return value
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return RubricSource(value, "<rubric text>")
    path = Path(value)
    try:
        return RubricSource(path.read_text("utf-8"), str(path))
    except OSError as error:
        return f"{path}: cannot read the rubric document: {error}"


def _monolingual(source: RubricSource, rubric: Any) -> list[str]:
    problems: list[str] = []

    def check(label: Label | None, what: str, *, optional: bool = False) -> None:
        if label is None or (optional and not label.zh and not label.en):
            return
        if not label.zh or not label.en:
            problems.append(f"{source.origin} [{what}]: a label needs both texts; "
                            "expected { zh = …, en = … }")
        elif label.zh == label.en:
            problems.append(f"{source.origin} [{what}]: one text for both languages "
                            f"({label.zh!r}); expected {{ zh = …, en = … }}")

    check(rubric.title, "title")
    check(rubric.issuer, "issuer", optional=True)
    for area in rubric.areas:
        check(area.title, f"area {area.code} title")
    for item in (*rubric.items(), *rubric.bonuses):
        check(item.title, f"item {item.code} title")
        check(item.remediation, f"item {item.code} remediation", optional=True)
        for index, criterion in enumerate(item.criteria):
            check(criterion.label, f"item {item.code} criteria[{index}] label")
    for veto in rubric.vetoes:
        check(veto.title, f"veto {veto.code} title")
    return problems


def _scoring_errors(host: PluginHost, rubric: Any, dataset: Dataset,
                    as_of: date | str | None) -> list[str]:
    from wenming.scoring import score_rubric

    day = (as_of if isinstance(as_of, date) else parse_date(as_of)) if as_of is not None \
        else dataset.campaign.end
    card = score_rubric(rubric, dataset, day, host.criterion_types())
    return [f"{rubric.origin} [item {code}]: scoring ends in an error: "
            + "; ".join(c.error or "" for c in item.criteria if c.error)
            for code, item in card.items.items() if item.state is State.ERROR]
