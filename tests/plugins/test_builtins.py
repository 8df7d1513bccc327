from __future__ import annotations

import pytest

from wenming.model.vocabulary import base_kinds
from wenming.plugins import CriterionType, PluginHost, Reporter, builtins

from .support import require


def test_builtin_kinds_are_the_bundled_vocabulary() -> None:
    assert tuple(builtins.wenming_evidence_kinds()) == base_kinds()


def test_builtins_implement_every_hook_but_rubrics() -> None:
    host = PluginHost(autoload=False)
    (info,) = host.plugins()
    assert info.hooks == ("wenming_criterion_types", "wenming_evidence_kinds",
                          "wenming_reporters")


def test_builtin_criterion_types_are_those_of_the_rubric_format() -> None:
    require("wenming.scoring.criteria", "BUILTIN_CRITERION_TYPES")
    types = PluginHost(autoload=False).criterion_types()
    # docs/rubric-format.md, "Criterion types shipped by the core"
    documented = {"present", "frequency", "count-range", "festivals", "trend", "in-phase",
                  "coverage", "timeliness", "attested"}
    assert documented <= set(types)
    assert all(isinstance(t, CriterionType) for t in types.values())


def test_builtin_reporters_include_the_default_table() -> None:
    require("wenming.reporters", "BUILTIN_REPORTERS")
    reporters = PluginHost(autoload=False).reporters()
    assert "table" in reporters
    assert all(isinstance(r, Reporter) for r in reporters.values())


@pytest.mark.parametrize("name", ["CriterionType", "PluginHost", "PluginInfo", "Reporter",
                                  "RubricSource", "hookimpl"])
def test_public_names(name: str) -> None:
    import wenming.plugins

    assert name in wenming.plugins.__all__
    assert hasattr(wenming.plugins, name)
