"""The shared vocabulary of evidence kinds, with Chinese and English aliases.

Ledgers are written by people, so a kind may arrive as ``道德讲堂``,
``道德讲堂活动`` or ``moral-lecture``; the vocabulary resolves all of them to
one id and, for a name it does not know, suggests the closest ones.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources

from attrs import field, frozen

from wenming.errors import DataIssue, DatasetError, UnknownKindError
from wenming.model.labels import Label

CATEGORIES = frozenset(
    {"meeting", "document", "plan", "summary", "activity", "record", "assessment",
     "publication", "violation"}
)


@frozen
class EvidenceKind:
    """A kind of evidence: a stable id, bilingual labels and aliases."""

    id: str
    label: Label
    category: str = "record"
    aliases: tuple[str, ...] = ()
    provider: str = "wenming"


def _key(name: str) -> str:
    return "".join(name.split()).casefold().replace("_", "-")


@frozen
class Vocabulary:
    """An immutable set of evidence kinds with an alias index."""

    kinds: Mapping[str, EvidenceKind]
    _index: Mapping[str, str] = field(repr=False, eq=False)

    @classmethod
    def of(cls, kinds: Iterable[EvidenceKind]) -> Vocabulary:
        """Build from kinds; a name used by two kinds is an error naming both."""
        by_id: dict[str, EvidenceKind] = {}
        index: dict[str, str] = {}
        issues: list[DataIssue] = []
        for kind in kinds:
            if kind.id in by_id:
                issues.append(DataIssue(kind.provider, "evidence kind defined twice",
                                        field="id", value=kind.id,
                                        expected="one definition (also in "
                                        f"{by_id[kind.id].provider})"))
                continue
            by_id[kind.id] = kind
            for name in (kind.id, kind.label.zh, kind.label.en, *kind.aliases):
                key = _key(name)
                owner = index.setdefault(key, kind.id)
                if owner != kind.id:
                    issues.append(DataIssue(kind.provider, f"name {name!r} of kind {kind.id!r} "
                                            f"is already used by kind {owner!r}", field="aliases",
                                            value=name, expected="names unique across kinds"))
        if issues:
            raise DatasetError(issues, "the evidence-kind vocabulary is inconsistent")
        return cls(by_id, index)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _key(name) in self._index

    def __iter__(self) -> Iterator[EvidenceKind]:
        return iter(self.kinds.values())

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, kind_id: str) -> EvidenceKind:
        return self.kinds[self.resolve(kind_id)]

    def resolve(self, name: str) -> str:
        """The kind id for any of its names; :class:`UnknownKindError` otherwise."""
        try:
            return self._index[_key(name)]
        except KeyError:
            raise UnknownKindError(name, self.suggest(name)) from None

    def suggest(self, name: str, n: int = 3) -> tuple[str, ...]:
        key = _key(name)
        matches = difflib.get_close_matches(key, list(self._index), n=n * 3, cutoff=0.5)
        out: list[str] = []
        for match in matches:
            kind = self.kinds[self._index[match]]
            text = f"{kind.id} ({kind.label.zh})"
            if text not in out:
                out.append(text)
        return tuple(out[:n])

    def extended(self, kinds: Iterable[EvidenceKind]) -> Vocabulary:
        return Vocabulary.of([*self.kinds.values(), *kinds])

    def moved(self, name: str) -> MovedName | None:
        """The move ``name`` went through, when it once named another kind and now names this one.

        Loaders read such a name as its new kind and say so once (a note, not an error).
        """
        move = moved_names().get(_key(name))
        if move is None or self._index.get(_key(name)) != move.to:
            return None
        return move


@frozen
class MovedName:
    """A kind name that moved from one kind to another when the seeds were read more closely."""

    name: str
    old: str
    to: str


@cache
def moved_names() -> Mapping[str, MovedName]:
    """The ``[[moved]]`` names of the bundled ``kinds.toml``, by their lookup key."""
    text = resources.files("wenming.model").joinpath("kinds.toml").read_text("utf-8")
    rows = tomllib.loads(text).get("moved", [])
    return {_key(row["name"]): MovedName(row["name"], row["from"], row["to"]) for row in rows}


def kinds_from_toml(data: Mapping[str, object], provider: str,
                    lines: Sequence[int] = ()) -> list[EvidenceKind]:
    """Read ``[[kind]]`` tables (the format of the bundled ``kinds.toml``).

    ``lines`` are the line numbers of the ``[[kind]]`` headers, so that each
    problem names the table it is in (``kind_lines(text)`` finds them).
    """
    rows = data.get("kind", [])
    if not isinstance(rows, list):
        raise DatasetError([DataIssue(provider, "expected [[kind]] tables", field="kind")])
    kinds: list[EvidenceKind] = []
    issues: list[DataIssue] = []
    for number, row in enumerate(rows, start=1):
        line = lines[number - 1] if number <= len(lines) else None
        missing = [k for k in ("id", "zh", "en") if not row.get(k)]
        category = row.get("category", "record")
        if missing:
            issues.append(DataIssue(provider, f"kind #{number} lacks {', '.join(missing)}",
                                    line, f"kind[{number}].{missing[0]}", row.get("id"),
                                    "id, zh and en for every [[kind]]"))
            continue
        if category not in CATEGORIES:
            issues.append(DataIssue(provider, f"kind {row['id']!r} has an unknown category",
                                    line, f"kind[{number}].category", category,
                                    ", ".join(sorted(CATEGORIES))
                                    + did_you_mean_text(str(category), CATEGORIES)))
            continue
        kinds.append(EvidenceKind(str(row["id"]), Label(row["zh"], row["en"]), category,
                                  tuple(row.get("aliases", ())), provider))
    if issues:
        raise DatasetError(issues, f"invalid evidence kinds from {provider}")
    return kinds


def kind_lines(text: str) -> list[int]:
    """The 1-based lines of the ``[[kind]]`` headers of a kinds file."""
    return [n for n, line in enumerate(text.splitlines(), 1)
            if line.split("#", 1)[0].strip().replace(" ", "") == "[[kind]]"]


def did_you_mean_text(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
    return f"; did you mean {close[0]}?" if close else ""


@cache
def base_kinds() -> tuple[EvidenceKind, ...]:
    """The kinds wenming ships, covering both seed documents."""
    text = resources.files("wenming.model").joinpath("kinds.toml").read_text("utf-8")
    return tuple(kinds_from_toml(tomllib.loads(text), "wenming"))
