"""What the archive answers: a campaign's history, and what changed between two runs."""

from __future__ import annotations

import difflib
import re
from typing import Literal

from attrs import frozen

from wenming.archive.db import Archive, ArchiveError, RecordState, RunInfo
from wenming.archive.snapshot import ItemRow

__all__ = ["History", "ItemChange", "RecordChange", "RunDiff", "build_diff", "build_history"]

Change = Literal["added", "changed", "removed"]


@frozen
class History:
    """Every recorded run of one campaign, oldest first; with ``item``, that item's rows."""

    campaign_id: str
    runs: tuple[RunInfo, ...]
    item: str | None = None
    #: (run id, item) for ``item`` in every rubric that has it.
    items: tuple[tuple[int, ItemRow], ...] = ()

    @property
    def rubric_ids(self) -> tuple[str, ...]:
        """The rubrics of every run, in the order they first appear."""
        return tuple(dict.fromkeys(r.rubric_id for run in self.runs for r in run.rubrics))


@frozen
class RecordChange:
    """A record added, changed or removed between two runs; ``kinds`` old and new."""

    id: str
    change: Change
    kinds: tuple[str, ...]
    unit: str


@frozen
class ItemChange:
    """An item whose state or points differ, and the record changes of the kinds it reads."""

    rubric_id: str
    code: str
    before: ItemRow | None
    after: ItemRow | None
    records: tuple[RecordChange, ...] = ()

    @property
    def item(self) -> ItemRow:
        found = self.after or self.before
        assert found is not None
        return found


@frozen
class RunDiff:
    """Run ``a`` against run ``b``: items that changed, and the records behind them.

    ``records`` is ``None`` when the runs cannot be compared record by record
    (one was recorded before fingerprints were archived); ``notes`` says why,
    and what else changed (the as-of date, a rubric's version).
    """

    a: RunInfo
    b: RunInfo
    items: tuple[ItemChange, ...]
    records: tuple[RecordChange, ...] | None
    notes: tuple[tuple[str, str], ...] = ()

    def count(self, change: Change) -> int:
        return sum(1 for r in self.records or () if r.change == change)


def natural(code: str) -> tuple[tuple[int, str], ...]:
    """A sort key putting item 2 before item 10 (and T2 before T10)."""
    return tuple((int(part), "") if part.isdigit() else (-1, part)
                 for part in re.split(r"(\d+)", code) if part)


def build_history(archive: Archive, campaign_id: str, item: str | None = None) -> History:
    """The runs of ``campaign_id`` (and item ``item`` in each); an error if there are none."""
    runs = tuple(archive.runs(campaign_id))
    if not runs:
        raise ArchiveError(f"no run of campaign {campaign_id!r} in the archive {archive.where} "
                           f"/ 档案库中没有该创建活动的运行; record one with "
                           "`wenming archive record DIR`")
    if item is None:
        return History(campaign_id, runs)
    rows = tuple(sorted(archive.items([r.id for r in runs], code=item),
                        key=lambda row: (row[0], row[1].rubric_id)))
    if not rows:
        codes = sorted({i.code for _, i in archive.items([runs[-1].id])})
        close = difflib.get_close_matches(item, codes, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else \
            f"one of {', '.join(codes[:30])}{' …' if len(codes) > 30 else ''}"
        raise ArchiveError(f"no item {item!r} in the recorded runs / 记录中没有该测评条目; {hint}")
    return History(campaign_id, runs, item, rows)


def _record_changes(before: dict[str, RecordState], after: dict[str, RecordState]
                    ) -> tuple[RecordChange, ...]:
    out: list[RecordChange] = []
    for rid, new in after.items():
        old = before.get(rid)
        if old is None:
            out.append(RecordChange(rid, "added", (new.kind,), new.unit))
        elif old.digest != new.digest:
            kinds = (old.kind,) if old.kind == new.kind else (old.kind, new.kind)
            out.append(RecordChange(rid, "changed", kinds, new.unit))
    out += [RecordChange(rid, "removed", (old.kind,), old.unit)
            for rid, old in before.items() if rid not in after]
    return tuple(sorted(out, key=lambda r: (r.id, r.change)))


def _changed(before: ItemRow | None, after: ItemRow | None) -> bool:
    if before is None or after is None:
        return True
    return before.state != after.state or abs(before.points - after.points) > 1e-9


def build_diff(archive: Archive, a: RunInfo, b: RunInfo) -> RunDiff:
    """What changed from run ``a`` to run ``b``."""
    notes: list[tuple[str, str]] = []
    if a.campaign_id != b.campaign_id:
        notes.append((f"两次运行属于不同的创建活动（{a.campaign_id}、{b.campaign_id}）",
                      f"the runs belong to different campaigns ({a.campaign_id}, "
                      f"{b.campaign_id})"))
    if a.as_of != b.as_of:
        notes.append((f"基准日由 {a.as_of} 变为 {b.as_of}：到期的要求可能不同",
                      f"the as-of date moved from {a.as_of} to {b.as_of}: what is due differs"))
    for rubric in b.rubrics:
        was = a.rubric(rubric.rubric_id)
        if was is not None and (was.version, was.hash) != (rubric.version, rubric.hash):
            notes.append((f"测评细则 {rubric.rubric_id} 已变更（版本 {was.version} → "
                           f"{rubric.version}）",
                           f"rubric {rubric.rubric_id} changed (version {was.version} → "
                           f"{rubric.version}, hash {was.hash[:12]} → {rubric.hash[:12]})"))
    records: tuple[RecordChange, ...] | None = None
    if a.digest_version is None or b.digest_version is None:
        notes.append(("较早的运行未保存记录指纹，无法逐条比较记录",
                      "a run recorded before record fingerprints were archived: records "
                      "cannot be compared one by one"))
    elif a.digest_version != b.digest_version:
        notes.append(("两次运行的记录指纹算法不同，无法逐条比较记录",
                      "the runs fingerprint records differently (wenming versions differ): "
                      "records cannot be compared one by one"))
    elif a.dataset_hash == b.dataset_hash:
        records = ()
        notes.append(("两次运行的数据集相同（哈希一致）",
                      "both runs scored the same data (equal dataset hashes)"))
    else:
        records = _record_changes(archive.records(a.id), archive.records(b.id))

    before = {(r, i.rubric_id, i.code): i for r, i in archive.items([a.id])}
    after = {(r, i.rubric_id, i.code): i for r, i in archive.items([b.id])}
    old = {(rubric, code): i for (_, rubric, code), i in before.items()}
    new = {(rubric, code): i for (_, rubric, code), i in after.items()}
    changes: list[ItemChange] = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[0], natural(k[1]))):
        x, y = old.get(key), new.get(key)
        if not _changed(x, y):
            continue
        kinds = set((x.kinds if x else ()) + (y.kinds if y else ()))
        explaining = tuple(r for r in records or () if kinds.intersection(r.kinds))
        changes.append(ItemChange(key[0], key[1], x, y, explaining))
    return RunDiff(a, b, tuple(changes), records, tuple(notes))

