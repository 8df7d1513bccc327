"""The plugin host: finds plugins, registers them and collects what they provide.

Every installed distribution that declares an entry point in the ``wenming``
group is loaded on its own, as pytest and conda load theirs: a plugin that
fails to import or register, whose hook raises, or whose rubric document is
invalid is recorded as a :class:`BrokenPlugin` (entry point, distribution,
version, file and the located errors) and left out, and the other plugins
still work. ``PluginHost(strict=True)`` (``wenming --strict-plugins``) raises
the first such error instead, for the CI of a plugin itself; users can also
switch a plugin off with ``WENMING_DISABLE_PLUGINS``.

Anything two plugins both claim (a criterion type, a reporter, a rubric id,
an evidence kind or alias, a festival name) is an error naming both
providers in either mode: leaving one out would change scores depending on
install order, and neither is more "broken" than the other.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar, cast

import attrs
import pluggy

from wenming.calendar.festivals import (
    Festival,
    FestivalConflictError,
    FestivalError,
    add_festivals,
)
from wenming.errors import (
    DataIssue,
    DatasetError,
    PluginConflictError,
    PluginError,
    RubricError,
)
from wenming.model.vocabulary import EvidenceKind, Vocabulary
from wenming.plugin_types import CriterionType, Reporter, RubricSource
from wenming.plugins import hookspec
from wenming.plugins.info import BrokenPlugin, Origin, PluginInfo, PluginProblem
from wenming.plugins.problems import duplicate_rubric
from wenming.plugins.registration import (
    check_marked,
    check_no_wrappers,
    default_name,
    file_of,
    kind_clash,
    module_file,
    own_version,
)

if TYPE_CHECKING:
    from wenming.rubric.document import Rubric

__all__ = [
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "BrokenPlugin",
    "PluginHost",
    "PluginInfo",
    "PluginProblem",
]

#: The entry-point group plugins declare (``[project.entry-points.wenming]``).
ENTRY_POINT_GROUP = hookspec.PROJECT
#: Comma-separated entry-point (or distribution) names to skip; ``*`` skips all.
DISABLE_ENV = "WENMING_DISABLE_PLUGINS"
#: The name the built-in plugin is registered under.
BUILTIN_NAME = "wenming"

_HOOK_NAMES = tuple(sorted(name for name in vars(hookspec) if name.startswith("wenming_")))

T = TypeVar("T")


class PluginHost:
    """Registers wenming plugins and answers what they provide.

    Registration happens in the constructor (built-ins, then ``plugins``, then
    entry points); every later query is computed once and cached, under a lock,
    so a host may be shared between threads.

    ``strict`` raises the first problem of any plugin instead of leaving the
    plugin out (see :meth:`broken`); ``only`` loads just the entry points (or
    distributions) it names, as a rubric's own tests do.
    """

    def __init__(
        self,
        *,
        autoload: bool = True,
        plugins: Iterable[object] = (),
        builtins: bool = True,
        strict: bool = False,
        only: Iterable[str] | None = None,
    ) -> None:
        self._pm = pluggy.PluginManager(hookspec.PROJECT)
        self._pm.add_hookspecs(hookspec)
        self._origins: dict[str, Origin] = {}
        self._lock = threading.RLock()
        self._cache: dict[str, object] = {}
        self._disabled: list[str] = []
        self.strict = strict
        #: plugin name -> (origin, problems); kept across cache drops, each problem once
        self._broken: dict[str, tuple[Origin, list[PluginProblem]]] = {}
        #: plugins whose evidence kinds were left out; their rubrics are not loaded
        self._kinds_broken: set[str] = set()
        #: entry-point plugins, which a non-strict host leaves out when they fail
        self._autoloaded: set[str] = set()
        self._only = None if only is None else {name.casefold() for name in only}
        if builtins:
            from wenming.plugins import builtins as builtin_plugin

            self._register(
                builtin_plugin,
                Origin(BUILTIN_NAME, "wenming (built-in)", "wenming", own_version()),
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
            name = self._free_name(default_name(plugin))
        return self._register(plugin, Origin(name, f"plugin {name}"))

    def _register(self, plugin: object, origin: Origin) -> str:
        with self._lock:
            if self._pm.is_registered(plugin):
                # The same object listed twice (two entry points naming one
                # module) adds nothing; registering it again would only fail.
                return self._pm.get_name(plugin) or origin.name
            if origin.name in self._origins:
                raise PluginConflictError(
                    "plugin", origin.name, self._origins[origin.name].provider, origin.provider
                )
            check_marked(self._pm, plugin, origin.provider)
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
                check_no_wrappers(self._pm, plugin, origin.provider)
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
            if self._only is not None and not names & self._only:
                continue
            where = f"entry point {entry_point.name!r}"
            provider = f"{dist_name} {version} ({where})" if dist_name else where
            origin = Origin(entry_point.name, provider, dist_name, version)
            try:
                plugin = entry_point.load()
            except Exception as err:
                source = (f"distribution {dist_name} {version}" if dist_name
                          else "an unknown distribution")
                error = PluginError(
                    f"cannot load plugin {where} = {entry_point.value!r} from {source}: "
                    f"{type(err).__name__}: {err}. Fix or uninstall the plugin, or set "
                    f"{DISABLE_ENV}={entry_point.name} to skip it")
                error.__cause__ = err
                self._fail(origin, "load", error, file_of(err))
                continue
            try:
                name = self._register(plugin, origin)
            except PluginConflictError:
                raise
            except PluginError as err:
                self._fail(origin, "register", err, module_file(plugin))
                continue
            self._autoloaded.add(name)

    def _fail(self, origin: Origin, stage: str, error: BaseException, file: str | None = None,
              issues: tuple[DataIssue, ...] = (), text: str | None = None) -> None:
        """Raise ``error`` on a strict host; otherwise remember the plugin as broken."""
        if self.strict:
            raise error
        with self._lock:
            entry = self._broken.setdefault(origin.name, (origin, []))
            problem = PluginProblem(stage, str(error), file, issues, text, error)
            if problem not in entry[1]:
                entry[1].append(problem)

    def _fail_plugin(self, plugin_name: str, stage: str, error: BaseException,
                     file: str | None = None, issues: tuple[DataIssue, ...] = (),
                     text: str | None = None) -> None:
        self._fail(self._origins[plugin_name], stage, error, file, issues, text)

    def _check_pending(self) -> None:
        while True:
            try:
                self._pm.check_pending()
                return
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
                error = PluginError(
                    f"{provider} implements unknown hook {hooks}{hint} "
                    f"(wenming's hooks: {', '.join(_HOOK_NAMES)})")
                name = self._pm.get_name(plugin)
                if self.strict or name not in self._autoloaded:
                    raise error from err
                # An installed plugin with a misspelt hook is left out like any broken one.
                self._fail_plugin(name, "register", error, module_file(plugin))
                self._pm.unregister(plugin)
                self._autoloaded.discard(name)
                del self._origins[name]
                self._cache.clear()

    # -- who is who --------------------------------------------------------
    def provider_of(self, plugin: object) -> str:
        """A human description of who registered ``plugin``, for messages."""
        name = self._pm.get_name(plugin)
        if name is None:
            raise KeyError(f"{plugin!r} is not registered with this host")
        return self._origins[name].provider

    def broken(self) -> tuple[BrokenPlugin, ...]:
        """Plugins left out because they failed, each with every problem found.

        Asks every hook (and validates every rubric) first, so the answer is
        complete; a strict host raises the first problem instead.
        """
        with self._lock:
            self.check()
            return tuple(
                BrokenPlugin(origin.name, origin.provider, origin.distribution, origin.version,
                             tuple(problems))
                for origin, problems in self._broken.values())

    def check(self) -> None:
        """Collect everything plugins provide, so every problem is found now.

        Conflicts between plugins raise :class:`PluginConflictError`; other
        problems raise on a strict host and are recorded in :meth:`broken`
        otherwise.
        """
        self.reporters()
        self.rubrics()

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
        """Every valid rubric, parsed and checked against all types and kinds, by id.

        An invalid document raises :class:`RubricError` on a strict host; otherwise
        it is left out and its plugin listed by :meth:`broken`.
        """
        return self._cached("rubrics", self._compute_rubrics)

    def festivals(self) -> tuple[tuple[Festival, str], ...]:
        """Festivals plugins add, each with its provider; they are added to the calendar.

        Computed before the vocabulary and the rubrics, since ledgers and rubric
        parameters name festivals.
        """
        return self._cached("festivals", self._compute_festivals)

    def criterion_type_providers(self) -> Mapping[str, str]:
        """Who registered each criterion type, by type name."""
        return self._cached("criterion_type_providers", lambda: MappingProxyType(
            {name: provider for name, _, provider in self._criterion_items()}))

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
        return [(item, self._origins[name].provider)
                for item, name in self._collect_named(hook_name, expected)]

    def _collect_named(self, hook_name: str, expected: type[T]) -> list[tuple[T, str]]:
        """Like :meth:`_collect`, with the registered plugin name instead of the provider."""
        caller: pluggy.HookCaller = getattr(self._pm.hook, hook_name)
        found: list[tuple[T, str]] = []
        for impl in caller.get_hookimpls():
            name = self._pm.get_name(impl.plugin)
            assert name is not None  # every implementation comes from a registered plugin
            provider = self._origins[name].provider
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
                for item in items:
                    if not isinstance(item, expected):
                        raise PluginError(
                            f"{provider}: hook {hook_name} returned {item!r}, "
                            f"expected {expected.__name__} objects"
                        )
            except PluginError as err:
                self._fail_plugin(name, f"hook {hook_name}", err, module_file(impl.plugin))
                continue
            except Exception as err:
                error = PluginError(
                    f"{provider} failed in hook {hook_name}: {type(err).__name__}: {err}")
                error.__cause__ = err
                # A DatasetError (a kinds.toml, say) carries its issues, each with its line.
                issues = tuple(getattr(err, "issues", ()) or ())
                self._fail_plugin(name, f"hook {hook_name}", error,
                                  file_of(err) or module_file(impl.plugin),
                                  issues if all(isinstance(i, DataIssue) for i in issues)
                                  else ())
                continue
            found.extend((item, name) for item in items)
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
        by_plugin: dict[str, list[EvidenceKind]] = {}
        for kind, name in self._collect_named("wenming_evidence_kinds", EvidenceKind):
            provider = self._origins[name].provider
            by_plugin.setdefault(name, []).append(attrs.evolve(kind, provider=provider))
        # Check plugin by plugin so a clash between two plugins names both
        # of them; Vocabulary.of alone would name only the second.
        seen = Vocabulary.of(())
        chosen: list[EvidenceKind] = []
        # A plugin whose hook raised (a kinds.toml that does not load) added no kinds either.
        self._kinds_broken = {name for name, (_, problems) in self._broken.items()
                              if any(p.stage == "hook wenming_evidence_kinds" for p in problems)}
        for name, kinds in by_plugin.items():
            provider = self._origins[name].provider
            try:
                Vocabulary.of(kinds)
            except DatasetError as err:
                error = PluginError(f"{provider} registered inconsistent evidence kinds: {err}")
                error.__cause__ = err
                self._kinds_broken.add(name)
                self._fail_plugin(name, "hook wenming_evidence_kinds", error, issues=err.issues)
                continue
            clash = kind_clash(seen, kinds, provider)
            if clash is not None:
                # The later plugin is left out like any broken one (its kinds, and so its
                # rubrics): one clash must not stop every command, `wenming plugins` included.
                self._kinds_broken.add(name)
                self._fail_plugin(name, "hook wenming_evidence_kinds", clash)
                continue
            seen = seen.extended(kinds)
            chosen.extend(kinds)
        return tuple(chosen)

    def _compute_vocabulary(self) -> Vocabulary:
        self.festivals()  # ledgers name festivals; the calendar must know them first
        try:
            return Vocabulary.of(self.evidence_kinds())
        except DatasetError as err:  # pragma: no cover - _compute_kinds catches these first
            raise PluginError(str(err)) from err

    def _compute_festivals(self) -> tuple[tuple[Festival, str], ...]:
        by_plugin: dict[str, list[Festival]] = {}
        for festival, name in self._collect_named("wenming_festivals", Festival):
            by_plugin.setdefault(name, []).append(festival)
        added: list[tuple[Festival, str]] = []
        for name, festivals in by_plugin.items():
            provider = self._origins[name].provider
            try:
                add_festivals(festivals, provider)
            except FestivalConflictError as err:
                raise PluginConflictError("festival name", err.name, err.first,
                                          err.second) from err
            except FestivalError as err:
                error = PluginError(f"{provider} registered an invalid festival: {err}")
                error.__cause__ = err
                self._fail_plugin(name, "hook wenming_festivals", error)
                continue
            added.extend((festival, provider) for festival in festivals)
        return tuple(added)

    def _compute_rubrics(self) -> Mapping[str, Rubric]:
        from wenming.rubric import load_rubric

        criterion_types = self.criterion_types()
        vocabulary = self.vocabulary()
        by_id: dict[str, list[tuple[Rubric, str, RubricSource]]] = {}
        kinds_broken = self._kinds_broken
        for source, name in self._collect_named("wenming_rubrics", RubricSource):
            provider = self._origins[name].provider
            if name in kinds_broken:
                # Its rubrics would only repeat "unknown evidence kind" for every kind the
                # plugin failed to add: name the cause once instead of its consequences.
                self._fail_plugin(name, f"rubric {source.origin}", PluginError(
                    f"not loaded: {provider}'s evidence kinds are broken (above); fix them "
                    "first / 证据类型有误，细则未加载"), source.path or source.origin)
                continue
            try:
                rubric = load_rubric(source, criterion_types=criterion_types,
                                     vocabulary=vocabulary, provider=provider)
            except RubricError as err:
                self._fail_plugin(name, f"rubric {err.rubric}", err, source.path or source.origin,
                                  err.issues, source.text)
                continue
            same = by_id.setdefault(rubric.id, [])
            if same and self.strict:
                raise PluginConflictError("rubric", rubric.id, same[0][0].provider, provider)
            same.append((rubric, name, source))
        chosen: dict[str, Rubric] = {}
        for rubric_id, copies in by_id.items():
            if len(copies) == 1:
                chosen[rubric_id] = copies[0][0]
                continue
            # Which copy is meant cannot be told, and a score from the wrong one would look
            # right: none is used, and each plugin is left out of it like a broken one.
            for rubric, name, source in copies:
                error = duplicate_rubric(rubric_id, rubric.provider,
                                         (r.provider for r, _, _ in copies))
                self._fail_plugin(name, f"rubric {rubric_id}", error, source.path or source.origin)
        return MappingProxyType(chosen)
