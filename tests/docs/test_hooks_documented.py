"""Every hook in wenming.plugins.hookspec has its own section in docs/hooks.md."""

from __future__ import annotations

import re
from pathlib import Path

from wenming.plugins import hookspec

HOOKS_DOC = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"


def hookspecs() -> list[str]:
    # pluggy marks a spec by setting "<project>_spec" on the function.
    marker = f"{hookspec.PROJECT}_spec"
    return sorted(name for name, value in vars(hookspec).items()
                  if callable(value) and hasattr(value, marker))


def sections() -> dict[str, str]:
    """Level-2 headings of docs/hooks.md mapped to the text under them."""
    text = HOOKS_DOC.read_text("utf-8")
    parts = re.split(r"^## (.+?)\s*$", text, flags=re.MULTILINE)
    return {title: body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def test_the_hookspec_module_declares_hooks() -> None:
    # Guards the test itself: an empty list would make the next one pass vacuously.
    assert "wenming_rubrics" in hookspecs()
    assert all(name.startswith("wenming_") for name in hookspecs())


def test_every_hook_has_a_section_named_after_it() -> None:
    documented = sections()
    missing = [name for name in hookspecs() if name not in documented]
    assert not missing, f"docs/hooks.md has no '## <name>' section for: {', '.join(missing)}"


def test_every_hook_section_shows_its_signature_and_an_example() -> None:
    documented = sections()
    for name in hookspecs():
        body = documented[name]
        assert f"def {name}()" in body, f"section {name} does not show the hook's signature"
        assert "@hookimpl" in body, f"section {name} has no example implementation"


def test_no_section_documents_a_hook_that_does_not_exist() -> None:
    stale = [title for title in sections()
             if title.startswith("wenming_") and title not in hookspecs()]
    assert not stale, f"docs/hooks.md documents hooks wenming does not have: {stale}"
