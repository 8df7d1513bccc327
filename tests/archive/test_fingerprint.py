"""Per-record content hashes: stable across loads, blind to file layout, sensitive to content."""

# ruff: noqa: E402  (imports after the skip when the archive extra is missing)
from __future__ import annotations

import time
from pathlib import Path

import pytest

for _name in ("sqlalchemy", "alembic"):
    pytest.importorskip(_name, reason="the archive extra is not installed: "
                               "pip install 'wenming[archive]'")

from tests.archive.conftest import EXAMPLE
from wenming import PluginHost, load_dataset
from wenming.archive import fingerprint

BENCH_10K = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / \
    "province-r10000-u100" / "jsonl"


def _digests(folder: Path, host: PluginHost) -> dict[str, int]:
    fp = fingerprint(load_dataset(folder, vocabulary=host.vocabulary()))
    return dict(zip(fp.ids, fp.digests.tolist(), strict=True))


def test_same_data_same_digests_and_all_distinct(host: PluginHost) -> None:
    first, second = _digests(EXAMPLE, host), _digests(EXAMPLE, host)
    assert first == second
    assert len(set(first.values())) == len(first) == 776


def test_one_edited_cell_changes_that_record_only(example_copy: Path, host: PluginHost) -> None:
    before = _digests(example_copy, host)
    ledger = example_copy / "evidence" / "派出局活动.csv"
    lines = ledger.read_text("utf-8").splitlines(keepends=True)
    # E-2020-0002: 56 participants → 57; and the file's rows reversed (layout only)
    lines[2] = lines[2].replace(",56,", ",57,")
    ledger.write_text(lines[0] + "".join(reversed(lines[1:])), "utf-8")
    after = _digests(example_copy, host)
    assert after.keys() == before.keys()
    assert [k for k in before if before[k] != after[k]] == ["E-2020-0002"]


def test_fields_that_share_a_code_table_are_told_apart(example_copy: Path,
                                                      host: PluginHost) -> None:
    ledger = example_copy / "evidence" / "派出局活动.csv"
    text = ledger.read_text("utf-8")
    before = _digests(example_copy, host)
    # a title change alone, then a tag change alone, each changes the digest
    ledger.write_text(text.replace("文明祭扫、网上祭英烈", "文明祭扫"), "utf-8")
    retitled = _digests(example_copy, host)
    ledger.write_text(text.replace("传统节日、我们的节日,\n", "传统节日,\n", 1), "utf-8")
    retagged = _digests(example_copy, host)
    assert retitled["E-2020-0002"] != before["E-2020-0002"]
    assert retagged["E-2020-0002"] != before["E-2020-0002"]
    assert sum(retagged[k] != before[k] for k in before) == 1


@pytest.mark.skipif(not BENCH_10K.is_dir(), reason="benchmarks/out not generated (make bench)")
def test_fingerprint_is_fast(host: PluginHost) -> None:
    dataset = load_dataset(BENCH_10K, vocabulary=host.vocabulary())
    started = time.perf_counter()
    fp = fingerprint(dataset)
    elapsed = time.perf_counter() - started
    assert len(fp) == 10_000 and len(set(fp.digests.tolist())) == 10_000
    assert elapsed < 1.0, f"{elapsed:.2f} s for 10k records (about 0.015 s expected)"
