"""Score a dataset posted as JSON and answer with the scorecards as JSON.

``handle(body) -> (status, body)`` is the whole web-facing part; it is a plain
function, so any framework can call it (the test suite calls it directly).
Running the file serves it with the standard library on 127.0.0.1 only::

    python examples/scripts/embed_web_handler.py --port 8000 [--plugin MODULE ...]
    curl -s --data @request.json http://127.0.0.1:8000/score

The request body::

    {
      "as_of": "2021-12-31",                 # optional, default: today in Beijing
      "rubrics": ["example"],                # optional, default: every installed rubric
      "unit": null,                          # optional: score one unit
      "campaign": {"id": "c1", "title": {"zh": "…", "en": "…"}, "level": "municipal",
                   "applicants": ["hq"], "window": "2020.04-2021.12", "office": "hq",
                   "phases": [{"id": "preparation", "name": {"zh": "…", "en": "…"},
                               "window": "2020.04-2020.05"}]},
      "units": [{"id": "hq", "zh": "局机关", "en": "HQ", "kind": "bureau"}],
      "evidence": [{"id": "E1", "unit": "hq", "kind": "moral-lecture",
                    "date": "2020-06-01", "participants": 40}]
    }

Answers: 200 ``{"scorecards": [...]}`` (each in the ``wenming.scorecard/1``
schema); 400 for a body that is not such a document; 422 with ``issues`` when
wenming rejects the data, with every problem found (the checks of
:meth:`Dataset.build`, as for files); 404 for an unknown rubric.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from wenming import Dataset, DatasetError, PluginHost, Scorer
from wenming.calendar import DateWindow, WindowFormatError, parse_date, parse_window
from wenming.model import (
    Campaign,
    Evidence,
    GroupMember,
    Label,
    Phase,
    Role,
    Unit,
    UnitKind,
    UnitTree,
    Vocabulary,
)
from wenming.scoring import NoRubricsError, UnknownRubricError

MAX_BODY = 20 * 1024 * 1024

class Service:
    """The plugin host and the scorer every request shares.

    Both are built once: finding plugins and validating rubrics is the costly
    part, and a Scorer is immutable and safe to share between threads.
    """

    def __init__(self, *plugins: object, autoload: bool = True) -> None:
        # autoload: also every plugin installed through the ``wenming`` entry points.
        self.host = PluginHost(plugins=plugins, autoload=autoload)
        self.scorer = Scorer(self.host)
        self.vocabulary: Vocabulary = self.host.vocabulary()


_service: Service | None = None
_lock = threading.Lock()


def configure(*plugins: object) -> Service:
    """Set up the shared service: installed plugins plus ``plugins``. Call once at start-up."""
    global _service
    with _lock:
        _service = Service(*plugins)
        return _service


def _shared() -> Service:
    with _lock:
        return _service if _service is not None else configure()


class BadRequest(ValueError):
    """The body is not a scoring request; the message says what is wrong."""


def handle(request_body: bytes, service: Service | None = None) -> tuple[int, bytes]:
    """Score the dataset in ``request_body``; return an HTTP status and a JSON body."""
    service = service or _shared()
    try:
        request = json.loads(request_body.decode("utf-8"))
        if not isinstance(request, dict):
            raise BadRequest("the body must be a JSON object")
        dataset = dataset_from_json(request, service.vocabulary)
        as_of = _day(request, "as_of") if request.get("as_of") else None
        rubrics = _strings(request, "rubrics") or None
        cards = service.scorer.score_all(dataset, rubrics, as_of, request.get("unit"))
    except (UnicodeDecodeError, json.JSONDecodeError, BadRequest, WindowFormatError) as error:
        return _answer(400, {"error": str(error)})
    except DatasetError as error:
        return _answer(422, {"error": error.headline,
                             "issues": [str(issue) for issue in error.issues]})
    except (UnknownRubricError, NoRubricsError) as error:
        return _answer(404, {"error": str(error)})
    except KeyError as error:  # an unknown unit to score
        return _answer(422, {"error": str(error.args[0]) if error.args else "unknown key"})
    return _answer(200, {"scorecards": [card.to_dict() for card in cards]})


def _answer(status: int, payload: Mapping[str, Any]) -> tuple[int, bytes]:
    return status, json.dumps(payload, ensure_ascii=False).encode("utf-8")


# -- JSON → Dataset ---------------------------------------------------------------------------

def dataset_from_json(request: Mapping[str, Any], vocabulary: Vocabulary) -> Dataset:
    """Build a dataset from the request's campaign, units and evidence.

    Shapes are checked here (400); references — units, kinds, phases, ids —
    are checked by :meth:`Dataset.build`, which reports them all at once (422).
    """
    raw = _table(request, "campaign")
    window = _window(raw, "window")
    campaign = Campaign(
        id=_text(raw, "id"), title=Label.of(raw.get("title", raw.get("id"))),
        level=str(raw.get("level", "other")), applicants=_strings(raw, "applicants"),
        window=window,
        phases=tuple(Phase(_text(p, "id"), Label.of(p.get("name", p.get("id"))),
                           _window(p, "window"), _strings(p, "deliverables"))
                     for p in _tables(raw, "phases")),
        leading_group=tuple(GroupMember(_text(m, "unit"), _role(m), m.get("person"))
                            for m in _tables(raw, "leading_group")),
        office_unit=raw.get("office"))
    units = UnitTree.build([
        Unit(_text(u, "id"), Label(str(u.get("zh") or u["id"]), str(u.get("en") or u["id"])),
             _unit_kind(u), u.get("parent"))
        for u in _tables(request, "units")], source="request units")
    evidence = [_evidence(row, vocabulary) for row in _tables(request, "evidence")]
    return Dataset.build(campaign, units, evidence, vocabulary)


def _evidence(row: Mapping[str, Any], vocabulary: Vocabulary) -> Evidence:
    kind = _text(row, "kind")
    if kind in vocabulary:  # an alias or Chinese name becomes the kind's id
        kind = vocabulary.resolve(kind)
    return Evidence(
        id=_text(row, "id"), unit=_text(row, "unit"), kind=kind, date=_day(row, "date"),
        title=str(row.get("title", "")),
        end=_day(row, "end") if row.get("end") else None,
        filed=_day(row, "filed") if row.get("filed") else None,
        amount=_number(row, "amount"), participants=_count(row, "participants"),
        festival=row.get("festival"), score=_number(row, "score"),
        refs=_strings(row, "refs"), tags=_strings(row, "tags"))


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise BadRequest(f"{key!r} must be an object")
    return value


def _tables(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BadRequest(f"{key!r} must be a list of objects")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BadRequest(f"{key!r} must be a non-empty string in {dict(data)!r}")
    return value


def _strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(f"{key!r} must be a list of strings")
    return tuple(value)


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest(f"{key!r} must be a number, got {value!r}")
    return float(value)


def _count(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadRequest(f"{key!r} must be a whole number, got {value!r}")
    return value


def _day(data: Mapping[str, Any], key: str) -> date:
    return parse_date(_text(data, key))


def _window(data: Mapping[str, Any], key: str) -> DateWindow:
    return parse_window(_text(data, key))


def _role(member: Mapping[str, Any]) -> Role:
    try:
        return Role.parse(_text(member, "role"))
    except ValueError as error:
        raise BadRequest(str(error)) from None


def _unit_kind(unit: Mapping[str, Any]) -> UnitKind:
    try:
        return UnitKind.parse(str(unit.get("kind", "other")))
    except ValueError as error:
        raise BadRequest(str(error)) from None


# -- serving ------------------------------------------------------------------------------

class ScoreHandler(BaseHTTPRequestHandler):
    """POST /score → :func:`handle`."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if self.path.rstrip("/") != "/score":
            status, body = _answer(404, {"error": "POST the dataset to /score"})
        elif length > MAX_BODY:
            status, body = _answer(413, {"error": f"body larger than {MAX_BODY} bytes"})
        else:
            status, body = handle(self.rfile.read(length))
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve wenming scoring on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                        help="also register this plugin module (repeatable)")
    args = parser.parse_args(argv)
    service = configure(*(importlib.import_module(name) for name in args.plugin))
    # Loopback only: this example has no authentication.
    server = ThreadingHTTPServer(("127.0.0.1", args.port), ScoreHandler)
    print(f"serving {', '.join(service.scorer.rubric_ids()) or 'no rubrics'} on "
          f"http://127.0.0.1:{server.server_address[1]}/score", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
