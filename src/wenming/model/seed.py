"""The main tasks (主要任务) of the municipal plan, as ``wenming init`` and the template
offer them: ids, titles and the evidence kinds that show each, owners left to the office.

Titles follow the plan's thirteen numbered tasks; the kinds are the bundled vocabulary's.
"""

from __future__ import annotations

from typing import Final

from wenming.model.campaign import Task
from wenming.model.labels import Label

__all__ = ["SEED_TASKS"]

_TASKS: Final = (
    ("t01", "深化理论学习宣传", "Theory study and publicity",
     ("central-group-study", "staff-theory-study", "xuexi-qiangguo", "theory-lecture")),
    ("t02", "深入理想信念教育", "Ideals and beliefs",
     ("ideals-belief-education", "patriotic-education", "theme-education",
      "xiaokang-theme-publicity")),
    ("t03", "加强社会主义核心价值观宣传教育", "Core socialist values",
     ("core-values-publicity", "eco-lecture-hall", "eco-worker-selection",
      "civilized-staff-selection", "moral-model-nomination", "moral-model-exchange")),
    ("t04", "持续做好思想道德建设", "Moral education and role models",
     ("moral-lecture", "role-model-selection")),
    ("t05", "开展志愿者服务活动", "Volunteer service",
     ("volunteer-service", "eco-community-outreach", "medical-waste-guidance",
      "anti-epidemic-works", "world-environment-day", "biodiversity-day",
      "volunteer-organisation-fostering")),
    ("t06", "积极开展文明风尚活动", "Civilised customs and our festivals",
     ("civilized-community-participation", "civilized-traffic", "civilized-tourism",
      "blood-donation", "warmth-delivery", "festival-activity")),
    ("t07", "大力推进环保诚信建设", "Environmental integrity",
     ("red-black-list", "integrity-publicity", "integrity-essay", "integrity-star-selection")),
    ("t08", "深入开展文明家庭创建", "Civilised families",
     ("civilized-family-creation", "most-beautiful-family", "family-values-activity")),
    ("t09", "大力提升效能强管理", "Efficiency", ("six-nots-management",)),
    ("t10", "积极转变作风树形象", "Conduct and complaint handling", ("complaint-handling",)),
    ("t11", "推进网络文明建设", "Online civility",
     ("network-civilization", "online-volunteer-group")),
    ("t12", "深化文明单位创建", "Skills contests and service windows",
     ("skills-contest", "service-window-improvement")),
    ("t13", "加强“文明单位在线”注册管理", "The civilised-unit online platform",
     ("online-platform-registration", "online-platform-designation",
      "online-platform-update")),
)

#: The thirteen main tasks, without owners: each campaign names its own (任务分工).
SEED_TASKS: Final[tuple[Task, ...]] = tuple(
    Task(task_id, Label(zh, en), (), kinds) for task_id, zh, en, kinds in _TASKS)
