"""Problems with plugins and rubric documents, in words an author can act on.

Shared by ``wenming check-rubric``, the report of broken plugins and the
test kit, so a rubric error reads the same everywhere: the file, the line
and column of the key, the field, what was wrong, and a hint when there is
an obvious next step (a close criterion type, how to add an evidence kind).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Final

from attrs import evolve

from wenming.errors import DataIssue, PluginError
from wenming.plugins.info import BrokenPlugin
from wenming.rubric.positions import Position, locate, positions

__all__ = ["ADD_KIND_HINT", "describe_broken", "describe_issues", "duplicate_rubric",
           "hint_for"]

#: How a rubric package adds an evidence kind: the real mechanism, in one breath.
ADD_KIND_HINT: Final = (
    "to add a kind, list it as a [[kind]] table in a kinds.toml inside your rubric package "
    "and return kinds_from_package(__package__) from a @hookimpl wenming_evidence_kinds() "
    "in your plugin module (docs: hooks.md#wenming_evidence_kinds); `wenming kinds` lists "
    "the kinds installed now / 如需新增证据类型，请在细则包的 kinds.toml 中定义并通过 "
    "wenming_evidence_kinds 钩子注册")


def hint_for(issue: DataIssue, criterion_types: Iterable[str] = ()) -> str | None:
    """A next step for ``issue``: a close criterion type, or how to add a kind."""
    if issue.message.startswith("unknown criterion type"):
        names = sorted(criterion_types)
        close = difflib.get_close_matches(str(issue.value), names, n=3, cutoff=0.5)
        if close:
            return f"did you mean / 您是否指: {', '.join(close)}?"
        return "`wenming types` lists the installed criterion types / 列出已安装的评分类型"
    if issue.message.startswith("unknown evidence kind"):
        return ADD_KIND_HINT
    return None


def describe_issues(issues: Iterable[DataIssue], text: str | None, where: str,
                    criterion_types: Iterable[str] = ()) -> list[str]:
    """Each issue as ``file:line:column [field]: message …``, with a hint line when useful.

    ``text`` is the TOML the issues are about (their positions are found in
    it); ``where`` the file name to show.
    """
    table = positions(text) if text is not None else None
    names = tuple(criterion_types)
    lines: list[str] = []
    for issue in issues:
        found: Position | None = None
        if text is not None and table is not None:
            found = locate(text, issue, table)
        shown = evolve(issue, where=where, line=None)
        body = str(shown)[len(where):]
        place = f"{where}:{found.line}:{found.column}" if found else where
        lines.append(f"{place}{body}")
        hint = hint_for(issue, names)
        if hint:
            lines.append(f"    hint / 提示: {hint}")
    return lines


def describe_broken(broken: object, criterion_types: Mapping[str, object] | None = None
                    ) -> str:
    """A :class:`~wenming.plugins.manager.BrokenPlugin` in words, every problem located."""
    assert isinstance(broken, BrokenPlugin)
    who = broken.provider
    lines = [f"{who} is broken and was left out / 插件有误，已停用:"]
    for problem in broken.problems:
        where = problem.file or "?"
        if problem.issues:
            lines.append(f"  {problem.stage} ({where}): {len(problem.issues)} problem"
                         f"{'s' if len(problem.issues) != 1 else ''}")
            lines += [f"    {line}" for line in describe_issues(
                problem.issues, problem.text, where, criterion_types or ())]
        else:
            first, *rest = problem.message.splitlines() or [""]
            lines.append(f"  {problem.stage} ({where}): {first}")
            lines += [f"    {line}" for line in rest]
    return "\n".join(lines)


def duplicate_rubric(rubric_id: str, provider: str, providers: Iterable[str]) -> PluginError:
    """Why ``provider``'s rubric ``rubric_id`` is not used: ``providers`` ship one too."""
    others = sorted(set(providers) - {provider}) or [f"{provider} itself, in another document"]
    return PluginError(
        f"{provider} registers rubric {rubric_id!r}, which {' and '.join(others)} also "
        f"register(s); no copy of {rubric_id!r} is used until all but one are uninstalled / "
        "细则编号重复，暂不使用该细则")
