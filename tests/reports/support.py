"""Two small rubrics that share the festival-activity kind, and a dataset for them.

``prov`` (20 points, pass line 16) and ``city`` (30 points, pass line 24).
As of 2021-10-15 (rectification phase 2021.09-2021.11 running):

- the 2021 Spring Festival (12 Feb) has no activity — a shortfall in *both*
  rubrics, owned by no one in particular (→ the leading group's office);
- Mid-Autumn 2021 (21 Sep, window ends 28 Sep) has none — ``prov`` only;
- the preparation phase has no work plan — ``prov`` item 1, owned by ``party``;
- the west sub-bureau held no moral lecture in 2020 — ``prov`` coverage;
- record L3 was filed 80 days late — ``city`` timeliness (hq);
- nobody assessed the environment on site — ``city`` item 3, to assess.
"""

from __future__ import annotations

from datetime import date

from wenming.dataset import Dataset
from wenming.plugins import PluginHost
from wenming.scoring import Scorecard, Scorer
from wenming.testing import DatasetBuilder, RubricPlugin, make_host

AS_OF = date(2021, 10, 15)
RECTIFICATION_END = date(2021, 11, 30)

PROV = """
schema = 1
id = "prov"
version = "2.1"
title = { zh = "省级测评细则", en = "Provincial rubric" }
level = "provincial"
total = 20
pass_line = 16

[[areas]]
code = "A"
title = { zh = "组织领导", en = "Leadership" }
points = 10

[[areas.items]]
code = "1"
title = { zh = "制定创建方案", en = "Work plan" }
points = 4
owner = "party"
remediation = { zh = "补充创建工作方案", en = "Draw up the work plan" }
criteria = [ { type = "present", kinds = ["work-plan"], window = "phase:preparation", points = 4 } ]

[[areas.items]]
code = "2"
title = { zh = "道德讲堂", en = "Moral lectures" }
points = 6
[[areas.items.criteria]]
type = "frequency"
kinds = ["moral-lecture"]
per = "half-year"
points = 6
credit = "proportional"

[[areas]]
code = "B"
title = { zh = "文化活动", en = "Culture" }
points = 10

[[areas.items]]
code = "3"
title = { zh = "传统节日活动", en = "Festival activities" }
points = 6
[[areas.items.criteria]]
type = "festivals"
festivals = ["春节", "中秋"]
points = 6
credit = "proportional"

[[areas.items]]
code = "4"
title = { zh = "基层单位道德讲堂全覆盖", en = "Lectures in every sub-bureau" }
points = 4
[[areas.items.criteria]]
type = "coverage"
kinds = ["moral-lecture"]
unit_kinds = ["dispatched"]
window = "2020"
points = 4
credit = "proportional"
"""

CITY = """
schema = 1
id = "city"
version = "1.0"
title = { zh = "市级测评细则", en = "City rubric" }
level = "municipal"
total = 30
pass_line = 24

[[areas]]
code = "一"
title = { zh = "创建活动", en = "Creation activities" }
points = 30

[[areas.items]]
code = "1"
title = { zh = "春节活动", en = "Spring Festival activity" }
points = 10
criteria = [ { type = "festivals", festivals = ["春节"], points = 10 } ]

[[areas.items]]
code = "2"
title = { zh = "台账及时归档", en = "Records filed on time" }
points = 5
criteria = [ { type = "timeliness", within_days = 30, points = 5 } ]

[[areas.items]]
code = "3"
title = { zh = "环境实地考察", en = "On-site environment" }
points = 10
criteria = [ { type = "attested", ref = "环境", points = 10 } ]

[[areas.items]]
code = "4"
title = { zh = "2020年道德讲堂", en = "Moral lecture in 2020" }
points = 5
criteria = [ { type = "present", kinds = ["moral-lecture"], window = "2020", points = 5 } ]
"""


def plugins() -> tuple[RubricPlugin, RubricPlugin]:
    return RubricPlugin(PROV), RubricPlugin(CITY)


def host() -> PluginHost:
    return make_host(*plugins())


def dataset() -> Dataset:
    return (DatasetBuilder()
            .add("leading-group-establishment", "2020-04-15", id="G1")
            .add("mobilisation-meeting", "2020-05-20", id="M1")
            .add("moral-lecture", "2020-05-10", id="L1")
            .add("moral-lecture", "2020-09-10", unit="east", id="L2")
            .add("moral-lecture", "2021-03-01", id="L3", filed="2021-05-20")
            .add("festival-activity", "2020-10-01", id="F1", festival="中秋")
            .build())


def cards(as_of: date = AS_OF) -> list[Scorecard]:
    return Scorer(host()).score_all(dataset(), ["prov", "city"], as_of)
