"""The keys an item, a criterion's rule shapes and a veto accept, for ``wenming types``.

Each row is (key, type, default, meaning). ``tests/cli/test_types_keys.py``
checks them against the loader's own lists, so a key the loader learns is
listed here too.
"""

from __future__ import annotations

from typing import Final

from wenming.model.labels import Label

__all__ = ["ITEM_KEYS", "SHAPE_KEYS", "VETO_KEYS"]

Row = tuple[str, str, str, Label]

#: Rule-shape keys every criterion may carry, beside the common ones.
SHAPE_KEYS: Final[tuple[Row, ...]] = (
    ("bands", "[[threshold, share], …]", "—",
     Label("分档：测得值达到阈值即得相应比例", "a measured value at or above a threshold earns "
           "that share, e.g. [[95, 1.0], [80, 0.66]]")),
    ("slope", "{ from, per, deduct }", "—",
     Label("线性扣分：低于 from 每 per 扣 deduct 分", "deduct points per `per` below `from`")),
    ("applies_if", "condition | { when, reason }", "—",
     Label("适用条件（单位属性）", "where it applies: a condition on unit attributes")),
    ("methods", "[method, …]", "—",
     Label("评估方法（材料审核、实地考察…）", "how assessors judge it (材料审核, 实地考察 …)")),
)

ITEM_KEYS: Final[tuple[Row, ...]] = (
    ("code", "str", "required", Label("编号，按原文书写（二.1）", "the code as the document "
                                      "cites it (二.1), unique in the rubric")),
    ("title", "label", "required", Label("名称", "the item's title")),
    ("points", "float", "required", Label("分值", "the item's points")),
    ("criteria", "[[…criteria]]", "required", Label("评分细则", "its criteria")),
    ("source", "str", "—", Label("出处", "the clause it encodes")),
    ("method", "str", "materials", Label("评估方式（旧）", "materials | onsite | survey | report")),
    ("methods", "[method, …]", "—", Label("评估方法", "how assessors judge it")),
    ("owner", "str", "the office", Label("责任单位", "a unit id, task:ID or office")),
    ("scope", "str", "[defaults] scope", Label("范围", "system | applicant")),
    ("remediation", "label", "—", Label("整改建议", "what to do when it falls short")),
    ("pool", "bool", "false", Label("扣分共用本项分值", "the criteria deduct from the item's "
                                   "points together, down to zero")),
    ("applies_if", "condition | { when, reason }", "—",
     Label("适用条件", "where the item applies")),
    ("caps", "[{ criteria, most, label }]", "—",
     Label("部分细则共用扣分上限", "criteria of the item that lose `most` points at most "
           "together")),
)

VETO_KEYS: Final[tuple[Row, ...]] = (
    ("code", "str", "required", Label("编号（唯一）", "the veto's code, unique among vetoes")),
    ("title", "label", "required", Label("名称", "what the veto is")),
    ("kinds", "[kind, …]", "required", Label("触发的证据类型", "evidence kinds that trigger it")),
    ("lookback_months", "int", "24", Label("追溯月数", "months looked back from the "
                                            "declaration (or as-of date)")),
    ("counted_from", "str", "event", Label("起算日", "event | closing (a case's 结案之日)")),
    ("consequence", "str", "disqualify", Label("后果", "disqualify | deduct")),
    ("deduct", "float", "0", Label("扣分", "points off with consequence = deduct")),
    ("subject", "{ tags, unit }", "—", Label("对象", "whose records: tags and/or a condition "
                                              "on units")),
    ("tags", "[tag, …]", "—", Label("记录标签", "only records carrying one of these tags")),
    ("refs", "[ref, …]", "—", Label("考察项", "only records naming one of these refs")),
    ("rate_below", "float", "—", Label("测评结果低于（%）", "only survey results below this "
                                       "rate")),
    ("source", "str", "—", Label("出处", "the clause it encodes")),
    ("basis", "str", "seed", Label("依据", "seed | choice")),
    ("interprets", "str", "—", Label("所解释原文", "words a choice reads")),
)
