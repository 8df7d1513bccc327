"""The runner's arithmetic: ratios, growth and target verdicts from measured results.

Run with ``pytest benchmarks/test_run.py`` (it needs no generated province).
"""

from __future__ import annotations

from typing import Any

from benchmarks.run import (
    _last_json,
    figures,
    growth_of,
    parallel_verdict,
    ratios_to_baseline,
    targets,
)


def _size(records: int, scale: float, *, cli_rss: float = 400.0, latency: float = 4.0,
          speed: float = 2.0, same: bool = True) -> dict[str, Any]:
    """A result as measure_size builds it, every time proportional to ``scale``."""
    size: dict[str, Any] = {
        "records": records, "units": records // 100,
        "baseline": {"seconds": 2.0 * scale},
        "baseline_gc_off": {"seconds": 1.0 * scale},
        "cli": {"ok": True, "seconds": 2.5 * scale, "peak_rss_mb": cli_rss},
        "end_to_end": {"ok": True, "seconds": 1.9 * scale, "peak_rss_mb": 300.0,
                       "steps": {"host": 0.1, "load": 1.0 * scale, "content_hash": 0.1 * scale,
                                 "score_system": 0.3 * scale, "score_cities": 0.4 * scale}},
        "reports": {"ok": True, "seconds": 0.5 * scale,
                    "steps": {name: 0.1 * scale for name in
                              ("gaps", "compare", "timeline", "render_json", "render_xlsx")}},
        "latency": {"median_ms": latency, "unit": "c01-s01", "subtree_records": 2000,
                    "subtree_units": 20},
        "parallel": {"serial": {"ok": True, "seconds": 1.0 * scale, "digest": "a"},
                     "process": {"ok": True, "seconds": 1.0 * scale / speed,
                                 "digest": "a" if same else "b"},
                     "dask": {"ok": True, "seconds": 1.0 * scale / speed, "digest": "a"}},
    }
    size["parallel"].update(parallel_verdict(size["parallel"]))
    size["ratios"] = ratios_to_baseline(size)
    return size


def _verdicts(sizes: list[dict[str, Any]]) -> dict[int, bool | None]:
    table = targets(sizes, growth_of(sizes))
    return {row["number"]: row["met"] for row in table["rows"]}


def test_ratios_are_to_the_baseline_with_gc_off() -> None:
    ratios = _size(100_000, 1.0)["ratios"]
    assert ratios["cli"] == 2.5
    assert ratios["library"] == 1.9
    assert ratios["baseline"] == 2.0
    assert "baseline_gc_off" not in ratios


def test_growth_covers_every_step_of_both_children() -> None:
    growth = growth_of([_size(100_000, 1.0), _size(1_000_000, 10.0)])
    assert growth is not None
    assert growth["records_ratio"] == 10
    for step in ("load", "content_hash", "score_system", "score_cities", "gaps", "compare",
                 "timeline", "render_json", "render_xlsx", "cli", "library"):
        assert growth["steps"][step] == 10.0, step
    assert growth["steps"]["host"] == 1.0  # a constant step does not grow


def test_all_six_targets_met_at_the_target_size() -> None:
    sizes = [_size(100_000, 1.0), _size(1_000_000, 10.0)]
    sizes[-1]["units"] = 10_000
    table = targets(sizes, growth_of(sizes))
    assert table["at_target_size"] is True
    assert _verdicts(sizes) == dict.fromkeys(range(1, 7), True)


def test_each_target_can_fail() -> None:
    small = _size(100_000, 1.0)
    large = _size(1_000_000, 10.0, cli_rss=700.0, latency=6.0, speed=1.5)
    large["reports"]["steps"]["gaps"] = 0.1 * 120  # superlinear: ×120 for ×10 the data
    large["cli"]["seconds"] = 31.0  # 3.1× baseline_gc_off
    large["end_to_end"]["seconds"] = 21.0
    large["ratios"] = ratios_to_baseline(large)
    verdicts = _verdicts([small, large])
    assert verdicts == dict.fromkeys(range(1, 7), False)
    growth_row = targets([small, large], growth_of([small, large]))["rows"][4]
    assert growth_row["measured"] == 120.0
    assert "gaps" in growth_row["note"]


def test_different_scorecards_fail_the_parallel_target_however_fast() -> None:
    sizes = [_size(100_000, 1.0), _size(1_000_000, 10.0, speed=3.0, same=False)]
    assert sizes[-1]["parallel"]["identical"] == {"process": False, "dask": True}
    assert _verdicts(sizes)[6] is False


def test_a_failed_cli_job_is_not_measured_rather_than_met() -> None:
    size = _size(100_000, 1.0)
    size["cli"] = {"ok": False, "error": "exit status 2"}
    size["ratios"] = ratios_to_baseline(size)
    assert "cli" not in figures(size)
    verdicts = _verdicts([size])
    assert verdicts[1] is None and verdicts[3] is None
    assert verdicts[5] is None  # one size: no growth


def test_growth_is_not_judged_when_a_step_is_missing_at_one_size() -> None:
    small, large = _size(100_000, 1.0), _size(1_000_000, 10.0)
    del large["reports"]["steps"]["render_xlsx"]  # e.g. the child hit its timeout
    assert _verdicts([small, large])[5] is None


def test_the_last_json_line_wins_over_noise_and_partials() -> None:
    text = 'warning: something\n{"steps": {"gaps": 1}}\n{"steps": {"gaps": 1, "compare": 2}}\n'
    assert _last_json(text) == {"steps": {"gaps": 1, "compare": 2}}
    assert _last_json("no json here\n") is None
