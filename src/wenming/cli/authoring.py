"""Commands for rubric authors: ``kinds``, ``types``, ``check-rubric``, ``new-rubric``.

Like ``pytest --fixtures``, they answer from what is installed, so nobody
has to read wenming's source to learn a kind id or a parameter name. The
module also gives the group its ``--strict-plugins`` option and the one
report of broken plugins every command prints (see :func:`register`).
"""

from __future__ import annotations

import json
import re
import string
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import import_module, resources
from pathlib import Path
from typing import Any, Final

import attrs
import click
from tabulate import tabulate

from wenming.cli.rubric_keys import ITEM_KEYS, SHAPE_KEYS, VETO_KEYS
from wenming.errors import PluginError, RubricError
from wenming.model.labels import Label, Lang
from wenming.plugins.manager import PluginHost
from wenming.plugins.problems import describe_broken, describe_issues, hint_for
from wenming.plugins.types import CriterionType, RubricSource

__all__ = [
    "check_rubric_command",
    "install_strict_plugins",
    "kinds_command",
    "kinds_markdown",
    "kinds_rows",
    "new_rubric_command",
    "register",
    "type_rows",
    "types_command",
]

STRICT_ENV: Final = "WENMING_STRICT_PLUGINS"

#: The keys every criterion takes, whatever its type (``wenming types`` lists them once).
COMMON_KEYS: Final[tuple[tuple[str, str, str, Label], ...]] = (
    ("type", "str", "required", Label("评分类型", "the criterion type (see below)")),
    ("points", "float", "required", Label("分值", "points of the criterion")),
    ("label", "label", "the type's summary", Label("名称", "what the scorecard calls it")),
    ("credit", "str", "[defaults] credit",
     Label("计分规则", "all-or-nothing | proportional | deduct | shortfall")),
    ("deduct", "float", "—", Label("每项扣分", "points lost per missed check (credit = deduct)")),
    ("threshold", "float", "1.0", Label("达标比例", "share of due checks for full credit")),
    ("id", "str", "<item>.c<n>", Label("评分细则编号", "stable id, unique in the rubric")),
    ("source", "str", "—", Label("出处", "the clause it encodes, e.g. 《…方案》三、(二)2")),
    ("basis", "str", "seed", Label("依据", "seed (the document asks) | choice (rubric reads)")),
    ("interprets", "str", "—", Label("所解释原文", "words a choice reads, e.g. 定期")),
)

#: One-line meanings of parameters the built-in types share; a type's own
#: ``metadata={"help": ...}`` on a field takes precedence.
PARAM_HELP: Final[Mapping[str, Label]] = {
    "kinds": Label("计入的证据类型（编号或别名）", "evidence kinds counted (ids or any alias)"),
    "window": Label("时间范围", "campaign | phase:ID | phase:FIRST..LAST | by-phase-end:ID | "
                    "a literal window"),
    "per": Label("周期", "month | quarter | half-year | year"),
    "min": Label("每期最少条数", "records required (per period)"),
    "max": Label("每期最多条数", "records allowed at most (per period)"),
    "festivals": Label("节日（编号或名称）", "festival ids or names (`wenming kinds` lists none; "
                       "see the festivals page)"),
    "before": Label("节前天数", "days before a festival that count"),
    "after": Label("节后天数", "days after a festival that count"),
    "measure": Label("度量", "amount | count"),
    "strict": Label("严格递增", "each year strictly above the last"),
    "phase": Label("阶段", "a phase id of the campaign"),
    "by_end": Label("阶段结束前", "on or before the phase's end (not only inside it)"),
    "unit_kinds": Label("单位类型", "unit kinds that must each be covered"),
    "within_days": Label("归档时限（天）", "days within which a record must be filed"),
    "ref": Label("评定项引用", "what the assessor scored: matches a record's refs"),
    "participants": Label("参与人数下限", "participants an activity needs at least"),
}


_NAME: Final = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FORMATS: Final = ("table", "json", "markdown")


# -- the group's additions -----------------------------------------------------------------

