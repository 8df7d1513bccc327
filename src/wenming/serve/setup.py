"""Setup forms: the campaign, phases, units, leading group and tasks, in the CLI's own files.

Each form edits one file with tomlkit, which keeps every comment, blank line,
key order and quoting it is not asked to change: a value is written only when
the form's differs from the file's, so saving an untouched form changes no
byte. The edited text is loaded on a staged copy first (the CLI's loader);
a file that would not load is refused with every problem and left as it was.
A form carries the hash of the file it was drawn from, and a file changed
since (by another tab, or by hand) is not overwritten.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Final

import anyio
import tomlkit
from attrs import frozen
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT

from wenming.errors import DataIssue
from wenming.serve.common import WorkspaceDep, html, refuse
from wenming.serve.uploads import UploadRefused
from wenming.serve.workspace import Workspace

__all__ = ["HANDLERS", "SetupView", "edit_campaign", "edit_group", "edit_tasks", "edit_units",
           "read_setup"]

CAMPAIGN: Final = "campaign.toml"
UNITS: Final = "units.toml"
_SPLIT = re.compile(r"[,，、\s]+")
_KINDS = ("bureau", "dispatched", "division", "affiliated", "other")
_ROLES = ("leader", "deputy", "member", "office-director")
_LEVELS = ("municipal", "provincial", "national", "county", "district", "other")


@frozen
class SetupView:
    """What the set-up forms show: the files' values, and the hash each form saves against."""

    campaign: dict[str, Any]
    phases: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    leading_group: list[dict[str, Any]]
    units: list[dict[str, Any]]
    units_file: str
    rubrics: list[dict[str, Any]]
    hashes: dict[str, str]
    unit_kinds: tuple[str, ...] = _KINDS
    roles: tuple[str, ...] = _ROLES
    levels: tuple[str, ...] = _LEVELS


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _label(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {"zh": str(value.get("zh", "")), "en": str(value.get("en", ""))}
    return {"zh": "" if value is None else str(value), "en": ""}


def read_setup(ws: Workspace) -> SetupView:
    campaign_bytes = (ws.root / CAMPAIGN).read_bytes()
    data = tomllib.loads(campaign_bytes.decode("utf-8"))
    head = data.get("campaign", {})
    units_path = ws.root / UNITS
    units: list[dict[str, Any]] = []
    hashes = {"campaign": _digest(campaign_bytes)}
    units_file = UNITS if units_path.is_file() else "units.csv"
    if units_path.is_file():
        raw = units_path.read_bytes()
        hashes["units"] = _digest(raw)
        for table in tomllib.loads(raw.decode("utf-8")).get("unit", []):
            name = _label(table.get("name")) if "name" in table else {
                "zh": str(table.get("zh", "")), "en": str(table.get("en", ""))}
            units.append({"id": table.get("id", ""), "name": name,
                          "kind": table.get("kind", ""), "parent": table.get("parent") or "",
                          "attributes": _attributes_text(table.get("attributes", {}))})
    counted = ws.rubrics()
    return SetupView(
        campaign={"id": head.get("id", ""), "title": _label(head.get("title")),
                  "level": head.get("level", ""), "window": head.get("window", ""),
                  "applicants": ", ".join(head.get("applicants", [])),
                  "office": head.get("office", "")},
        phases=[{"id": p.get("id", ""), "name": _label(p.get("name")),
                 "window": p.get("window", ""),
                 "deliverables": ", ".join(p.get("deliverables", []))}
                for p in data.get("phases", [])],
        tasks=[{"id": t.get("id", ""), "title": _label(t.get("title")),
                "owners": ", ".join(t.get("owners", [])), "kinds": ", ".join(t.get("kinds", [])),
                "person": t.get("person", "")} for t in data.get("tasks", [])],
        leading_group=[{"unit": m.get("unit", ""), "role": m.get("role", ""),
                        "person": m.get("person", ""), "position": m.get("position", "")}
                       for m in data.get("leading_group", [])],
        units=units, units_file=units_file,
        rubrics=[{"id": r.id, "title": _label({"zh": r.title.zh, "en": r.title.en}),
                  "counted": r.id in counted} for r in ws.host.rubrics().values()],
        hashes=hashes)


# -- editing ------------------------------------------------------------------------------------
Form = Mapping[str, str]


def _items(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text.strip()) if part]


