"""Survey results in a ledger row: 满意率, 样本量, 分子, 分母.

The cell rules are the ones of :mod:`wenming.loaders.cells` (a rate is a
percentage like a score, a sample a head count); only the messages name the
survey field, so a clerk is told which column is wrong. Both the row reader
and the batch reader use :func:`read_measures`, so they agree on what is valid.
"""

from __future__ import annotations

from typing import Final

from wenming.loaders.cells import (
    AMOUNT_EXPECTED,
    COUNT_EXPECTED,
    PERCENT_EXPECTED,
    CellError,
    amount_cell,
    count_cell,
    percent_cell,
)
from wenming.store import Measures

__all__ = ["MEASURE_FIELDS", "read_measures"]

#: The survey fields, in :data:`~wenming.loaders.headers.EVIDENCE_FIELDS` order.
MEASURE_FIELDS: Final = ("rate", "sample", "numerator", "denominator")
_NUMBER_EXPECTED: Final = AMOUNT_EXPECTED.replace("of yuan ", "")


def _blank(value: object) -> bool:
    return value is None or value == ""


def read_measures(rate: object, sample: object, numerator: object, denominator: object,
                  errors: list[tuple[int, CellError, object]], first: int) -> Measures | None:
    """The row's survey result (``None`` if it has none); problems go to ``errors``.

    ``first`` is the index of the rate field, so each problem names its own column.
    """
    if _blank(rate) and _blank(sample) and _blank(numerator) and _blank(denominator):
        return None
    out: list[float | int | None] = [None, None, None, None]
    for index, (raw, parse, message, expected) in enumerate((
            (rate, percent_cell,
             "rate is not a percentage from 0 to 100 / 比率应为0到100之间的百分数",
             PERCENT_EXPECTED),
            (sample, count_cell, "sample size must be a non-negative whole number / "
             "样本量必须是非负整数", COUNT_EXPECTED.replace("of people ", "")),
            (numerator, amount_cell, "numerator is not a non-negative number / 分子不是非负数",
             _NUMBER_EXPECTED),
            (denominator, amount_cell,
             "denominator is not a non-negative number / 分母不是非负数", _NUMBER_EXPECTED))):
        if _blank(raw):
            continue
        try:
            out[index] = parse(raw)
        except CellError:
            errors.append((first + index, CellError(message, expected), raw))
    _, _, num, den = out
    if _blank(numerator) != _blank(denominator):
        missing = 2 if _blank(numerator) else 3
        errors.append((first + missing, CellError(
            "a survey needs both numerator and denominator / 分子和分母须同时填写",
            "the number asked (分母) beside the number who said yes (分子)"), None))
    if num is not None and den is not None:
        if den <= 0:
            errors.append((first + 3, CellError(
                "denominator must be above zero / 分母必须大于零",
                "the number of people asked, at least 1"), denominator))
        elif num > den:
            errors.append((first + 2, CellError(
                "numerator is larger than the denominator / 分子大于分母",
                f"at most the denominator ({den:g})"), numerator))
    rate_value, sample_value = out[0], out[1]
    return (None if rate_value is None else float(rate_value),
            None if sample_value is None else int(sample_value),
            None if num is None else float(num), None if den is None else float(den))