def register(group: click.Group, state_class: type[Any]) -> None:
    """Attach the authoring commands and ``--strict-plugins`` to ``group``.

    ``--strict-plugins`` (or ``WENMING_STRICT_PLUGINS=1``) makes any broken
    plugin an error; without it, each broken plugin is reported once, on
    stderr, and left out. Both act where the command first builds its host,
    whatever factory the state holds (tests pass their own).
    """
    for command in (kinds_command, types_command, check_rubric_command, new_rubric_command):
        group.add_command(command)

    def install(ctx: click.Context, _: click.Parameter, strict: bool) -> None:
        install_strict_plugins(ctx, strict, state_class)

    group.params.append(click.Option(
        ["--strict-plugins"], is_flag=True, envvar=STRICT_ENV, expose_value=False,
        callback=install,
        help="Fail on any broken plugin instead of leaving it out / "
             "插件有误即报错（用于插件的 CI）."))


def install_strict_plugins(ctx: click.Context, strict: bool, state_class: type[Any]) -> None:
    """What ``--strict-plugins`` does: wrap the state's host factory to report broken plugins.

    ``wenming``'s own group calls it from its option (without importing this
    module before a command runs); :func:`register` gives other groups the option.
    """
    state = ctx.ensure_object(state_class)
    state.strict_plugins = strict
    factory: Callable[[], PluginHost] = state.host_factory
    if getattr(factory, "_wenming_checked", False):
        return

    def checked() -> PluginHost:
        host = factory()
        # A strict host raises where it is used, so each command reports the
        # problem its own way (validate lists it with the dataset's).
        if not host.strict:
            report_broken(host, state.lang, strict=strict,
                          skip_file=getattr(state, "checking_file", None))
        return host

    checked._wenming_checked = True  # type: ignore[attr-defined]
    state.host_factory = checked


def report_broken(host: PluginHost, lang: Lang, *, strict: bool,
                  skip_file: str | None = None) -> None:
    """Print each broken plugin once (stderr); with ``strict``, raise instead.

    ``skip_file`` is a rubric that ``check-rubric`` is about to list in full: its
    problems are left out here, so an installed package's are not printed twice.
    """
    broken = host.broken()
    if skip_file is not None:
        broken = tuple(b for b in (attrs.evolve(b, problems=tuple(
            p for p in b.problems if not _same_file(p.file, skip_file))) for b in broken)
            if b.problems)
    if not broken:
        return
    types = host.criterion_types()
    text = "\n\n".join(describe_broken(b, types) for b in broken)
    if strict:
        raise PluginError(text)
    hint = Label("（加 --strict-plugins 则视为错误；或设 WENMING_DISABLE_PLUGINS=名称 停用）",
                 "(--strict-plugins makes this an error; WENMING_DISABLE_PLUGINS=name "
                 "switches a plugin off)").text(lang)
    click.echo(f"{click.style('警告 / Warning:', fg='yellow', bold=True)} {text}\n{hint}",
               err=True)


def _same_file(where: str | None, path: str) -> bool:
    if not where:
        return False
    try:
        return Path(where.rsplit(":", 1)[0] if not Path(where).exists() else where
                    ).resolve() == Path(path).resolve()
    except (OSError, ValueError):
        return False


def _host(ctx: click.Context) -> PluginHost:
    host: PluginHost = ctx.obj.host
    return host


def _lang(ctx: click.Context) -> Lang:
    lang: Lang = getattr(ctx.obj, "lang", "en")
    return lang


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "format_name", type=click.Choice(_FORMATS),
                        default="table", show_default=True,
                        help="Output format / 输出格式.")(func)


# -- kinds ---------------------------------------------------------------------------------

def kinds_rows(host: PluginHost) -> list[dict[str, Any]]:
    """Every evidence kind with the rubric items that count it and who added it."""
    used: dict[str, list[str]] = {}
    types = host.criterion_types()
    for rubric in host.rubrics().values():
        for item, criterion in rubric.criteria():
            criterion_type = types.get(criterion.type)
            params = criterion_type.all_kinds_params if criterion_type else ()
            for name in params:
                for kind in getattr(criterion.params, name, None) or ():
                    where = f"{rubric.id} {item.code}"
                    if where not in used.setdefault(kind, []):
                        used[kind].append(where)
        for veto in rubric.vetoes:
            for kind in veto.kinds:
                used.setdefault(kind, []).append(f"{rubric.id} {veto.code}")
    return [
        {"id": kind.id, "zh": kind.label.zh, "en": kind.label.en, "category": kind.category,
         "aliases": list(kind.aliases), "used_by": used.get(kind.id, []),
         "provider": kind.provider}
        for kind in sorted(host.evidence_kinds(), key=lambda k: (k.category, k.id))
    ]


