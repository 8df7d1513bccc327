"""Build a dataset from Python objects, score it, and see the validation files get.

    python examples/scripts/in_memory.py

Nothing is read from disk and nothing needs installing beyond wenming: the
rubric is a small TOML document handed to the plugin host by a plugin
object defined below. ``Dataset.build`` checks the same references a folder
load checks (units, evidence kinds, ids, phases) and reports every problem
at once.
"""

from __future__ import annotations

from datetime import date

from wenming import Dataset, DatasetError, PluginHost, Scorer
from wenming.calendar import parse_window
from wenming.model import Campaign, Evidence, Label, Unit, UnitKind, UnitTree
from wenming.plugins import RubricSource, hookimpl

RUBRIC = """\
schema = 1
id = "in-memory-demo"
version = "1.0.0"
title = { zh = "内存数据示例细则", en = "In-memory demo rubric" }
level = "other"
total = 10
pass_line = 6

[[areas]]
code = "A"
title = { zh = "创建活动", en = "Activities" }
points = 10

[[areas.items]]
code = "1"
title = { zh = "道德讲堂", en = "Moral lecture" }
points = 4

[[areas.items.criteria]]
type = "present"
points = 4
kinds = ["moral-lecture"]

[[areas.items]]
code = "2"
title = { zh = "每季度志愿服务", en = "Volunteer service every quarter" }
points = 6

[[areas.items.criteria]]
type = "frequency"
points = 6
kinds = ["volunteer-service"]
per = "quarter"
credit = "proportional"
"""


class DemoRubric:
    """A plugin object: anything with ``@hookimpl`` functions can be registered."""

    @hookimpl
    def wenming_rubrics(self) -> list[RubricSource]:
        return [RubricSource(RUBRIC, "examples/scripts/in_memory.py")]


def build_dataset(host: PluginHost, extra: list[Evidence] | None = None) -> Dataset:
    units = UnitTree.build([
        Unit("hq", Label("局机关", "Headquarters"), UnitKind.BUREAU),
        Unit("east", Label("东区分局", "East sub-bureau"), UnitKind.DISPATCHED, "hq"),
        Unit("office", Label("办公室", "General office"), UnitKind.DIVISION, "hq"),
    ])
    campaign = Campaign(
        id="demo-2021", title=Label("2021 年创建", "2021 campaign"), level="municipal",
        applicants=("hq",), window=parse_window("2021.01-2021.12"), office_unit="office")
    evidence = [
        Evidence("L1", "hq", "moral-lecture", date(2021, 3, 5), "道德讲堂第一讲"),
        Evidence("V1", "east", "volunteer-service", date(2021, 2, 10), "河道清洁"),
        Evidence("V2", "hq", "volunteer-service", date(2021, 5, 12), "垃圾分类宣传"),
        Evidence("V3", "east", "volunteer-service", date(2021, 8, 20), "社区环保课堂"),
        *(extra or []),
    ]
    # The host's vocabulary includes any evidence kinds plugins add.
    return Dataset.build(campaign, units, evidence, host.vocabulary())


def main() -> int:
    host = PluginHost(autoload=False, plugins=[DemoRubric()])
    scorer = Scorer(host)
    dataset = build_dataset(host)
    for as_of in (date(2021, 9, 30), date(2021, 12, 31)):
        card = scorer.score(dataset, "in-memory-demo", as_of)
        print(f"as of {as_of}: {card.total:g} / {card.maximum:g}, {card.verdict}")
        for item in card.items.values():
            print(f"  item {item.code} {item.title.en}: {item.state.value}, "
                  f"{item.points:g} / {item.maximum:g}")

    # The same validation a folder load gets: every problem, at once.
    bad = [Evidence("V4", "west", "volunteer-service", date(2021, 11, 3)),
           Evidence("L2", "hq", "moral-lectures", date(2021, 11, 4))]
    try:
        build_dataset(host, bad)
    except DatasetError as error:
        print(f"rejected: {error.headline}")
        for issue in error.issues:
            print(f"  - {issue}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
