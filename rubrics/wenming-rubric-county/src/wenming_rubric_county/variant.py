"""The bundled example with what a county rubric also reads: a variant dataset folder.

``examples/ecology-bureau`` has no unit attributes, inspection findings or
survey results, so on it the window items are not applicable and the ratio
and survey items need manual assessment. :func:`build_variant` copies the
folder and adds them — headcounts and a service window on the sub-bureau
``east``, a ledger of findings, complaints, surveys and one disciplinary
record, and a declaration date — so every shape of the rubric scores from
data. The package's README and tests show both.

    python -m wenming_rubric_county.variant OUT_DIR [--example DIR]
        [--leadership-violation] [--no-declaration]
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

__all__ = ["ATTRIBUTES", "DECLARATION", "LEADERSHIP_VIOLATION", "LEDGER_NAME", "LEDGER_ROWS",
           "build_variant"]

#: Unit id -> the attributes the variant gives it (units.toml ``attributes``).
ATTRIBUTES: Final[Mapping[str, str]] = {
    "hq": "{ staff = 86, volunteers = 7, window = false }",
    "east": "{ staff = 42, volunteers = 5, window = true }",
    "west": "{ staff = 35, volunteers = 3 }",
    "north": "{ staff = 18, volunteers = 1 }",
}

#: The day the application is filed (campaign ``declaration``).
DECLARATION: Final = "2021-12-20"

LEDGER_NAME: Final = "县文明办督查与测评.csv"
LEDGER_HEADER: Final = "编号,单位,类别,日期,标题,标签,考评项,满意率,样本量,分子,分母"
#: The variant's extra ledger: findings, complaints, surveys and a disciplinary record.
LEDGER_ROWS: Final[Sequence[str]] = (
    "F-01,hq,督查发现问题,2021-04-15,机关院内车辆乱停放,,county-example/一.2,,,,",
    "F-02,west,督查发现问题,2021-10-11,西区分局创建台账不完整,,county-example/一.2,,,,",
    "F-03,east,督查发现问题,2021-05-12,东湖区分局办事大厅劝导人员未按时到岗,劝导,,,,,",
    "F-04,east,督查发现问题,2021-06-20,东湖区分局窗口区域乱张贴,八无,,,,,",
    "F-05,east,督查发现问题,2021-09-08,东湖区分局窗口有人吸烟未劝阻,八无,,,,,",
    "C-01,east,投诉举报热线处理,2021-07-03,群众投诉窗口人员态度生硬（经查属实）,属实,,,,,",
    "C-02,east,投诉举报热线处理,2021-08-16,群众投诉办理超时（经查不属实）,不属实,,,,,",
    "S-01,east,群众满意度测评,2020-11-18,东湖区分局窗口群众满意度测评（2020年）,,,78,150,,",
    "S-02,east,群众满意度测评,2021-11-20,东湖区分局窗口群众满意度测评（2021年）,,,86.5,200,,",
    "S-03,hq,公众知晓率调查,2021-11-25,创建工作公众知晓率调查,,,,,176,200",
    "V-01,party,违纪违法,2020-03-10,一名科员违反工作纪律受到警告处分,一般干部,,,,,",
)

#: A violation by a member of the leadership team, inside the look-back counted
#: from the declaration (2019-12-20 on) but not from an as-of date after 2022-01-15.
LEADERSHIP_VIOLATION: Final = ("V-02,hq,违纪违法,2020-01-15,一名局领导班子成员严重违纪受到党纪处分,"
                               "领导班子成员,,,,,")


def build_variant(out: Path, example: Path, *, rows: Sequence[str] = LEDGER_ROWS,
                  declaration: str | None = DECLARATION) -> Path:
    """Copy ``example`` to ``out`` and add attributes, the extra ledger and the declaration."""
    shutil.copytree(example, out)
    units = out / "units.toml"
    text = units.read_text("utf-8")
    for unit_id, attributes in ATTRIBUTES.items():
        text, count = re.subn(rf'(?m)^id = "{re.escape(unit_id)}"\n',
                              f'id = "{unit_id}"\nattributes = {attributes}\n', text)
        if count != 1:
            raise ValueError(f"unit {unit_id!r} is not in {units} exactly once")
    units.write_text(text, "utf-8")
    campaign = out / "campaign.toml"
    text = campaign.read_text("utf-8")
    text = re.sub(r"(?m)^declaration = .*\n", "", text)
    if declaration is not None:
        text = re.sub(r"(?m)^\[campaign\]\n", f"[campaign]\ndeclaration = {declaration}\n",
                      text, count=1)
    campaign.write_text(text, "utf-8")
    ledger = "\n".join((LEDGER_HEADER, *rows)) + "\n"
    (out / "evidence" / LEDGER_NAME).write_text(ledger, "utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wenming_rubric_county.variant",
                                     description="Build the county rubric's variant dataset.")
    parser.add_argument("out", type=Path, help="the folder to create")
    parser.add_argument("--example", type=Path, default=Path("examples/ecology-bureau"),
                        help="the bundled example folder (default: %(default)s)")
    parser.add_argument("--leadership-violation", action="store_true",
                        help="add a violation by a member of the leadership team")
    parser.add_argument("--no-declaration", action="store_true",
                        help="leave the campaign without a declaration date")
    args = parser.parse_args(argv)
    rows = (*LEDGER_ROWS, LEADERSHIP_VIOLATION) if args.leadership_violation else LEDGER_ROWS
    print(build_variant(args.out, args.example, rows=rows,
                        declaration=None if args.no_declaration else DECLARATION))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
