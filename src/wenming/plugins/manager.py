"""The plugin host: finds plugins, registers them and collects what they provide.

Every installed distribution that declares an entry point in the ``wenming``
group is loaded on its own, so one broken plugin produces an error that names
it (entry point, distribution and version) instead of a bare ImportError, and
users can switch it off with ``WENMING_DISABLE_PLUGINS``. Anything two
plugins both claim (a criterion type, a reporter, a rubric id, an evidence
kind or alias) is an error naming both providers: silently letting the last
one win would change scores depending on install order.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import pluggy
from attrs import frozen

from wenming.errors import DatasetError, PluginConflictError, PluginError
from wenming.model.vocabulary import EvidenceKind, Vocabulary
from wenming.plugins import hookspec
from wenming.plugins.types import CriterionType, Reporter, RubricSource

if TYPE_CHECKING:
    from wenming.rubric.document import Rubric

__all__ = ["DISABLE_ENV", "ENTRY_POINT_GROUP", "PluginHost", "PluginInfo"]

#: The entry-point group plugins declare (``[project.entry-points.wenming]``).
ENTRY_POINT_GROUP = hookspec.PROJECT
#: Comma-separated entry-point (or distribution) names to skip; ``*`` skips all.
DISABLE_ENV = "WENMING_DISABLE_PLUGINS"
#: The name the built-in plugin is registered under.
BUILTIN_NAME = "wenming"

_HOOK_NAMES = tuple(sorted(name for name in vars(hookspec) if name.startswith("wenming_")))

T = TypeVar("T")


@frozen
class PluginInfo:
    """What ``wenming plugins`` shows about one registered plugin."""

    name: str
    provider: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()


@frozen
class _Origin:
    """Where a registered plugin came from, for messages and ``plugins()``."""

    name: str
    provider: str
    distribution: str | None = None
    version: str | None = None


class PluginHost:
    """Registers wenming plugins and answers what they provide.

    Registration happens in the constructor (built-ins, then ``plugins``, then
    entry points); every later query is computed once and cached, under a lock,
    so a host may be shared between threads.
    """

    def __init__(
        self,
        *,
        autoload: bool = True,
        plugins: Iterable[object] = (),
        builtins: bool = True,
    ) -> None:
        self._pm = pluggy.PluginManager(hookspec.PROJECT)
        self._pm.add_hookspecs(hookspec)
        self._origins: dict[str, _Origin] = {}
        self._lock = threading.RLock()
        self._cache: dict[str, object] = {}
        self._disabled: list[str] = []
        if builtins:
            from wenming.plugins import builtins as builtin_plugin

            self._register(
                builtin_plugin,
                _Origin(BUILTIN_NAME, "wenming (built-in)", "wenming", _own_version()),
            )
        for plugin in plugins:
            self._register_explicit(plugin, None)
        if autoload:
            self._load_entry_points()
        self._check_pending()

    # -- registration ------------------------------------------------------
    def register(self, plugin: object, name: str | None = None) -> str:
        """Register a plugin object: a module, class or instance with hook implementations.

        Returns the name it is registered under (``name``, or one derived from
        the object). Cached results are dropped so later queries see the plugin.
        """
        with self._lock:
            name = self._register_explicit(plugin, name)
            try:
                self._check_pending()
            except PluginError:
                self._pm.unregister(plugin)
                del self._origins[name]
                self._cache.clear()
                raise
            return name

    def _register_explicit(self, plugin: object, name: str | None) -> str:
        if name is None:
            name = self._free_name(_default_name(plugin))
        return self._register(plugin, _Origin(name, f"plugin {name}"))

    def _register(self, plugin: object, origin: _Origin) -> str:
        with self._lock:
            if self._pm.is_registered(plugin):
                # The same object listed twice (two entry points naming one
                # module) adds nothing; registering it again would only fail.
                return self._pm.get_name(plugin) or origin.name
            if origin.name in self._origins:
                raise PluginConflictError(
                    "plugin", origin.name, self._origins[origin.name].provider, origin.provider
                )
            _check_marked(self._pm, plugin, origin.provider)
            try:
                self._pm.register(plugin, origin.name)
            except pluggy.PluginValidationError as err:
                raise PluginError(
                    f"{origin.provider} is not a valid wenming plugin: {err}"
                ) from err
            except ValueError as err:  # pluggy: name or object already registered / blocked
                raise PluginError(f"cannot register {origin.provider}: {err}") from err
            self._origins[origin.name] = origin
            try:
                _check_no_wrappers(self._pm, plugin, origin.provider)
            except PluginError:
                self._pm.unregister(plugin)
                del self._origins[origin.name]
                raise
            self._cache.clear()
            return origin.name

    def _free_name(self, base: str) -> str:
        name, number = base, 1
        while name in self._origins:
            number += 1
            name = f"{base}-{number}"
        return name

    def _load_entry_points(self) -> None:
        disabled = {
            part.strip().casefold()
            for part in os.environ.get(DISABLE_ENV, "").split(",")
            if part.strip()
        }
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = getattr(entry_point, "dist", None)
            dist_name: str | None = getattr(dist, "name", None) if dist is not None else None
            version: str | None = getattr(dist, "version", None) if dist is not None else None
            names = {entry_point.name.casefold()}
            if dist_name:
                names.add(dist_name.casefold())
            if "*" in disabled or names & disabled:
                self._disabled.append(entry_point.name)
                continue
            where = f"entry point {entry_point.name!r}"
            provider = f"{dist_name} {version} ({where})" if dist_name else where
            try:
                plugin = entry_point.load()
            except Exception as err:
                source = (f"distribution {dist_name} {version}" if dist_name
                          else "an unknown distribution")
                raise PluginError(
                    f"cannot load plugin {where} = {entry_point.value!r} from {source}: "
                    f"{type(err).__name__}: {err}. Fix or uninstall the plugin, or set "
                    f"{DISABLE_ENV}={entry_point.name} to skip it"
                ) from err
            self._register(plugin, _Origin(entry_point.name, provider, dist_name, version))

    def _check_pending(self) -> None:
        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as err:
            plugin = err.plugin
            unknown = [
                caller.name
                for caller in self._pm.get_hookcallers(plugin) or ()
                if not caller.has_spec()
            ]
            provider = self.provider_of(plugin)
            hooks = ", ".join(repr(name) for name in unknown) or "a hook"
            close = difflib.get_close_matches(unknown[0], _HOOK_NAMES, n=1) if unknown else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise PluginError(
                f"{provider} implements unknown hook {hooks}{hint} "
                f"(wenming's hooks: {', '.join(_HOOK_NAMES)})"
            ) from err

    # -- who is who --------------------------------------------------------
    def provider_of(self, plugin: object) -> str:
        """A human description of who registered ``plugin``, for messages."""
        name = self._pm.get_name(plugin)
        if name is None:
            raise KeyError(f"{plugin!r} is not registered with this host")
        return self._origins[name].provider

    @property
    def disabled(self) -> tuple[str, ...]:
        """Entry points skipped because of ``WENMING_DISABLE_PLUGINS``."""
        return tuple(self._disabled)

    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin, in registration order."""
        with self._lock:
            infos = []
            for name, plugin in self._pm.list_name_plugin():
                origin = self._origins[name]
                hooks = sorted(caller.name for caller in self._pm.get_hookcallers(plugin) or ())
                infos.append(
                    PluginInfo(name, origin.provider, origin.distribution, origin.version,
                               tuple(hooks))
                )
            return tuple(infos)

    # -- what plugins provide ----------------------------------------------
    def evidence_kinds(self) -> tuple[EvidenceKind, ...]:
        """Every evidence kind, each with ``provider`` set to who registered it."""
        return self._cached("evidence_kinds", self._compute_kinds)

    def vocabulary(self) -> Vocabulary:
        """The shared vocabulary of all registered evidence kinds."""
        return self._cached("vocabulary", self._compute_vocabulary)

    def criterion_types(self) -> Mapping[str, CriterionType]:
        return self._cached(
            "criterion_types", lambda: self._unique("criterion type", self._criterion_items())
        )

    def reporters(self) -> Mapping[str, Reporter]:
        return self._cached("reporters", lambda: self._unique("reporter", self._reporter_items()))

    def rubric_sources(self) -> tuple[tuple[RubricSource, str], ...]:
        """Every rubric document with the provider that shipped it."""
        return self._cached(
            "rubric_sources", lambda: tuple(self._collect("wenming_rubrics", RubricSource))
        )

    def rubrics(self) -> Mapping[str, Rubric]:
        """Every rubric, parsed and validated against all types and kinds, by id."""
        return self._cached("rubrics", self._compute_rubrics)

    # -- computing ---------------------------------------------------------
    def _cached(self, key: str, compute: Callable[[], T]) -> T:
        # An RLock because rubrics() needs vocabulary() and criterion_types().
        # Failures are not cached: the next call raises the same error again.
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return cast(T, self._cache[key])

    def _collect(self, hook_name: str, expected: type[T]) -> list[tuple[T, str]]:
        """Call each implementation of a hook on its own, so results keep their provider."""
        caller: pluggy.HookCaller = getattr(self._pm.hook, hook_name)
        found: list[tuple[T, str]] = []
        for impl in caller.get_hookimpls():
            provider = self.provider_of(impl.plugin)
            try:
                result = impl.function()
                if result is None:
                    continue
                if isinstance(result, (str, bytes, expected)) or not isinstance(result, Iterable):
                    raise TypeError(
                        f"returned {result!r}; return a list (or yield) of "
                        f"{expected.__name__} objects"
                    )
                items = list(result)
            except Exception as err:
                raise PluginError(
                    f"{provider} failed in hook {hook_name}: {type(err).__name__}: {err}"
                ) from err
            for item in items:
                if not isinstance(item, expected):
                    raise PluginError(
                        f"{provider}: hook {hook_name} returned {item!r}, "
                        f"expected {expected.__name__} objects"
                    )
                found.append((item, provider))
        return found

    def _criterion_items(self) -> list[tuple[str, CriterionType, str]]:
        return [(t.name, t, p) for t, p in self._collect("wenming_criterion_types", CriterionType)]

    def _reporter_items(self) -> list[tuple[str, Reporter, str]]:
        return [(r.name, r, p) for r, p in self._collect("wenming_reporters", Reporter)]

    @staticmethod
    def _unique(what: str, items: Iterable[tuple[str, T, str]]) -> Mapping[str, T]:
        chosen: dict[str, T] = {}
        providers: dict[str, str] = {}
        for name, item, provider in items:
            if name in chosen:
                raise PluginConflictError(what, name, providers[name], provider)
            chosen[name] = item
            providers[name] = provider
        return MappingProxyType(chosen)

    def _compute_kinds(self) -> tuple[EvidenceKind, ...]:
        by_provider: dict[str, list[EvidenceKind]] = {}
        for kind, provider in self._collect("wenming_evidence_kinds", EvidenceKind):
            by_provider.setdefault(provider, []).append(attrs.evolve(kind, provider=provider))
        # Check provider by provider so a clash between two plugins names both
        # of them; Vocabulary.of alone would name only the second.
        seen = Vocabulary.of(())
        for provider, kinds in by_provider.items():
            try:
                Vocabulary.of(kinds)
            except DatasetError as err:
                raise PluginError(
                    f"{provider} registered inconsistent evidence kinds: {err}"
                ) from err
            for kind in kinds:
                for name in (kind.id, kind.label.zh, kind.label.en, *kind.aliases):
                    if name and name in seen:
                        owner = seen[name]
                        if owner.id == kind.id:
                            raise PluginConflictError("evidence kind", kind.id, owner.provider,
                                                      provider)
                        raise PluginConflictError(
                            "evidence-kind name", name,
                            f"{owner.provider} (kind {owner.id!r})",
                            f"{provider} (kind {kind.id!r})",
                        )
            seen = seen.extended(kinds)
        return tuple(kind for kinds in by_provider.values() for kind in kinds)

    def _compute_vocabulary(self) -> Vocabulary:
        try:
            return Vocabulary.of(self.evidence_kinds())
        except DatasetError as err:  # pragma: no cover - _compute_kinds catches these first
            raise PluginError(str(err)) from err

    def _compute_rubrics(self) -> Mapping[str, Rubric]:
        from wenming.rubric import load_rubric

        criterion_types = self.criterion_types()
        vocabulary = self.vocabulary()
        chosen: dict[str, Rubric] = {}
        for source, provider in self.rubric_sources():
            rubric = load_rubric(source, criterion_types=criterion_types, vocabulary=vocabulary,
                                 provider=provider)
            if rubric.id in chosen:
                raise PluginConflictError("rubric", rubric.id, chosen[rubric.id].provider, provider)
            chosen[rubric.id] = rubric
        return MappingProxyType(chosen)


def _default_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    if isinstance(plugin, type):
        return f"{plugin.__module__}.{plugin.__qualname__}"
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _own_version() -> str | None:
    try:
        return importlib.metadata.version("wenming")
    except importlib.metadata.PackageNotFoundError:
        return None


def _check_marked(pm: pluggy.PluginManager, plugin: object, provider: str) -> None:
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


def _check_no_wrappers(pm: pluggy.PluginManager, plugin: object, provider: str) -> None:
    # The host calls each implementation on its own to know who provided what,
    # which leaves nothing for a wrapper to wrap.
    for caller in pm.get_hookcallers(plugin) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper):
                raise PluginError(
                    f"{provider}: {caller.name} is declared as a hook wrapper; wenming hooks "
                    "only collect results, so implement it as a plain @hookimpl"
                )
