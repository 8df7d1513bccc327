"""Plugin hosts for tests: exactly the plugins given, or one installed entry point."""

from __future__ import annotations

import importlib.metadata
from datetime import date
from types import ModuleType

from wenming.calendar import parse_date
from wenming.dataset import Dataset
from wenming.errors import PluginError
from wenming.plugins import PluginHost, RubricSource, hookimpl
from wenming.plugins.manager import ENTRY_POINT_GROUP
from wenming.scoring import Scorecard, Scorer

__all__ = ["RubricPlugin", "entry_point_host", "make_host", "score"]


class RubricPlugin:
    """A plugin object shipping rubric documents given as TOML text.

    For tests and experiments: ``make_host(RubricPlugin(text))`` installs a
    rubric without writing a package.
    """

    def __init__(self, *texts: str, origin: str = "inline") -> None:
        self.sources = [RubricSource(text, f"{origin}#{n}" if len(texts) > 1 else origin)
                        for n, text in enumerate(texts)]

    @hookimpl
    def wenming_rubrics(self) -> list[RubricSource]:
        return self.sources


def make_host(*plugins: ModuleType | object) -> PluginHost:
    """A strict plugin host with the built-ins and exactly ``plugins`` (no autoload).

    Strict, because a test should fail on a broken plugin, not score without it.
    """
    return PluginHost(autoload=False, plugins=plugins, strict=True)


def entry_point_host(*names: str) -> PluginHost:
    """A strict host with the built-ins and the installed entry points ``names``.

    Loads the plugins the way ``wenming`` does for users — through the
    ``wenming`` entry-point group of the installed distribution — so a test
    catches a wrong module path in ``pyproject.toml`` or a rubric missing
    from the wheel. ``names`` are entry-point or distribution names.
    """
    installed = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    known = {ep.name.casefold() for ep in installed}
    known |= {ep.dist.name.casefold() for ep in installed if ep.dist is not None}
    missing = [name for name in names if name.casefold() not in known]
    if missing:
        listed = ", ".join(sorted({ep.name for ep in installed})) or "none"
        raise PluginError(
            f"no installed entry point {', '.join(map(repr, missing))} in group "
            f"{ENTRY_POINT_GROUP!r} / 未安装该插件入口 (installed: {listed}); "
            "is the package installed (pip install -e .)?")
    return PluginHost(strict=True, only=names)


def score(dataset: Dataset, rubric_id: str, as_of: date | str,
          *plugins: ModuleType | object) -> Scorecard:
    """Score ``dataset`` under ``rubric_id`` with only ``plugins`` installed."""
    day = as_of if isinstance(as_of, date) else parse_date(as_of)
    return Scorer(make_host(*plugins)).score(dataset, rubric_id, day)
