"""Loading a dataset folder — the files a clerk edits — into a validated :class:`Dataset`.

Every problem of one load is collected (file, row or line, column, value,
what was expected) and raised together as one :class:`DatasetError`,
including the cross-reference checks of :meth:`Dataset.build`, so a clerk
sees one list. Nothing in the folder is ever written: files are opened for
reading only.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Final

import attrs

from wenming.calendar import DateWindow
from wenming.dataset import Dataset
from wenming.errors import DataIssue, DatasetError, bi
from wenming.loaders.campaign_toml import CAMPAIGN_FILE, load_campaign
from wenming.loaders.collector import IssueCollector
from wenming.loaders.duty_sheet import read_duty_sheets
from wenming.loaders.ledger_file import LEDGER_SUFFIXES, read_ledger
from wenming.loaders.ledgers import EvidenceReader
from wenming.loaders.tailoring import load_overlays, load_waivers
from wenming.loaders.toml_source import (
    OUTSIDE_EXPECTED,
    OUTSIDE_MESSAGE,
    TableReader,
    TomlSource,
    dataset_path,
    inside,
)
from wenming.loaders.units import LoadedUnits, UnitLookup, load_units
from wenming.model import Campaign, Label, Unit, UnitTree, Vocabulary
from wenming.model.vocabulary import base_kinds, kinds_from_toml
from wenming.store import EvidenceColumns

__all__ = ["DATASET_LAYOUT", "EVIDENCE_FOLDER", "KINDS_FILE", "load_dataset"]

EVIDENCE_FOLDER: Final = "evidence"
KINDS_FILE: Final = "kinds.toml"
_UNSUPPORTED: Final = frozenset({".xlsm", ".et", ".numbers"})
_KIND_KEYS: Final = ("id", "zh", "en", "category", "aliases")

#: What a dataset folder holds (see docs/dataset-format.md for every key and column).
DATASET_LAYOUT: Final[Mapping[str, str]] = MappingProxyType({
    "campaign.toml": "required: the campaign, its applicants, window, phases, tasks and "
                     "leading group",
    "units.toml | units.csv": "required (exactly one): the units, each with id, name, kind "
                              "and parent",
    "evidence/": "required folder: every *.csv, *.xlsx, *.xls, *.xlsb, *.ods (each sheet "
                 "with a header row) and *.jsonl below it, read in path order",
    "kinds.toml": "optional: extra evidence kinds, [[kind]] tables as in the bundled "
                  "kinds.toml",
    "waivers.toml": "optional: [[waiver]] tables excusing rubric items until a date",
    "overlays/<rubric-id>.toml": "optional: local re-weighting of one rubric (note, drop, "
                                 "total, pass_line, [points])",
})


def load_dataset(
    path: str | os.PathLike[str],
    *,
    vocabulary: Vocabulary | None = None,
    max_issues: int = 200,
    strict: bool = False,
    on_warning: Callable[[DataIssue], None] | None = None,
) -> Dataset:
    """Load and validate the dataset folder at ``path``.

    ``vocabulary`` defaults to wenming's bundled evidence kinds; a
    ``kinds.toml`` in the folder extends it. Raises :class:`DatasetError`
    listing up to ``max_issues`` problems (the message counts the rest).

    ``on_warning`` receives each warning, in file order, before the function
    returns or raises: a column that is not read (unknown header, or a second
    column for a field) and a CSV file read as GB18030 rather than UTF-8.
    With ``strict``, columns not read are problems in the :class:`DatasetError`
    instead; how a file was decoded never is.
    """
    # A load allocates millions of long-lived objects and frees almost none; the
    # cyclic collector would rescan them again and again for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    issues = IssueCollector(max_issues, strict=strict)
    try:
        return _load(Path(path), vocabulary, issues)
    finally:
        if was_enabled:
            gc.enable()
        if on_warning is not None:
            for warning in issues.warnings:
                on_warning(warning)


def _load(root: Path, vocabulary: Vocabulary | None, issues: IssueCollector) -> Dataset:

    subject = bi(f"the dataset at {root}", f"数据集 {root} ")
    if not root.is_dir():
        issues.add(DataIssue(str(root), "not a dataset folder / 不是数据集文件夹",
                             expected="a folder holding campaign.toml, units.toml or units.csv, "
                                      "and evidence/"))
        raise issues.error(subject)

    vocab = _vocabulary(root, vocabulary, issues)
    units = load_units(root, issues)
    campaign, campaign_source = load_campaign(root, vocab, issues)
    unit_ids = {u.id for u in units.units} if units else None
    lookup = UnitLookup(units.units, units.source) if units else None
    reader = EvidenceReader(root, vocab, lookup, issues)
    files = _evidence_files(root, issues)
    for name, file in files:
        read_ledger(file, name, reader, issues)
    reader.finish()
    duties = read_duty_sheets(files, lookup, issues)
    if campaign is not None and duties:
        # campaign.toml's own duties come first: where both name an owner, the file wins
        campaign = attrs.evolve(campaign, duties=campaign.duties + duties)
    evidence = reader.columns
    waivers = load_waivers(root, unit_ids, issues)
    overlays = load_overlays(root, issues)

    dataset: Dataset | None = None
    try:
        dataset = Dataset.build(
            campaign or _STAND_IN, _tree_for_checks(units, campaign, evidence), evidence, vocab,
            waivers=waivers, overlays=overlays, root=root)
    except DatasetError as exc:
        issues.extend(_locate(reader.with_id_headers(exc.issues), campaign, campaign_source))
    issues.raise_if_any(subject)
    if dataset is None or campaign is None or units is None or units.tree is None:
        raise AssertionError("a load without issues must have built a dataset")
    return dataset


# -- vocabulary -------------------------------------------------------------------------------

def _vocabulary(root: Path, given: Vocabulary | None, issues: IssueCollector) -> Vocabulary:
    vocabulary = given if given is not None else Vocabulary.of(base_kinds())
    file = dataset_path(root, KINDS_FILE, issues)
    if file is None:
        return vocabulary
    source = TomlSource.read(file, KINDS_FILE, issues)
    if source is None:
        return vocabulary
    before = len(issues)
    top = TableReader(source, issues, (), source.data, ("kind",))
    top.tables("kind", _KIND_KEYS)  # reports unknown keys and non-tables, with lines
    if len(issues) > before:
        return vocabulary
    try:
        return vocabulary.extended(kinds_from_toml(source.data, provider=str(file)))
    except DatasetError as exc:
        issues.extend(exc.issues)
        return vocabulary


# -- evidence ---------------------------------------------------------------------------------

def _evidence_files(root: Path, issues: IssueCollector) -> list[tuple[str, Path]]:
    """Every ledger below evidence/, by its path relative to the dataset folder, sorted.

    Links are followed while they stay inside the dataset folder (a clerk may
    link a year's folder in from an archive beside it); a link that leaves it
    is reported, never read and never skipped silently. A file reached twice
    through links is read once, under its first name, so its records are not
    doubled; a folder linking back to its ancestor is not walked again.
    """
    folder = dataset_path(root, EVIDENCE_FOLDER, issues, folder=True)
    if folder is None:
        if not os.path.lexists(root / EVIDENCE_FOLDER):
            issues.add(DataIssue(EVIDENCE_FOLDER + "/", "the evidence folder is missing / "
                                 "缺少 evidence 文件夹",
                                 expected="a folder evidence/ holding the ledgers (*.csv, "
                                          "*.xlsx, *.jsonl); it may be empty"))
        return []
    real_root = os.path.realpath(root)
    walked: set[str] = set()
    candidates: list[tuple[str, Path, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename).relative_to(root).as_posix() if error.filename else \
            EVIDENCE_FOLDER + "/"
        issues.add(DataIssue(where, f"cannot read the folder / 无法读取文件夹: {error.strerror}",
                             expected="a folder the user running wenming may read"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=True):
        real_dir = os.path.realpath(dirpath)
        if real_dir in walked:  # a second link to a folder already read, or a link loop
            dirnames[:] = []
            continue
        walked.add(real_dir)
        here = Path(dirpath)
        kept = []
        for entry in sorted(dirnames):
            # hidden folders; the "~$name.xlsx" lock files Excel keeps while a workbook is open
            if entry.startswith((".", "~$")):
                continue
            if inside(real_root, here / entry) is None:
                _outside(root, here / entry, issues)
                continue
            kept.append(entry)
        dirnames[:] = kept
        for entry in filenames:
            if entry.startswith((".", "~$")):
                continue
            file = here / entry
            name = file.relative_to(root).as_posix()
            suffix = file.suffix.lower()
            if suffix in _UNSUPPORTED:
                issues.add(DataIssue(name, "unsupported ledger format / 不支持的台账格式",
                                     value=suffix, expected="save it as .xlsx or as CSV UTF-8, "
                                     "or keep non-ledger files outside evidence/"))
            elif suffix in LEDGER_SUFFIXES:
                if (real := inside(real_root, file)) is None:
                    _outside(root, file, issues)
                elif dataset_path(root, name, issues, real_root=real_root) is not None:
                    candidates.append((name, file, real))
    found: dict[str, tuple[str, Path]] = {}
    # A file's own name is kept over a link's; among links, the first in path order.
    for name, file, real in sorted(candidates, key=lambda c: (
            c[2] != os.path.join(real_root, c[0]), c[0])):
        found.setdefault(real, (name, file))
    return sorted(found.values())


def _outside(root: Path, path: Path, issues: IssueCollector) -> None:
    issues.add(DataIssue(path.relative_to(root).as_posix(), OUTSIDE_MESSAGE,
                         value=os.path.realpath(path), expected=OUTSIDE_EXPECTED))


# -- cross-reference checks -----------------------------------------------------------------

# Stands in for a campaign.toml with problems, so that Dataset.build still
# checks the evidence (duplicate ids, end dates) in the same run.
_STAND_IN: Final = Campaign("", Label("", ""), "other", (), DateWindow(date.min, date.max))


def _tree_for_checks(
    units: LoadedUnits | None, campaign: Campaign | None, evidence: EvidenceColumns
) -> UnitTree:
    """The unit tree, or a flat stand-in when the units have problems reported already.

    The stand-in keeps Dataset.build from reporting every record of a unit
    again when the real problem (a cycle, a missing file) is in the units.
    """
    if units is not None and units.tree is not None:
        return units.tree
    if units is not None:
        flat = [Unit(u.id, u.name, u.kind) for u in units.units]
    else:
        named = set(evidence.units.values)
        if campaign is not None:
            named.update(campaign.applicants)
            named.update(m.unit for m in campaign.leading_group)
            named.update(o for t in campaign.tasks for o in t.owners)
        flat = [Unit(u, Label(u, u)) for u in sorted(named)]
    return UnitTree.build(flat, source="units")


def _locate(
    found: Iterable[DataIssue], campaign: Campaign | None, source: TomlSource | None
) -> Iterable[DataIssue]:
    """Give Dataset.build's campaign issues the file name and line of campaign.toml."""
    for issue in found:
        if issue.where != "campaign" or campaign is None or source is None:
            yield issue
            continue
        path: tuple[str | int, ...] = ("campaign", issue.field or "")
        if issue.field == "leading_group.unit":
            index = next((i for i, m in enumerate(campaign.leading_group)
                          if m.unit == issue.value), 0)
            path = ("leading_group", index, "unit")
        elif issue.field == "tasks.owners":
            index = next((i for i, t in enumerate(campaign.tasks) if issue.value in t.owners), 0)
            path = ("tasks", index, "owners")
        yield DataIssue(CAMPAIGN_FILE, issue.message, line=source.line(path), field=issue.field,
                        value=issue.value, expected=issue.expected)
