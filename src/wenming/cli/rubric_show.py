"""``wenming rubrics show RUBRIC_ID``: a rubric criterion by criterion, traced to its clauses.

``rubrics`` becomes a group so that ``show`` can hang under it; with no
subcommand it still lists the installed rubrics exactly as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wenming.cli.errors import CliError
from wenming.cli.listing import rubrics_command
from wenming.cli.state import CliState
from wenming.model.labels import Label, Lang
from wenming.reporters import safety

if TYPE_CHECKING:
    from wenming.cli.state import Speaker
    from wenming.model.vocabulary import Vocabulary
    from wenming.plugins.manager import PluginHost
    from wenming.rubric.document import Rubric, Veto
    from wenming.rubric.trace import TraceRow
    from wenming.scoring.reasons import Rule

__all__ = ["FORMATS", "rubrics_group", "show_command"]

FORMATS = ("table", "markdown", "json", "xlsx")

#: Column keys in order, with their bilingual headers.
COLUMNS: dict[str, Label] = {
    "item": Label("测评项目", "Item"),
    "id": Label("评分细则编号", "Criterion id"),
    "requirement": Label("要求", "What is required"),
    "points": Label("分值", "Points"),
    "credit": Label("计分方式", "Credit"),
    "source": Label("依据条款", "Source"),
    "basis": Label("原文/自定", "Seed or choice"),
}

_NO_SOURCE = Label("（未注明）", "(not given)")
#: Column widths for the terminal table; long requirements wrap inside them.


class _RubricsGroup(click.Group):
    """``rubrics``: the listing when no subcommand is given, else the subcommand.

    The listing stays ``rubrics_command`` in ``cli/listing.py``; this group takes
    its options from it when they are read, so whatever options the listing
    gains (``--json``, ``--format`` …) ``wenming rubrics`` keeps.
    """

    @property
    def params(self) -> list[click.Parameter]:
        return rubrics_command.params

    @params.setter
    def params(self, _: list[click.Parameter]) -> None:
        pass  # click.Command.__init__ assigns params; the listing's are used instead


@click.group("rubrics", cls=_RubricsGroup, invoke_without_command=True)
@click.pass_context
def rubrics_group(ctx: click.Context, /, **listing: object) -> None:
    """List installed rubrics; `rubrics show ID` prints one / 列出已安装的测评细则.

    `wenming rubrics show ID` prints a rubric criterion by criterion, with the
    clause each encodes / 逐条列出测评细则及其依据条款.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(rubrics_command, **listing)


@rubrics_group.command("show")
@click.argument("rubric_id", metavar="RUBRIC_ID")
@click.argument("criterion_id", metavar="[CRITERION]", required=False)
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format / 输出格式.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout / 写入文件.")
@click.option("--force", is_flag=True, help="Overwrite an existing --output file / 覆盖已有文件.")
@click.option("--lang", type=click.Choice(["zh", "en"]),
              help="Language, overriding `wenming --lang` / 输出语言.")
