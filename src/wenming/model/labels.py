"""Bilingual labels: every user-facing name in wenming has a zh and an en form."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

Lang = Literal["zh", "en"]


@frozen
class Label:
    """A name or sentence in Chinese and English."""

    zh: str
    en: str

    @classmethod
    def of(cls, value: object, *, default: str = "") -> Label:
        """Build from ``{"zh": ..., "en": ...}``, a plain string (used for both) or a Label."""
        if isinstance(value, Label):
            return value
        if isinstance(value, str):
            return cls(value, value)
        if isinstance(value, dict):
            zh = str(value.get("zh") or value.get("en") or default)
            en = str(value.get("en") or value.get("zh") or default)
            return cls(zh, en)
        if value is None:
            return cls(default, default)
        raise TypeError(f"expected a string or a {{zh, en}} table, got {value!r}")

    def text(self, lang: Lang = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def both(self) -> str:
        return self.zh if self.zh == self.en else f"{self.zh} / {self.en}"

    def __str__(self) -> str:
        return self.both()


#: The label of something that has no name (yet).
EMPTY_LABEL = Label("", "")
