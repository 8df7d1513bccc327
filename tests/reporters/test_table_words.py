"""Wrapped columns keep Latin words whole when the table has the room."""

from __future__ import annotations

from wenming.reporters.table import fit_table


def test_a_word_is_not_cut_when_a_wider_column_can_give_room() -> None:
    headers = ["Item", "Findings", "Notes"]
    body = [["Responsibilities assigned", "a b c d " * 30, "e f g h " * 30]]
    text = fit_table(headers, body, 50)
    assert "Responsibilities" in text
    assert max(len(line) for line in text.splitlines()) <= 50


def test_without_room_the_table_still_fits() -> None:
    body = [["Responsibilities", "x"], ["y", "Environmentally"]]
    text = fit_table(["a", "b"], body, 20)
    assert max(len(line) for line in text.splitlines()) <= 20
