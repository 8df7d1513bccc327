"""A loaded rubric as the document its author wrote: every key of every level, as data.

``wenming rubrics show --format json`` prints this beside the reviewer's rows, so
a rubric can be checked key by key against its TOML (and the TOML against the
paper): areas → items → criteria with their rule shapes, bonuses, vetoes, the
pass line and the bonus cap. Keys are the TOML's; labels are ``{zh, en}``,
kinds their resolved ids, methods their ids, conditions their text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from wenming.model.labels import Label
from wenming.rubric.conditions import Condition
from wenming.rubric.document import Area, Criterion, Item, Rubric, Veto

__all__ = ["rubric_document"]


def rubric_document(rubric: Rubric) -> dict[str, Any]:
    """``rubric`` as its TOML document reads, every level and key."""
    return {
        "schema": 1, "id": rubric.id, "version": rubric.version,
        "title": _label(rubric.title), "issuer": _label(rubric.issuer), "level": rubric.level,
        "total": rubric.total, "pass_line": rubric.pass_line, "model": rubric.model,
        "bonus_cap": rubric.bonus_cap, "defaults": _plain(dict(rubric.defaults)),
        "areas": [_area(a) for a in rubric.areas],
        "bonuses": [_item(b) for b in rubric.bonuses],
        "vetoes": [_veto(v) for v in rubric.vetoes],
    }


def _area(area: Area) -> dict[str, Any]:
    return {"code": area.code, "title": _label(area.title), "points": area.points,
            "items": [_item(i) for i in area.items]}


def _item(item: Item) -> dict[str, Any]:
    return {
        "code": item.code, "title": _label(item.title), "points": item.points,
        "method": item.method, "owner": item.owner, "scope": item.scope,
        "remediation": _label(item.remediation), "source": item.source, "pool": item.pool,
        "applies_if": _condition(item.applies_if), "methods": list(item.methods),
        "caps": [{"criteria": list(c.criteria), "most": c.most,
                  "label": _label(c.label) if c.label else None} for c in item.caps],
        "criteria": [_criterion(c) for c in item.criteria],
    }


def _criterion(criterion: Criterion) -> dict[str, Any]:
    params = criterion.params
    raw = ({f.name: getattr(params, f.name) for f in attrs.fields(type(params))}
           if attrs.has(type(params)) else dict(params or {}))
    slope = criterion.slope
    return {
        **_plain(raw),
        "type": criterion.type, "points": criterion.points,
        "label": _label(criterion.label) if criterion.label else None,
        "credit": criterion.credit, "deduct": criterion.deduct,
        "threshold": criterion.threshold, "id": criterion.id, "source": criterion.source,
        "basis": criterion.basis, "interprets": criterion.interprets,
        "bands": [list(b) for b in criterion.bands],
        "slope": ({"from": slope.start, "per": slope.per, "deduct": slope.deduct}
                  if slope else None),
        "applies_if": _condition(criterion.applies_if), "methods": list(criterion.methods),
    }


def _veto(veto: Veto) -> dict[str, Any]:
    subject: dict[str, Any] | None = None
    if veto.subject_tags or veto.subject_units is not None:
        subject = {"tags": list(veto.subject_tags),
                   "unit": veto.subject_units.text if veto.subject_units else None}
    return {
        "code": veto.code, "title": _label(veto.title), "kinds": list(veto.kinds),
        "lookback_months": veto.lookback_months, "consequence": veto.consequence,
        "deduct": veto.deduct, "subject": subject, "source": veto.source,
        "basis": veto.basis, "interprets": veto.interprets, "refs": list(veto.refs),
        "tags": list(veto.tags), "rate_below": veto.rate_below,
        "counted_from": veto.counted_from,
    }


def _label(label: Label) -> dict[str, str]:
    return {"zh": label.zh, "en": label.en}


def _condition(condition: Condition | None) -> dict[str, Any] | None:
    if condition is None:
        return None
    reason = condition.reason
    return {"when": condition.text, "reason": _label(reason) if reason else None}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
