"""``wenming plugins`` and ``wenming rubrics``: the listings, and what ``validate`` shares.

Each listing prints a table that fits the terminal, or JSON (``--format json``;
``--json`` is its hidden older spelling).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from wenming.cli import output as out
from wenming.cli.state import CliState, pass_state
from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.plugins.manager import BrokenPlugin
    from wenming.rubric.document import Rubric

__all__ = ["broken_data", "chosen_format", "echo_json", "listing_format", "listing_table",
           "plain_number", "plugins_command", "rubric_data", "rubric_table", "rubrics_command"]


def listing_format(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json``, and ``--json``, its hidden older spelling."""
    func = click.option("--json", "as_json", is_flag=True, hidden=True,
                        help="Deprecated: use --format json / 已弃用，请用 --format json.")(func)
    return out.format_option(None)(func)


def chosen_format(state: CliState, format_name: str, as_json: bool) -> str:
    if as_json:
        click.echo(state.say(Label("--json 已弃用，请改用 --format json",
                                   "--json is deprecated; use --format json")), err=True)
        return "json"
    return format_name


# -- plugins ---------------------------------------------------------------
@click.command("plugins")
@listing_format
@pass_state
def plugins_command(state: CliState, format_name: str, as_json: bool) -> None:
    """List installed plugins / 列出已安装的插件."""
    host = state.host
    infos = host.plugins()
    broken = {b.name: b for b in host.broken()}

    def status(name: str) -> tuple[str, Label]:
        found = broken.get(name)
        if found is None:
            return "ok", Label("正常", "ok")
        count = len(found.problems)
        return "broken", Label(f"有误（{count} 个问题），已排除",
                               f"broken ({count} problem{'s' if count != 1 else ''}), left out")

    if chosen_format(state, format_name, as_json) == "json":
        echo_json([
            {"name": info.name, "provider": info.provider, "distribution": info.distribution,
             "version": info.version, "hooks": list(info.hooks), "status": status(info.name)[0]}
            for info in infos
        ])
    else:
        rows = [
            (info.name,
             " ".join(part for part in (info.distribution, info.version) if part) or "—",
             ", ".join(hook.removeprefix("wenming_") for hook in info.hooks) or "—",
             status(info.name)[1].text(state.lang))
            for info in infos
        ]
        click.echo(listing_table(rows, headers=["插件 Plugin", "发行包 Distribution",
                                                "钩子 Hooks", "状态 Status"]))
    if host.disabled:
        from wenming.plugins.manager import DISABLE_ENV

        names = ", ".join(host.disabled)
        click.echo(state.say(Label(f"已由 {DISABLE_ENV} 停用：{names}",
                                   f"disabled by {DISABLE_ENV}: {names}")), err=True)


# -- rubrics ---------------------------------------------------------------
@click.command("rubrics")
@listing_format
@pass_state
def rubrics_command(state: CliState, format_name: str = "table", as_json: bool = False) -> None:
    """List installed rubrics / 列出已安装的测评细则."""
    host = state.host
    rubrics = host.rubrics()
    broken = host.broken()
    if chosen_format(state, format_name, as_json) == "json":
        echo_json([*(rubric_data(r) for r in rubrics.values()),
                    *(broken_data(b) for b in broken)])
        if not rubrics:
            click.echo(state.say(out.no_rubric(host)), err=True)
        return
    if not rubrics and not broken:
        click.echo(state.say(out.no_rubric(host)))
        return
    click.echo(rubric_table(rubrics.values(), state.lang, broken))


def rubric_data(rubric: Rubric) -> dict[str, object]:
    return {"id": rubric.id, "version": rubric.version,
            "title": {"zh": rubric.title.zh, "en": rubric.title.en},
            "level": rubric.level, "total": rubric.total, "provider": rubric.provider,
            "status": "ok"}


def broken_data(plugin: BrokenPlugin) -> dict[str, object]:
    return {"id": plugin.name, "version": plugin.version, "title": None, "level": None,
            "total": None, "provider": plugin.distribution or plugin.provider,
            "status": "broken",
            "problems": [{"stage": p.stage, "message": p.message, "file": p.file}
                         for p in plugin.problems]}


_BROKEN = Label("损坏，已排除（见上方报告）", "broken, left out (see the report above)")


def rubric_table(rubrics: Iterable[Rubric], lang: Lang,
                  broken: Iterable[BrokenPlugin] = ()) -> str:
    rows = [(r.id, r.version, r.title.text(lang), r.level, plain_number(r.total),
             provider_cell(r.provider, lang)) for r in rubrics]
    rows += [(b.name, b.version or "", _BROKEN.text(lang), "", "",
              provider_cell(b.distribution or b.provider, lang)) for b in broken]
    return listing_table(rows, lang=lang, headers=["编号 ID", "版本 Version", "名称 Title",
                                                   "级别 Level",
                                   "总分 Total", "提供者 Provider"],
                    disable_numparse=True)


def provider_cell(provider: str, lang: Lang = "en") -> str:
    """A provider as a table cell: ``(entry point 'provincial-18')`` loses its quotes and
    brackets, so a narrow column wraps between words, never inside an entry point's name."""
    return re.sub(r"\s*\(entry point '([^']+)'\)",
                  r"，入口 \1" if lang == "zh" else r", entry point \1", provider)


# -- helpers ---------------------------------------------------------------
def listing_table(rows: Iterable[Sequence[object]], headers: Sequence[str],
                  lang: Lang | None = None, **options: Any) -> str:
    """A listing that fits the terminal: text columns wrap, as the reports' tables do.

    Headers are written ``"编号 ID"``; under ``lang`` zh only the Chinese half is shown.
    """
    from wenming.reporters.table import fit_table, terminal_width

    if lang == "zh":
        headers = [re.sub(r"\s+[A-Za-z][A-Za-z ()]*$", "", h) or h for h in headers]

    body = [["" if cell is None else str(cell) for cell in row] for row in rows]
    right = tuple(i for i in range(len(headers))
                  if body and all(_is_number(row[i]) for row in body))
    # Ids, versions and levels are single words: cut, they would read as other ids.
    keep = tuple(i for i in range(len(headers)) if i not in right and body
                 and all(len(row[i]) <= _WORD and row[i].isascii()
                         and not any(c.isspace() for c in row[i]) for row in body))
    return fit_table(list(headers), body, terminal_width(), right=right, keep=keep)


_WORD = 24


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def plain_number(value: float) -> str:
    return format(value, "g")
