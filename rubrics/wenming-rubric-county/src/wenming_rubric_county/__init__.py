"""wenming rubric plugin: an example county-style quantified rubric (考核量化细则).

The wording is invented; the rule shapes — deductions from findings, shared
deduction pools, banded and sloped credit, survey and ratio measures,
conditions on unit attributes, several assessment methods, a veto on a
subject — are the ones real county documents use. The rubric is data
(``rubric.toml`` beside this file); :mod:`.plugin` hands it to wenming.
"""

RUBRIC_ID = "county-example"

__all__ = ["RUBRIC_ID"]
