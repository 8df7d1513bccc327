"""The tutorial's files are the example package's, and the reference's worked type runs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import ModuleType

from tests.plugins.support import rubric_toml
from wenming.scoring import Scorer
from wenming.testing import DatasetBuilder, RubricPlugin, make_host

REPO = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r'^```(\w+) title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def test_every_file_in_the_tutorial_is_the_example_packages_file() -> None:
    text = (REPO / "docs/tutorial-rubric.md").read_text("utf-8")
    assert "--8<--" not in text  # readable as plain Markdown, not only in the site
    blocks = BLOCK.findall(text)
    assert len(blocks) == 7
    for _, title, body in blocks:
        path = REPO / "rubrics/wenming-rubric-example" / title
        assert body == path.read_text("utf-8"), f"docs/tutorial-rubric.md: {title} differs"


def test_the_worked_custom_type_of_the_reference_scores() -> None:
    text = (REPO / "docs/reference-criteria.md").read_text("utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "reference-criteria.md", "exec"), namespace)

    plugin = ModuleType("turnout_plugin")
    plugin.wenming_criterion_types = namespace["wenming_criterion_types"]  # type: ignore[attr-defined]

    rubric = rubric_toml("turnout", total=4).replace(
        'type = "present"\npoints = 4\nkinds = ["leading-group-establishment"]',
        'type = "quarterly-turnout"\npoints = 4\nkinds = ["volunteer-service"]\n'
        'participants = 20\ncredit = "proportional"\nwindow = "2021"')
    host = make_host(plugin, RubricPlugin(rubric))
    data = (DatasetBuilder()
            .add("volunteer-service", "2021-02-01", participants=25)
            .add("volunteer-service", "2021-05-01", participants=5)
            .build())
    card = Scorer(host).score(data, "turnout", date(2021, 12, 31))
    # Four quarters of 2021, only the first well attended: a quarter of 4 points.
    assert card.items["1"].points == 1
    assert card.items["1"].evidence == ("E00001",)
