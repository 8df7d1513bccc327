"""Read a page's forms as a browser would submit them (stdlib HTML parser, no browser)."""

from __future__ import annotations

from html.parser import HTMLParser


class Forms(HTMLParser):
    """Every ``<form>``: its action and the fields it would send untouched."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._action: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._action = a.get("action", "")
            self.forms[self._action] = []
        elif self._action is None:
            return
        elif tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind != "file":
                self.forms[self._action].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
            self._pending = a.get("value")

    def handle_data(self, data: str) -> None:
        if self._select is not None and self._options and self._pending is None:
            value, selected = self._options[-1]
            if not value:
                self._options[-1] = (data, selected)
        self._pending = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None
        elif tag == "select" and self._select is not None and self._action is not None:
            chosen = [v for v, s in self._options if s] or [v for v, _ in self._options[:1]]
            self.forms[self._action] += [(self._select, v) for v in chosen]
            self._select = None

    _pending: str | None = None
