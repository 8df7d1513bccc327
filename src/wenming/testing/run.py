"""Running cases: build the dataset, score it, compare with what the case expects."""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable
from types import ModuleType

from wenming.errors import DataIssue, WenmingError
from wenming.plugins.manager import PluginHost
from wenming.scoring import Scorecard, Scorer
from wenming.testing.cases import Case, CaseFileError, CaseResult, Mismatch, num
from wenming.testing.hosts import make_host

__all__ = ["import_plugins", "run_case"]

def import_plugins(names: Iterable[str], *, origin: str = "<cases>") -> tuple[ModuleType, ...]:
    """Import plugin modules by dotted name, e.g. ``wenming_rubric_example.plugin``."""
    modules: list[ModuleType] = []
    issues: list[DataIssue] = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError as error:
            issues.append(DataIssue(origin, f"cannot import plugin module: {error}",
                                    field="plugins", value=name,
                                    expected="an importable module (is its package installed?)"))
    if issues:
        raise CaseFileError(origin, issues)
    return tuple(modules)


def run_case(case: Case, *plugins: ModuleType | object, host: PluginHost | None = None
             ) -> CaseResult:
    """Build the case's dataset, score it and compare with what the case expects.

    Scoring uses a fresh host (autoload off) with ``plugins`` or, if none are
    given, with the modules the case file names. Pass ``host`` to reuse one
    host across cases. The dataset is built with the host's vocabulary, so
    rows may use evidence kinds that plugins add.
    """
    if host is None:
        host = make_host(*(plugins or import_plugins(case.plugins, origin=case.origin)))
    expect = case.expect
    try:
        dataset = case.build_dataset(host.vocabulary())
        card = Scorer(host).score(dataset, case.rubric, case.as_of, case.unit)
    except (WenmingError, KeyError, ValueError) as error:
        message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
        if expect.error is not None and expect.error.casefold() in message.casefold():
            return CaseResult(case, None, (), message)
        wanted = f"an error containing {expect.error!r}" if expect.error else "a scorecard"
        return CaseResult(case, None, (Mismatch("outcome", wanted,
                                                f"{type(error).__name__}: "
                                                f"{_first_line(message)}"),), message)
    if expect.error is not None:
        return CaseResult(case, card, (Mismatch("outcome", f"an error containing "
                                                          f"{expect.error!r}",
                                                "a scorecard"),))
    return CaseResult(case, card, tuple(_compare(case, card)))


def _compare(case: Case, card: Scorecard) -> Iterable[Mismatch]:
    expect, tol = case.expect, case.tolerance
    at = f"{case.path}.expect"

    def number(what: str, wanted: float | None, actual: float,
               item: str | None = None) -> Iterable[Mismatch]:
        if wanted is not None and not math.isclose(wanted, actual, rel_tol=0, abs_tol=tol):
            yield Mismatch(what, num(wanted), num(actual), item)

    yield from number(f"{at}.total", expect.total, card.total)
    yield from number(f"{at}.maximum", expect.maximum, card.maximum)
    if expect.verdict is not None and expect.verdict != (card.verdict or "none"):
        yield Mismatch(f"{at}.verdict", expect.verdict, card.verdict or "none")
    yield from number(f"{at}.bonus", expect.bonus, card.bonus)
    if expect.vetoes is not None:
        triggered = sorted(v.code for v in card.vetoes)
        if sorted(expect.vetoes) != triggered:
            yield Mismatch(f"{at}.vetoes", ", ".join(sorted(expect.vetoes)) or "none",
                           ", ".join(triggered) or "none")
    areas = {area.code: area for area in card.areas}
    for code, points in expect.areas.items():
        if code not in areas:
            yield Mismatch(f"{at}.areas.{_key(code)}", f"{num(points)} points",
                           f"no such area (areas: {', '.join(areas)})")
            continue
        yield from number(f"{at}.areas.{_key(code)}", points, areas[code].points)
    # A case may cite an item as the document does (二.4) or by its code (4).
    cited = {f"{i.area}.{i.code}": c for c, i in card.items.items()
             if i.area and not i.bonus and not c.startswith(f"{i.area}.")}
    for written, wanted in expect.items.items():
        path = f"{at}.items.{_key(written)}"
        code = written if written in card.items else cited.get(written, written)
        if code not in card.items:
            yield Mismatch(path, "an item", f"no such item (items: {', '.join(card.items)})")
            continue
        item = card.items[code]
        if wanted.state is not None and wanted.state is not item.state:
            yield Mismatch(f"{path}.state", wanted.state.value, item.state.value, code)
        yield from number(f"{path}.points", wanted.points, item.points, code)
        yield from number(f"{path}.maximum", wanted.maximum, item.maximum, code)
        if wanted.evidence is not None and sorted(wanted.evidence) != sorted(item.evidence):
            yield Mismatch(f"{path}.evidence", ", ".join(sorted(wanted.evidence)) or "none",
                           ", ".join(sorted(item.evidence)) or "none", code)
        texts = [text for finding in item.findings for text in (finding.zh, finding.en)]
        for needle in wanted.findings:
            if not any(needle.casefold() in text.casefold() for text in texts):
                yield Mismatch(f"{path}.findings", f"a finding containing {needle!r}",
                               "none such", code)


def _key(code: str) -> str:
    """A key as TOML writes it: bare when it can be, quoted otherwise (``"6"``, ``"加1"``)."""
    bare = code.replace("-", "").replace("_", "")
    return code if bare.isascii() and bare.isalpha() else f'"{code}"'


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text