@click.pass_context
def show_command(ctx: click.Context, rubric_id: str, criterion_id: str | None,
                 format_name: str, output: Path | None, force: bool,
                 lang: Lang | None) -> None:
    """Print a rubric criterion by criterion, traced to its document / 逐条列出测评细则.

    One row per criterion: item, criterion id, what is required (kinds,
    cadence, minimum, window), points and credit rule, the clause it encodes,
    and whether the document asks for it (seed) or the rubric chose it.
    With CRITERION (a criterion id or an item code), that criterion explained:
    what records count, and what makes one not count / 单条细则：哪些记录计入、为何不计入.
    """
    from wenming.cli import output as out
    from wenming.rubric.export import rubric_document
    from wenming.rubric.trace import trace_rows

    state = ctx.ensure_object(CliState)
    if lang is not None:
        state.lang = lang
    host = state.host
    rubrics = host.rubrics()
    [chosen] = out.rubric_ids(state, rubrics, [rubric_id], out.NO_RUBRIC)
    rubric = rubrics[chosen]
    if format_name == "xlsx" and output is None:
        raise CliError(state.say(Label(
            "xlsx 格式输出二进制内容，请用 --output 文件.xlsx 指定输出文件",
            "format 'xlsx' writes binary data; give --output FILE.xlsx")))
    out.refuse_overwrite(state, output, [], force)
    rows = trace_rows(rubric, host.criterion_types(), host.vocabulary())
    lang_now = state.lang
    if criterion_id is not None:
        rows = [r for r in rows if criterion_id in (r.criterion.id, r.item)]
        if not rows:
            known = ", ".join(dict.fromkeys(r.criterion.id for r in trace_rows(
                rubric, host.criterion_types(), host.vocabulary())))
            raise CliError(state.say(Label(
                f"细则 {rubric.id} 中没有评分细则或测评项目 {criterion_id!r}；可用：{known}",
                f"rubric {rubric.id} has no criterion or item {criterion_id!r}; "
                f"criteria: {known}")))
    rules = {id(r): _rules(r, rubric, host) for r in rows}
    heading = (f"{rubric.title.text(state.lang)} ({rubric.id} {rubric.version})"
               + (f" — {rubric.issuer.text(state.lang)}" if rubric.issuer.text(state.lang)
                  else "") + "\n" + _totals(rubric).text(lang_now))
    rendered: str | bytes
    if format_name == "json":
        rendered = safety.json_text(json.dumps(
            {"rubric": rubric.id, "version": rubric.version,
             "title": {"zh": rubric.title.zh, "en": rubric.title.en},
             "criteria": [{**row.to_dict(lang_now), **_rules_dict(rules[id(row)], lang_now)}
                          for row in rows],
             # every key of every level, as the TOML has it, to review against the document
             "document": rubric_document(rubric)},
            ensure_ascii=False, indent=2)) + "\n"
    else:
        headers = [COLUMNS[key].text(lang_now) for key in COLUMNS]
        body = [_cells(row, lang_now) for row in rows]
        if criterion_id is None:  # one criterion asked for: its row alone
            body += [_veto_cells(veto, host.vocabulary(), lang_now) for veto in rubric.vetoes]
        if format_name == "markdown":
            rendered = _markdown(heading, headers, body)
        elif format_name == "xlsx":
            from wenming.reporters.xlsx import table_workbook

            rendered = table_workbook(rubric.id, headers, body, heading)
        else:
            from wenming.reporters.table import fit_table, terminal_width, wrap_text

            width = terminal_width()
            title = "\n".join(part for line in heading.split("\n")
                              for part in wrap_text(line, width))
            rendered = title + "\n\n" + fit_table(
                headers, [[_text(c) for c in r] for r in body], width) + "\n"
        if criterion_id is not None and isinstance(rendered, str):
            rendered += "".join(_explained(row, rules[id(row)], lang_now,
                                           format_name == "markdown") for row in rows)
    _emit(state, rendered, output, force)


_Rules = tuple[tuple["Rule", ...], tuple["Rule", ...]]


def _rules(row: TraceRow, rubric: Rubric, host: PluginHost) -> _Rules:
    """What counts for the row's criterion and what does not (see scoring.reasons)."""
    from wenming.scoring.reasons import counting_rules

    criterion = row.criterion
    ctype = host.criterion_types().get(criterion.type)
    param = ctype.kinds_param if ctype is not None else "kinds"
    kinds = tuple(getattr(criterion.params, param, ()) or ()) if param else ()
    known = host.vocabulary().kinds
    names = [known[k].label if k in known else Label(k, k) for k in kinds]
    item = rubric.item(row.item) if not row.bonus else next(
        b for b in rubric.bonuses if b.code == row.item)
    conditions = [c.text for c in (item.applies_if, criterion.applies_if) if c is not None]
    return counting_rules(criterion.type, criterion.params, item.scope, conditions, names)


def _rules_dict(rules: _Rules, lang: Lang) -> dict[str, object]:
    counts, excluded = rules
    return {"counts": [r.text.text(lang) for r in counts],
            "not_counted": [{"cause": r.cause, "text": r.text.text(lang)} for r in excluded]}