def kinds_markdown(host: PluginHost) -> str:
    """The kinds as a Markdown table, for the documentation site."""
    lines = ["| id | 名称 Name | category | aliases | counted by | added by |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in kinds_rows(host):
        cells = [f"`{row['id']}`", f"{row['zh']}<br>{row['en']}", row["category"],
                 ", ".join(row["aliases"]) or "—", ", ".join(row["used_by"]) or "—",
                 row["provider"]]
        lines.append("| " + " | ".join(_md(str(cell)) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


@click.command("kinds")
@_format_option
@click.option("--used", is_flag=True,
              help="Only kinds some rubric counts / 只列出被细则计入的类型.")
@click.pass_context
def kinds_command(ctx: click.Context, format_name: str, used: bool) -> None:
    """List evidence kinds, their aliases and the items that count them / 列出证据类型."""
    host = _host(ctx)
    rows = [r for r in kinds_rows(host) if r["used_by"] or not used]
    if format_name == "json":
        _echo_json(rows)
        return
    if format_name == "markdown":
        click.echo(kinds_markdown(host), nl=False)
        return
    lang = _lang(ctx)
    table = [(r["id"], r["zh"] if lang == "zh" else r["en"], r["category"],
              _wrap(r["aliases"]), _wrap(r["used_by"]), r["provider"]) for r in rows]
    click.echo(_fitted(table, ["编号 ID", "名称 Name", "类别 Category", "别名 Aliases",
                               "计入项目 Counted by", "提供者 Added by"]))


def _fit_line(text: str) -> str:
    from wenming.reporters.table import fit_lines

    return fit_lines(text)


def _fitted(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> str:
    """A table as wide as the terminal, text columns wrapped (see listing_table)."""
    from wenming.cli.listing import listing_table

    return listing_table(rows, headers)


def _wrap(values: Sequence[str], width: int = 3) -> str:
    if not values:
        return "—"
    lines = [", ".join(values[i:i + width]) for i in range(0, len(values), width)]
    return "\n".join(lines)


# -- types ---------------------------------------------------------------------------------

def type_rows(host: PluginHost, lang: Lang = "en") -> list[dict[str, Any]]:
    """Every criterion type with its parameters: name, type, default and meaning."""
    providers = host.criterion_type_providers()
    return [
        {"name": name, "summary": {"zh": ct.summary.zh, "en": ct.summary.en},
         "provider": providers.get(name, ""), "kinds_params": list(ct.all_kinds_params),
         "params": _params(ct, lang)}
        for name, ct in sorted(host.criterion_types().items())
    ]


def _params(criterion_type: CriterionType, lang: Lang) -> list[dict[str, str]]:
    cls = criterion_type.params
    if not attrs.has(cls):
        return []
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # a forward reference the plugin never defined: show the text
        hints = {}
    out = []
    for field in attrs.fields(cls):
        meaning = field.metadata.get("help") or PARAM_HELP.get(field.name)
        if isinstance(meaning, Label):
            meaning = meaning.text(lang)
        out.append({"name": field.name,
                    "type": _type_name(hints.get(field.name, field.type)),
                    "default": _default(field.default),
                    "meaning": str(meaning or "")})
    return out


def _type_name(annotation: object) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "").replace("NoneType", "None")


def _default(value: object) -> str:
    if value is attrs.NOTHING:
        return "required"
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = value
        value = factory.factory() if not factory.takes_self else "…"
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False) if value is not None else "none"


@click.command("types")
@_format_option
@click.pass_context
def types_command(ctx: click.Context, format_name: str) -> None:
    """List criterion types and their parameters / 列出评分类型及其参数."""
    host, lang = _host(ctx), _lang(ctx)
    rows = type_rows(host, lang)
    def listed(keys: tuple[tuple[str, str, str, Label], ...]) -> list[dict[str, str]]:
        return [{"name": n, "type": t, "default": d, "meaning": m.text(lang)}
                for n, t, d, m in keys]

    common = listed(COMMON_KEYS + SHAPE_KEYS)
    items, vetoes = listed(ITEM_KEYS), listed(VETO_KEYS)
    if format_name == "json":
        _echo_json({"common": common, "item": items, "veto": vetoes, "types": rows})
        return
    fmt = "github" if format_name == "markdown" else "simple"
    heading = "## " if format_name == "markdown" else ""
    parts: list[str] = []
    for title, keys in ((Label("所有评分项通用", "Every criterion"), common),
                        (Label("测评项目 [[areas.items]]", "Every item [[areas.items]]"), items),
                        (Label("否决项 [[vetoes]]", "Every veto [[vetoes]]"), vetoes)):
        key_headers = ["参数 Key", "类型 Type", "默认 Default", "含义 Meaning"]
        key_rows = [tuple(c.values()) for c in keys]
        parts += ["", f"{heading}{title.text(lang)}", "",
                  tabulate(key_rows, headers=key_headers, tablefmt=fmt) if heading
                  else _fitted(key_rows, key_headers)]
    parts = parts[1:]
    for row in rows:
        summary = row["summary"][lang] or row["summary"]["en"]
        title_line = f"{heading}{row['name']} — {summary}"
        parts += ["", title_line if heading else _fit_line(title_line),
                  f"({Label('提供者', 'added by').text(lang)}: {row['provider']})", ""]
        if row["params"]:
            param_headers = ["参数 Parameter", "类型 Type", "默认 Default", "含义 Meaning"]
            param_rows = [tuple(p.values()) for p in row["params"]]
            parts.append(tabulate(param_rows, headers=param_headers, tablefmt=fmt) if heading
                         else _fitted(param_rows, param_headers))
        else:
            parts.append(Label("（无参数）", "(no parameters)").text(lang))
    click.echo("\n".join(parts))


# -- check-rubric --------------------------------------------------------------------------

@click.command("check-rubric")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plugin", "plugin_modules", multiple=True, metavar="MODULE",
              help="Also register this plugin module, e.g. one not installed yet "
                   "(repeatable) / 额外注册的插件模块.")
@click.option("--format", "format_name", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="Output format / 输出格式.")
@click.pass_context
def check_rubric_command(ctx: click.Context, file: Path, plugin_modules: tuple[str, ...],
                         format_name: str) -> None:
    """Check a rubric document before it is installed / 安装前校验测评细则文件.

    Every problem is listed with its line and column, against the criterion
    types and evidence kinds of the installed plugins (and of --plugin).
    """
    from wenming.cli.errors import cli_error
    from wenming.rubric import load_rubric
    from wenming.rubric.positions import syntax_error_position

    ctx.obj.checking_file = str(file)  # its problems are listed below, not also as broken
    host = _host(ctx)
    for name in plugin_modules:
        try:
            module = import_module(name)
        except ImportError as error:
            raise cli_error(f"cannot import plugin module / 无法导入插件模块 {name!r}: {error}"
                            ) from None
        host.register(module, f"--plugin {name}")
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise cli_error(f"{file}: cannot read the rubric / 无法读取细则文件: {error}") from None
    source = RubricSource(text, str(file), str(file))
    types = host.criterion_types()
    issues: list[dict[str, Any]] = []
    lines: list[str] = []
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = syntax_error_position(error)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        issues.append({"line": where.line if where else None,
                       "column": where.column if where else None, "field": None,
                       "message": f"invalid TOML / TOML语法错误: {message}", "value": None,
                       "expected": "valid TOML (https://toml.io)", "hint": None})
        place = f"{file}:{where.line}:{where.column}" if where else str(file)
        lines.append(f"{place}: invalid TOML / TOML语法错误: {message}")
    else:
        try:
            rubric = load_rubric(source, criterion_types=types, vocabulary=host.vocabulary(),
                                 provider="check-rubric")
        except RubricError as error:
            issues = _issue_data(error, text, types)
            lines = describe_issues(error.issues, text, str(file), types)
        else:
            if format_name == "json":
                _echo_json({"file": str(file), "valid": True, "id": rubric.id,
                            "version": rubric.version, "issues": []})
                return
            items = sum(1 for _ in rubric.items()) + len(rubric.bonuses)
            click.echo(Label(
                f"细则有效：{rubric.id} {rubric.version}，{items} 个项目，总分 {rubric.total:g}",
                f"Rubric is valid: {rubric.id} {rubric.version}, {items} items, "
                f"total {rubric.total:g}").text(_lang(ctx)))
            return
    if format_name == "json":
        _echo_json({"file": str(file), "valid": False, "issues": issues})
    count = len(issues)
    head = (f"{count} problem{'s' if count != 1 else ''} in rubric {file} / "
            f"细则文件有 {count} 处问题")
    raise cli_error(head + "\n" + "\n".join(f"  {line}" for line in lines))


def _issue_data(error: RubricError, text: str, types: Iterable[str]) -> list[dict[str, Any]]:
    from wenming.rubric.positions import locate, positions

    table = positions(text)
    names = tuple(types)
    out = []
    for issue in error.issues:
        where = locate(text, issue, table)
        out.append({"line": where.line if where else None,
                    "column": where.column if where else None, "field": issue.field,
                    "message": issue.message,
                    "value": issue.value if isinstance(issue.value, str | int | float | bool)
                    or issue.value is None else repr(issue.value),
                    "expected": issue.expected, "hint": hint_for(issue, names)})
    return out


# -- new-rubric ----------------------------------------------------------------------------

#: Template file -> where it goes in the new package (``$module`` is substituted).
SCAFFOLD: Final = (
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("gitignore.tmpl", ".gitignore"),
    ("init.py.tmpl", "src/$module/__init__.py"),
    ("plugin.py.tmpl", "src/$module/plugin.py"),
    ("rubric.toml.tmpl", "src/$module/rubric.toml"),
    ("kinds.toml.tmpl", "src/$module/kinds.toml"),
    ("py.typed.tmpl", "src/$module/py.typed"),
    ("test_rubric.py.tmpl", "tests/test_$module.py"),
    ("cases.toml.tmpl", "tests/$name.cases.toml"),
)


def scaffold(name: str, directory: Path) -> list[Path]:
    """Write a new rubric package called ``name`` into ``directory``; the files written."""
    values = {
        "name": name,
        "module": "wenming_rubric_" + name.replace("-", "_"),
        "distribution": f"wenming-rubric-{name}",
        "wenming_version": _wenming_version(),
    }
    written = []
    templates = resources.files("wenming.scaffold")
    for template, target in SCAFFOLD:
        text = string.Template(templates.joinpath(template).read_text("utf-8"))
        path = directory / string.Template(target).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.substitute(values), "utf-8")
        written.append(path)
    return written


