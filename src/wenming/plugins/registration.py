"""Checks and names for a plugin being registered, and where its errors come from."""

from __future__ import annotations

import importlib.metadata
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from wenming.errors import PluginConflictError, PluginError
from wenming.model.vocabulary import EvidenceKind, Vocabulary

__all__ = ["check_marked", "check_no_wrappers", "default_name", "file_of", "kind_clash",
           "module_file", "own_version"]


def default_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    if isinstance(plugin, type):
        return f"{plugin.__module__}.{plugin.__qualname__}"
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def module_file(plugin: object) -> str | None:
    """The source file of a plugin module or of its class, for messages."""
    module = plugin if isinstance(plugin, ModuleType) else getattr(
        plugin if isinstance(plugin, type) else type(plugin), "__module__", None)
    if isinstance(module, str):
        import sys

        module = sys.modules.get(module)
    return getattr(module, "__file__", None)


def file_of(error: BaseException) -> str | None:
    """Where an exception was raised, as ``file:line`` (a syntax error's own position)."""
    if isinstance(error, SyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}" if error.lineno else error.filename
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if "importlib" not in f.filename and "<frozen" not in f.filename]
    if not frames:
        return None
    # The plugin's own line: the innermost frame outside the standard library and wenming
    # (an error raised by tomllib on the plugin's behalf belongs to the plugin's call).
    own = [f for f in frames if not _library(f.filename)]
    frame = (own or frames)[-1]
    return f"{frame.filename}:{frame.lineno}"


def _library(filename: str) -> bool:
    """Whether ``filename`` is in the standard library or in wenming itself."""
    import sysconfig

    try:
        path = Path(filename).resolve()
    except (OSError, ValueError):
        return False
    roots = {Path(sysconfig.get_paths()[k]).resolve() for k in ("stdlib", "platstdlib")}
    roots.add(Path(__file__).resolve().parents[1])  # src/wenming
    return any(path.is_relative_to(root) for root in roots)


def own_version() -> str | None:
    try:
        return importlib.metadata.version("wenming")
    except importlib.metadata.PackageNotFoundError:
        return None


def check_marked(pm: pluggy.PluginManager, plugin: object, provider: str) -> None:
    """Refuse ``wenming_*`` functions that lack ``@hookimpl``.

    pluggy would silently ignore them, and a rubric plugin whose hook is never
    called looks exactly like a plugin that is not installed.
    """
    for name in dir(plugin):
        if not name.startswith("wenming_"):
            continue
        try:
            value: Any = getattr(plugin, name)
        except Exception:  # a property that raises is not a hook; leave it alone
            continue
        if callable(value) and pm.parse_hookimpl_opts(plugin, name) is None:
            raise PluginError(
                f"{provider} defines {name}() but does not mark it with "
                "@wenming.plugins.hookimpl, so wenming would never call it"
            )


def check_no_wrappers(pm: pluggy.PluginManager, plugin: object, provider: str) -> None:
    # The host calls each implementation on its own to know who provided what,
    # which leaves nothing for a wrapper to wrap.
    for caller in pm.get_hookcallers(plugin) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper):
                raise PluginError(
                    f"{provider}: {caller.name} is declared as a hook wrapper; wenming hooks "
                    "only collect results, so implement it as a plain @hookimpl"
                )


def kind_clash(seen: Vocabulary, kinds: Iterable[EvidenceKind], provider: str
                ) -> PluginConflictError | None:
    """The first of ``kinds`` whose id or a name another plugin already registered."""
    for kind in kinds:
        for kind_name in (kind.id, kind.label.zh, kind.label.en, *kind.aliases):
            if kind_name and kind_name in seen:
                owner = seen[kind_name]
                if owner.id == kind.id:
                    return PluginConflictError("evidence kind", kind.id, owner.provider, provider)
                return PluginConflictError(
                    "evidence-kind name", kind_name, f"{owner.provider} (kind {owner.id!r})",
                    f"{provider} (kind {kind.id!r})")
    return None
