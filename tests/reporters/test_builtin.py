"""The built-in reporters: registration, and every one rendering every report."""

from __future__ import annotations

import pytest

from tests.reports import support
from wenming.errors import WenmingError
from wenming.reporters import BUILTIN_REPORTERS, UnsupportedReportError
from wenming.reports import ScoreReport


def test_builtin_reporters_are_registered_with_the_host():
    names = [r.name for r in BUILTIN_REPORTERS]
    assert names == ["table", "markdown", "json", "csv", "html", "xlsx"]
    assert [r.name for r in BUILTIN_REPORTERS if r.binary] == ["xlsx"]
    installed = support.host().reporters()
    assert all(installed[name] is reporter for name, reporter
               in zip(names, BUILTIN_REPORTERS, strict=True))
    assert all(r.summary.zh and r.summary.en for r in BUILTIN_REPORTERS)


@pytest.mark.parametrize("reporter", [r for r in BUILTIN_REPORTERS if r.name != "csv"],
                         ids=lambda r: r.name)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_reporter_renders_every_report(reporter, lang, all_reports):
    for report in all_reports.values():
        out = reporter.render(report, lang=lang)
        assert isinstance(out, bytes if reporter.binary else str)
        assert len(out) > 100


@pytest.mark.parametrize("reporter", [r for r in BUILTIN_REPORTERS
                                      if r.name != "csv" and not r.binary], ids=lambda r: r.name)
def test_plain_scorecards_render_like_a_score_report(reporter):
    cards = support.cards()
    assert reporter.render(cards, lang="en") == reporter.render(ScoreReport.of(cards),
                                                                lang="en")


def test_unknown_language_is_refused(gap_list):
    with pytest.raises(ValueError, match="fr"):
        BUILTIN_REPORTERS[0].render(gap_list, lang="fr")


def test_a_report_of_an_unknown_type_is_a_clear_error():
    with pytest.raises(UnsupportedReportError, match="cannot render a dict") as caught:
        BUILTIN_REPORTERS[0].render({"not": "a report"})
    assert isinstance(caught.value, WenmingError) and isinstance(caught.value, TypeError)
