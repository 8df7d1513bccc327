"""A tiny rubric plugin for the kit's own tests, so they need no rubric package.

Rubric ``kit-test`` (6 points, pass line 4):

* item 1 (2 points): at least one moral lecture in the campaign window;
* item 2 (4 points): volunteer service every calendar year, proportional —
  the standard window 2020.04-2021.12 has two years, 2 points each.
"""

from __future__ import annotations

from wenming.testing import RubricPlugin

RUBRIC_ID = "kit-test"

RUBRIC_TOML = """\
schema = 1
id = "kit-test"
version = "1.0.0"
title = { zh = "测试细则", en = "Kit test rubric" }
level = "other"
total = 6
pass_line = 4

[[areas]]
code = "A"
title = { zh = "活动", en = "Activities" }
points = 6

[[areas.items]]
code = "1"
title = { zh = "道德讲堂", en = "Moral lecture" }
points = 2

[[areas.items.criteria]]
type = "present"
points = 2
label = { zh = "举办道德讲堂", en = "A moral lecture held" }
kinds = ["moral-lecture"]

[[areas.items]]
code = "2"
title = { zh = "每年志愿服务", en = "Volunteer service every year" }
points = 4

[[areas.items.criteria]]
type = "frequency"
points = 4
label = { zh = "每年志愿服务", en = "Volunteer service every year" }
kinds = ["volunteer-service"]
per = "year"
credit = "proportional"
"""


def KitRubric() -> RubricPlugin:
    return RubricPlugin(RUBRIC_TOML, origin="tests/testing_kit/support.py")
