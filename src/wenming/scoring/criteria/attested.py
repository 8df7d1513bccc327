"""``attested``: a score taken from an assessor's on-site record."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered


@frozen
class AttestedParams:
    ref: str
    kinds: tuple[str, ...] = ("onsite-assessment",)
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_attested(params: AttestedParams, ctx: EvalContext) -> Sequence[Check]:
    """The latest assessor record wins; with none, a person must assess it."""
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    store = ctx.dataset.store
    rows = ctx.rows(params.kinds, window)
    naming = [code for code, refs in enumerate(store.ref_sets) if params.ref in refs]
    rows = store.in_order(rows[np.isin(store.refs[rows], naming)])
    label = Label(f"实地考察：{params.ref}", f"On-site assessment: {params.ref}")
    if not rows.size:
        return [Check(label, 1, 0, manual=True, deadline=window.end)]
    latest = store.record(int(rows[-1]))
    if latest.score is None:
        return [Check(label, 1, 0, manual=True, evidence=(latest.id,),
                      note=Label(f"记录 {latest.id} 无评分，需人工评定",
                                 f"record {latest.id} has no score; needs manual assessment"))]
    score = max(0.0, min(100.0, latest.score))
    return [Check(label, 1, 1, evidence=(latest.id,), unit=latest.unit, score=score)]


ATTESTED = CriterionType(
    "attested", AttestedParams, evaluate_attested,
    Label("按评估人员实地考察评分", "Scored from an assessor's on-site record"))
