"""waivers.toml and overlays/<rubric-id>.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.loaders.conftest import find, load_error
from wenming.loaders import load_dataset


def test_waivers_are_read(dataset_dir: Path) -> None:
    (dataset_dir / "waivers.toml").write_text(
        '[[waiver]]\nrubric = "gx-eco-provincial"\nitem = "15"\nby = "王芳（创建办）"\n'
        'reason = "办公楼为租用，无法绿化"\nuntil = 2021-12-31\n\n'
        '[[waiver]]\nrubric = "gx-eco-provincial"\nitem = 17\nby = "王芳"\nreason = "不适用"\n'
        'until = "2021年6月30日"\nunit = "east"\n', encoding="utf-8")
    first, second = load_dataset(dataset_dir).waivers
    assert (first.rubric, first.item, first.until, first.unit) == (
        "gx-eco-provincial", "15", date(2021, 12, 31), None)
    assert first.source == "waivers.toml:1"
    assert (second.item, second.until, second.unit) == ("17", date(2021, 6, 30), "east")


def test_bad_waivers(dataset_dir: Path) -> None:
    (dataset_dir / "waivers.toml").write_text(
        '[[waiver]]\nrubric = "r"\nitem = "1"\nby = "王芳"\n'
        'until = "2021-02-30"\nunit = "mars"\n', encoding="utf-8")
    error = load_error(dataset_dir)
    assert find(error, "waivers.toml", 1, "required key is missing").field == "waiver[1].reason"
    assert find(error, "waivers.toml", 5).message.startswith("not a date")
    assert find(error, "waivers.toml", 6).value == "mars"


def test_overlays_are_read(dataset_dir: Path) -> None:
    (dataset_dir / "overlays").mkdir()
    (dataset_dir / "overlays" / "gx-eco-provincial.toml").write_text(
        'note = "本局无直属单位"\ndrop = ["17"]\ntotal = 95\npass_line = 80\n\n'
        '[points]\n"3" = 6\n"12" = 4.5\n', encoding="utf-8")
    overlay = load_dataset(dataset_dir).overlays["gx-eco-provincial"]
    assert overlay.drop == ("17",)
    assert dict(overlay.points) == {"3": 6.0, "12": 4.5}
    assert (overlay.total, overlay.pass_line, overlay.note) == (95, 80, "本局无直属单位")
    assert overlay.source == "overlays/gx-eco-provincial.toml"


def test_bad_overlay(dataset_dir: Path) -> None:
    (dataset_dir / "overlays").mkdir()
    (dataset_dir / "overlays" / "r.toml").write_text(
        'drop = ["3"]\ntotal = 50\npass_line = 60\nweight = 2\n\n[points]\n"3" = 2\n"4" = "两分"\n',
        encoding="utf-8")
    error = load_error(dataset_dir)
    where = "overlays/r.toml"
    assert find(error, where, 3).message.startswith("the pass line is above the total")
    assert find(error, where, 4).message.startswith("unknown key")
    assert find(error, where, 8).message.startswith("expected a number")
    assert find(error, where, 1).message.startswith("an item is both dropped and re-weighted")