def _wenming_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("wenming")
    except importlib.metadata.PackageNotFoundError:
        return "0.1.0"


@click.command("new-rubric")
@click.argument("name")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def new_rubric_command(ctx: click.Context, name: str, directory: Path | None) -> None:
    """Write a new rubric package, ready to install and test / 生成新的测评细则插件包.

    NAME is the rubric id (lowercase, hyphens), e.g. county-eco; the package is
    wenming-rubric-NAME, written to DIRECTORY (default: ./wenming-rubric-NAME).
    """
    from wenming.cli.errors import cli_error

    name = name.removeprefix("wenming-rubric-")
    if not _NAME.match(name):
        raise cli_error(f"not a rubric name / 不是有效的细则名称: {name!r}; expected lowercase "
                        "letters, digits and single hyphens, starting with a letter, "
                        "e.g. county-eco")
    target = directory or Path(f"wenming-rubric-{name}")
    if target.exists() and any(target.iterdir()):
        raise cli_error(f"{target} exists and is not empty / 目录已存在且非空; choose another "
                        "directory")
    written = scaffold(name, target)
    lang = _lang(ctx)
    click.echo(Label(f"已生成 {len(written)} 个文件：{target}",
                     f"Wrote {len(written)} files to {target}").text(lang))
    click.echo("\n".join([
        "",
        f"  cd {target}",
        "  pip install -e .            # " + Label("安装（注册入口点）",
                                                 "install (registers the entry point)").text(lang),
        "  wenming rubrics             # " + Label("应列出 ", "lists ").text(lang) + name,
        "  wenming check-rubric src/*/rubric.toml",
        "  python -m pytest tests      # " + Label("运行测试", "run its tests").text(lang),
    ]))
