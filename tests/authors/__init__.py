"""An author's package inside the tests (not shipped): one clause of every rule shape as data.

``clauses.toml`` encodes them, ``kinds.toml`` adds the kinds they count, and
``plugin.py`` registers both the way a published rubric package would. The
tests use only the public kit: :class:`wenming.testing.DatasetBuilder` in
``test_clauses.py`` and the case files ``*.cases.toml`` beside it (#24).
"""
