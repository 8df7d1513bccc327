"""Reading a rubric's ``[[vetoes]]`` (否决项): codes, trace, whose records, which records.

Kept apart from :mod:`wenming.rubric.loader` so the loader calls one function
per veto. Every problem goes to the loader's reader with the veto's path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from wenming.model.labels import Label
from wenming.rubric.document import BASES, COUNTED_FROM, Veto
from wenming.rubric.shapes import read_subject

__all__ = ["VETO_KEYS", "read_veto"]

#: The keys a veto accepts.
VETO_KEYS = frozenset({"code", "title", "kinds", "lookback_months", "consequence", "deduct",
                       "subject", "source", "basis", "interprets", "refs", "tags",
                       "rate_below", "counted_from"})

_SOURCE_EXPECTED = "a reference to the clause, e.g. \"《…测评体系》否决项1\""


class _Reader(Protocol):
    def issue(self, path: str, message: str, value: object = None,
              expected: str | None = None) -> None: ...

    def label(self, table: Mapping[str, Any], key: str, path: str, *,
              required: bool = True) -> Label: ...

    def choice(self, table: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...],
               default: str) -> str: ...

    def text(self, table: Mapping[str, Any], key: str, path: str,
             expected: str) -> str | None: ...

    def number(self, table: Mapping[str, Any], key: str, path: str, *,
               required: bool = True) -> float | None: ...


def read_veto(raw: Mapping[str, Any], path: str, reader: _Reader,
              kinds: Callable[[Any, str], list[str]], seen: dict[str, str]) -> Veto:
    """One veto; ``kinds`` resolves kind names, ``seen`` maps codes to where they were given."""
    code = raw.get("code")
    if not isinstance(code, str | int) or isinstance(code, bool) or str(code).strip() == "":
        reader.issue(f"{path}.code", "missing / 缺少否决项编号", code,
                     "the veto's code as the document numbers it, e.g. \"否1\"")
        code = ""
    code = str(code)
    if code and code in seen:
        reader.issue(f"{path}.code", "veto code used twice / 否决项编号重复", code,
                     f"a code unique among the rubric's vetoes ({seen[code]} has it)")
    elif code:
        seen[code] = path
    lookback = raw.get("lookback_months", 24)
    if isinstance(lookback, bool) or not isinstance(lookback, int) or lookback <= 0:
        reader.issue(f"{path}.lookback_months", "not a positive whole number", lookback,
                     "months, e.g. 24")
        lookback = 24
    basis = reader.choice(raw, "basis", path, BASES, "seed")
    interprets = reader.text(raw, "interprets", path,
                             "the words of the document this choice reads, e.g. \"严重\"")
    if interprets is not None and basis != "choice":
        reader.issue(f"{path}.interprets", "interprets is only for a rubric choice / "
                     "仅细则自定的规则才需注明所解释的原文", interprets,
                     'basis = "choice", or no interprets')
    rate_below = raw.get("rate_below")
    if rate_below is not None and (isinstance(rate_below, bool)
                                   or not isinstance(rate_below, int | float)
                                   or not math.isfinite(rate_below)
                                   or not 0 < rate_below <= 100):
        reader.issue(f"{path}.rate_below", "not a percentage / 不是有效的百分比", rate_below,
                     "a rate in (0, 100]: the veto holds when a survey record of its kinds "
                     "measured less, e.g. 60")
        rate_below = None
    subject_tags, subject_units = read_subject(reader, raw, path)
    return Veto(
        code=code, title=reader.label(raw, "title", path),
        kinds=tuple(kinds(raw.get("kinds"), f"{path}.kinds")),
        lookback_months=lookback,
        consequence=reader.choice(raw, "consequence", path, ("disqualify", "deduct"),
                                  "disqualify"),
        deduct=reader.number(raw, "deduct", path, required=False) or 0.0,
        subject_tags=subject_tags, subject_units=subject_units,
        source=reader.text(raw, "source", path, _SOURCE_EXPECTED), basis=basis,
        interprets=interprets, refs=_names(raw, "refs", path, reader),
        tags=_names(raw, "tags", path, reader),
        rate_below=None if rate_below is None else float(rate_below),
        counted_from=reader.choice(raw, "counted_from", path, COUNTED_FROM, "event"))


def _names(raw: Mapping[str, Any], key: str, path: str, reader: _Reader) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        reader.issue(f"{path}.{key}", f"expected a list of {key} / 应为名称列表", value,
                     '["窗口服务", …]' if key == "tags" else '["provincial-18/否1", …]')
        return ()
    return tuple(v.strip() for v in value)