def _explained(row: TraceRow, rules: _Rules, lang: Lang, markdown: bool) -> str:
    counts, excluded = rules
    clean = safety.markdown if markdown else safety.clean
    head = Label(f"{row.item} {row.item_title.zh} — {row.criterion.id}",
                 f"{row.item} {row.item_title.en} — {row.criterion.id}").text(lang)
    lines = ["", f"## {clean(head)}" if markdown else f"== {clean(head)} ==", "",
             clean(row.requirement.text(lang)), "",
             Label("一条记录计入，须：", "A record counts when it is:").text(lang)]
    lines += [f"- {clean(r.text.text(lang))}" for r in counts]
    if excluded:
        lines += ["", Label("不计入的原因（即评分结果 reasons 中的 causes）：",
                            "It does not count when (the causes a scorecard's reasons "
                            "name):").text(lang)]
        lines += [f"- `{r.cause}` {clean(r.text.text(lang))}" if markdown
                  else f"- {r.cause}: {clean(r.text.text(lang))}" for r in excluded]
    return "\n".join(lines) + "\n"


def _cells(row: TraceRow, lang: Lang) -> list[object]:
    criterion = row.criterion
    return [
        f"{row.item} {row.item_title.text(lang)}",
        criterion.id,
        row.requirement.text(lang),
        round(criterion.points, 4),
        row.credit(lang),
        row.source or _NO_SOURCE.text(lang),
        row.basis(lang),
    ]


def _totals(rubric: Rubric) -> Label:
    """The rubric's numbers a reviewer checks first: total, pass line, bonus cap, model."""
    line = "—" if rubric.pass_line is None else f"{rubric.pass_line:g}"
    cap = "—" if rubric.bonus_cap is None else f"{rubric.bonus_cap:g}"
    return Label(f"总分 {rubric.total:g}；合格线 {line}；加分上限 {cap}；计分模型 {rubric.model}；"
                 f"否决项 {len(rubric.vetoes)} 项",
                 f"Total {rubric.total:g}; pass line {line}; bonus cap {cap}; model "
                 f"{rubric.model}; {len(rubric.vetoes)} veto(es)")


def _veto_cells(veto: Veto, vocabulary: Vocabulary, lang: Lang) -> list[object]:
    """A veto as a row of the same table, so every format shows it."""
    from wenming.rubric.trace import BASIS_LABELS, veto_requirement

    head = Label(f"否决项 {veto.code} {veto.title.zh}", f"Veto {veto.code} {veto.title.en}")
    consequence = (Label("取消资格", "disqualifies") if veto.consequence == "disqualify"
                   else Label(f"扣 {veto.deduct:g} 分", f"{veto.deduct:g} points off"))
    basis = BASIS_LABELS.get(veto.basis)
    text = basis.text(lang) if basis else veto.basis
    if veto.interprets:
        text += (f"（解释“{veto.interprets}”）" if lang == "zh"
                 else f" (interprets “{veto.interprets}”)")
    return [head.text(lang), veto.code, veto_requirement(veto, vocabulary).text(lang),
            "—" if veto.consequence == "disqualify" else round(-veto.deduct, 4),
            consequence.text(lang), veto.source or _NO_SOURCE.text(lang), text]


def _text(value: object) -> str:
    return format(value, "g") if isinstance(value, float) else safety.clean(str(value))


def _markdown(heading: str, headers: Sequence[str], body: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return format(value, "g") if isinstance(value, float) else safety.markdown(str(value))

    lines = [f"# {safety.markdown(heading)}", "",
             "| " + " | ".join(safety.markdown(h) for h in headers) + " |",
             "| " + " | ".join("---:" if h == headers[3] else "---" for h in headers) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in values) + " |" for values in body]
    return "\n".join(lines) + "\n"


def _emit(state: Speaker, rendered: str | bytes, output: Path | None, force: bool) -> None:
    if output is None:
        click.echo(rendered, nl=False)  # xlsx without --output was refused before
        return
    payload = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    try:
        with output.open("wb" if force else "xb") as handle:
            handle.write(payload)
    except FileExistsError:  # created by someone else since the check
        from wenming.cli.output import exists_message

        raise CliError(exists_message(state, output)) from None
    click.echo(state.say(Label(f"已写入 {output}", f"wrote {output}")), err=True)