def _set(table: Any, key: str, value: Any, *, optional: bool = False) -> None:
    """Write ``value`` only when it differs; an optional key left empty is removed."""
    if optional and value in ("", None, []):
        if key in table:
            del table[key]
        return
    current = table.get(key)
    plain = current.unwrap() if hasattr(current, "unwrap") else current
    if key in table and plain == value:
        return
    table[key] = value


def _set_label(table: Any, key: str, zh: str, en: str) -> None:
    current = table.get(key)
    if isinstance(current, Mapping):
        _set(current, "zh", zh)
        _set(current, "en", en, optional=True)
        return
    if current is not None and current == zh and not en:
        return
    label = tomlkit.inline_table()
    label.update({"zh": zh, "en": en} if en else {"zh": zh})
    table[key] = label


def _rows(form: Form, prefix: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a table form (``prefix-N-field``), by row number."""
    rows: dict[int, dict[str, str]] = {}
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-([a-z_]+)$")
    for key, value in form.items():
        match = pattern.match(key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value.strip()
    return sorted(rows.items())


def _edit_rows(document: Any, key: str, form: Form, prefix: str,
               fill: Callable[[Any, dict[str, str]], None], required: str) -> None:
    """Apply a table form to the array of tables ``key``: edit, delete and append rows."""
    if key not in document:
        document[key] = tomlkit.aot()
    tables: AoT = document[key]
    doomed = []
    for number, row in _rows(form, prefix):
        if number < len(tables):
            if row.get("delete"):
                doomed.append(number)
            else:
                fill(tables[number], row)
        elif row.get(required):  # the empty row at the end adds one when filled in
            table = tomlkit.table()
            fill(table, row)
            table.add(tomlkit.nl())
            tables.append(table)
    for number in reversed(doomed):
        del tables[number]


def _parse(text: str, file: str) -> Any:
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise UploadRefused([DataIssue(file, "not valid TOML / TOML 格式错误",
                                       line=getattr(error, "line", None), value=str(error))]
                            ) from error


def edit_campaign(text: str, form: Form) -> str:
    document = _parse(text, CAMPAIGN)
    head = document.setdefault("campaign", tomlkit.table())
    if "title_zh" in form:  # a form sends only what it shows; the rest stays as it is
        _set_label(head, "title", form["title_zh"].strip(), form.get("title_en", "").strip())
    for key in ("level", "window"):
        if key in form:
            _set(head, key, form[key].strip())
    if "applicants" in form:
        _set(head, "applicants", _items(form["applicants"]))
    if "office" in form:
        _set(head, "office", form["office"].strip(), optional=True)

    def phase(table: Any, row: dict[str, str]) -> None:
        _set(table, "id", row.get("id", ""))
        _set_label(table, "name", row.get("name_zh", ""), row.get("name_en", ""))
        _set(table, "window", row.get("window", ""))
        _set(table, "deliverables", _items(row.get("deliverables", "")))

    _edit_rows(document, "phases", form, "phase", phase, "id")
    return str(tomlkit.dumps(document))


def edit_tasks(text: str, form: Form) -> str:
    document = _parse(text, CAMPAIGN)

    def task(table: Any, row: dict[str, str]) -> None:
        _set(table, "id", row.get("id", ""))
        _set_label(table, "title", row.get("title_zh", ""), row.get("title_en", ""))
        _set(table, "owners", _items(row.get("owners", "")))
        _set(table, "kinds", _items(row.get("kinds", "")))
        _set(table, "person", row.get("person", ""), optional=True)

    _edit_rows(document, "tasks", form, "task", task, "id")
    return str(tomlkit.dumps(document))


def edit_group(text: str, form: Form) -> str:
    document = _parse(text, CAMPAIGN)

    def member(table: Any, row: dict[str, str]) -> None:
        for key in ("unit", "role", "person", "position"):
            _set(table, key, row.get(key, ""), optional=key == "position")

    _edit_rows(document, "leading_group", form, "member", member, "person")
    return str(tomlkit.dumps(document))


def _attributes_text(values: Mapping[str, Any]) -> str:
    def shown(value: Any) -> str:
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    return ", ".join(f"{key}={shown(value)}" for key, value in values.items())


def _attributes(text: str) -> dict[str, Any]:
    """``staff=120, window=true, note=text`` as TOML values (numbers, booleans, text)."""
    values: dict[str, Any] = {}
    for part in re.split(r"[,，;；]\s*", text.strip()):
        if not part:
            continue
        key, _, raw = part.partition("=")
        raw = raw.strip()
        value: Any = raw
        if raw in ("true", "false"):
            value = raw == "true"
        else:
            for kind in (int, float):
                try:
                    value = kind(raw)
                    break
                except ValueError:
                    continue
        values[key.strip()] = value
    return values


def edit_units(text: str, form: Form) -> str:
    document = _parse(text, UNITS)

    def unit(table: Any, row: dict[str, str]) -> None:
        _set(table, "id", row.get("id", ""))
        if "name" in table:
            _set_label(table, "name", row.get("zh", ""), row.get("en", ""))
        else:
            _set(table, "zh", row.get("zh", ""))
            _set(table, "en", row.get("en", ""), optional=True)
        _set(table, "kind", row.get("kind", ""))
        _set(table, "parent", row.get("parent", ""), optional=True)
        attributes = _attributes(row.get("attributes", ""))
        current = table.get("attributes")
        plain = current.unwrap() if hasattr(current, "unwrap") else (current or {})
        if plain != attributes:
            if attributes:
                inline = tomlkit.inline_table()
                inline.update(attributes)
                table["attributes"] = inline
            elif "attributes" in table:
                del table["attributes"]

    _edit_rows(document, "unit", form, "unit", unit, "id")
    return str(tomlkit.dumps(document))


_EDITS: Final[dict[str, tuple[str, Callable[[str, Form], str]]]] = {
    "campaign": (CAMPAIGN, edit_campaign), "tasks": (CAMPAIGN, edit_tasks),
    "group": (CAMPAIGN, edit_group), "units": (UNITS, edit_units),
}


def save(ws: Workspace, section: str, form: Form) -> bool:
    """Apply one form; True when a file changed. Refusals leave every file as it was."""
    file, edit = _EDITS[section]
    with ws.writing():
        path = ws.root / file
        if not path.is_file():
            raise refuse(file, "no such file in the workspace / 工作区中没有该文件", status=404)
        old = path.read_bytes()
        base = form.get("base")
        if base and base != _digest(old):
            raise refuse(file, "the file changed since this page was opened / 文件已被修改",
                         expected="reload the page and make the change again", status=409)
        new = edit(old.decode("utf-8"), form).encode("utf-8")
        changed = new != old
        if changed:
            ws.apply({file: new})
        if section == "campaign" and "rubrics_shown" in form:
            chosen = [r for r in form.get("rubrics", "").split("\n") if r]
            if chosen and chosen != list(ws.rubrics()):
                ws.save_rubric_choice(chosen)
                changed = True
    return changed


# -- handlers -----------------------------------------------------------------------------------
@get("/api/setup", opt={"action": "view"}, sync_to_thread=True,
     summary="The campaign set-up as the forms show it")
def setup_api(ws: WorkspaceDep) -> SetupView:
    return read_setup(ws)


@get("/setup", opt={"action": "view"}, sync_to_thread=True, include_in_schema=False)
def setup_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
               saved: FromQuery[str | None] = None) -> Response[str]:
    return html(request, "setup.html.j2", data=read_setup(ws), saved=saved)


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    form = await request.form()
    values: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            # checkboxes repeat their name: keep every value, one a line
            values[key] = f"{values[key]}\n{value}" if key in values else value
    return values


@post("/setup/{section:str}", opt={"action": "edit"}, include_in_schema=False,
      status_code=303)
async def setup_save(request: Request[Any, Any, Any], ws: WorkspaceDep,
                     section: FromPath[str]) -> Redirect:
    if section not in _EDITS:
        raise refuse("request", "no such form / 无此表单", field="section", value=section,
                     expected=", ".join(_EDITS), status=404)
    form = await _form(request)
    await anyio.to_thread.run_sync(partial(save, ws, section, form))
    return Redirect(f"/setup?saved={section}#{section}", status_code=303)


@post("/api/setup/{section:str}", opt={"action": "edit"}, status_code=200,
      summary="Save one set-up form (form fields as the page sends them); 4xx lists problems")
async def setup_save_api(request: Request[Any, Any, Any], ws: WorkspaceDep,
                         section: FromPath[str]) -> SetupView:
    if section not in _EDITS:
        raise refuse("request", "no such form / 无此表单", field="section", value=section,
                     expected=", ".join(_EDITS), status=404)
    form = await _form(request)
    await anyio.to_thread.run_sync(partial(save, ws, section, form))
    return await anyio.to_thread.run_sync(read_setup, ws)


HANDLERS: Sequence[Any] = [setup_api, setup_page, setup_save, setup_save_api]
