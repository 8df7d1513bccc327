"""The JSON Schema in docs/embedding.md describes real scorecards, key for key.

A small validator for the parts of JSON Schema the document uses (type,
const, enum, properties, required, additionalProperties, items, oneOf, $ref,
pattern) checks scorecards that exercise every branch: waivers, vetoes,
bonuses, manual and attested checks, notes, and criteria without labels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wenming.model import Waiver
from wenming.scoring import SCHEMA, Scorecard
from wenming.testing import DatasetBuilder, RubricPlugin, score

EMBEDDING_DOC = Path(__file__).resolve().parents[2] / "docs" / "embedding.md"

RUBRIC = """\
schema = 1
id = "schema-test"
version = "1"
title = { zh = "模式测试", en = "Schema test" }
level = "other"
total = 6
pass_line = 5
bonus_cap = 1

[[areas]]
code = "A"
title = { zh = "甲", en = "A" }
points = 6

[[areas.items]]
code = "1"
title = { zh = "讲堂", en = "Lectures" }
points = 2
[[areas.items.criteria]]
type = "count-range"
points = 2
kinds = ["moral-lecture"]
per = "year"
min = 1
max = 1

[[areas.items]]
code = "2"
title = { zh = "考察", en = "On site" }
points = 2
[[areas.items.criteria]]
type = "attested"
points = 1
label = { zh = "整洁", en = "Tidy" }
ref = "tidy"
[[areas.items.criteria]]
type = "attested"
points = 1
label = { zh = "禁烟", en = "No smoking" }
ref = "no-smoking"

[[areas.items]]
code = "3"
title = { zh = "已豁免", en = "Waived" }
points = 2
[[areas.items.criteria]]
type = "present"
points = 2
kinds = ["website-column"]

[[bonuses]]
code = "B1"
title = { zh = "表彰", en = "Commended" }
points = 1
criteria = [{ type = "present", kinds = ["commendation"], points = 1 }]

[[vetoes]]
code = "V1"
title = { zh = "违纪", en = "Violation" }
kinds = ["discipline-violation"]
consequence = "deduct"
deduct = 1
"""


def SchemaTestRubric() -> RubricPlugin:
    return RubricPlugin(RUBRIC, origin="tests/docs")


def documented_schema() -> dict[str, Any]:
    text = EMBEDDING_DOC.read_text("utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    schemas = [json.loads(b) for b in blocks if '"$id": "wenming.scorecard/1"' in b]
    assert len(schemas) == 1, "docs/embedding.md must hold exactly one scorecard schema"
    return schemas[0]


def cards() -> list[Scorecard]:
    builder = (DatasetBuilder()
               .add("moral-lecture", "2020-05-10").add("moral-lecture", "2020-06-10")
               .add("onsite-assessment", "2021-11-20", score=90, refs=("tidy",))
               .add("commendation", "2021-03-01")
               .add("discipline-violation", "2021-02-01")
               .with_waiver(Waiver("schema-test", "3", "创建办", "本年不适用",
                                   until=date(2022, 6, 30))))
    dataset = builder.build()
    return [score(dataset, "schema-test", as_of, SchemaTestRubric())
            for as_of in ("2020-03-31", "2021-06-30", "2021-12-31")]


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str
             ) -> Iterator[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        yield from validate(value, root["$defs"][name], root, path)
        return
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not list(validate(value, s, root, path))]
        if len(matches) != 1:
            yield f"{path}: {value!r} matches {len(matches)} of oneOf"
        return
    if "const" in schema and value != schema["const"]:
        yield f"{path}: {value!r} is not {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: {value!r} is not one of {schema['enum']}"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, t) for t in types):
            yield f"{path}: {value!r} is not of type {types}"
            return
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"],
                                                                         value):
        yield f"{path}: {value!r} does not match {schema['pattern']}"
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                yield f"{path}: required key {key!r} is missing"
        for key, item in value.items():
            if key in properties:
                yield from validate(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                yield f"{path}: key {key!r} is not in the schema"
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from validate(item, schema["items"], root, f"{path}[{index}]")


def _is(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, {"string": str, "array": list, "object": dict}[kind])


def test_the_cards_exercise_every_branch() -> None:
    early, _, end = cards()
    assert end.vetoes and end.item("3").waiver is not None and end.item("B1").bonus
    checks = [c for item in end.items.values() for cr in item.criteria for c in cr.checks]
    assert any(c.manual for c in checks) and any(c.score is not None for c in checks)
    assert any(c.maximum is not None for c in checks)
    assert any(cr.label is None for i in end.items.values() for cr in i.criteria)
    early_states = {i.state.value for i in early.items.values()}
    assert early_states & {"not-yet-due", "needs-manual-assessment"}


@pytest.mark.parametrize("card", cards(), ids=lambda card: card.as_of.isoformat())
def test_scorecards_validate_against_the_documented_schema(card: Scorecard) -> None:
    schema = documented_schema()
    document = json.loads(card.to_json())
    problems = list(validate(document, schema, schema, "$"))
    assert not problems, "\n".join(problems)


def test_the_schema_names_every_key_a_scorecard_has() -> None:
    schema = documented_schema()
    assert schema["properties"]["schema"]["const"] == SCHEMA
    document = cards()[-1].to_dict()
    assert set(schema["required"]) == set(document)
    item = document["items"][0]
    assert set(schema["$defs"]["item"]["required"]) == set(item)
    assert set(schema["$defs"]["criterion"]["required"]) == set(item["criteria"][0])
    assert set(schema["$defs"]["check"]["required"]) == set(item["criteria"][0]["checks"][0])


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    schema = documented_schema()
    document = json.loads(cards()[-1].to_json())
    document["items"][0]["state"] = "excellent"
    document["surprise"] = 1
    del document["total"]
    problems = list(validate(document, schema, schema, "$"))
    assert any("'excellent'" in p for p in problems)
    assert any("'surprise'" in p for p in problems)
    assert any("'total' is missing" in p for p in problems)
