"""Table, Markdown, HTML, JSON and XLSX for the progress reports: trend, agenda, what-if, plan.

Kept apart from the reporters of the score reports: each report here is
laid out once as neutral sections (pairs, tables, lists), and each format
draws those sections with its own helpers, so the four formats say the
same thing. Importing this package registers the reports with the
``table``, ``markdown``, ``html``, ``json`` and ``xlsx`` reporters (their
``singledispatch`` functions); ``wenming.reporters`` imports it. One module
per report (:mod:`.trend`, :mod:`.agenda`, :mod:`.what_if`, :mod:`.plan`) lays
it out and writes its JSON and workbook; :mod:`.formats` draws any layout as a
table, Markdown or HTML; :mod:`.sections` holds what they share.

JSON schemas (labels ``{"zh", "en"}``, dates ISO, points numbers):

``wenming.trend/1``
    ``every``, ``dates``, ``dataset_title``, ``rubrics``: list of
    {``rubric_id``, ``title``, ``nominal``, ``pass_line``, ``points``: list of
    {``as_of``, ``total``, ``maximum``, ``line`` (the pass line as the verdict
    applies it that day), ``verdict``, ``met``, ``scored``, ``turned_met``,
    ``no_longer_met``}}.

``wenming.agenda/1``
    ``as_of``, ``days``, ``horizon``, ``dataset_title``, ``rubrics``,
    ``total_at_stake``, ``entries``: list of {``deadline``, ``opens``,
    ``category``, ``what``, ``title``, ``unit``, ``unit_name``, ``kinds``,
    ``found``, ``required``, ``overdue``, ``gains``, ``stakes``: list of
    {``rubric_id``, ``item_code``, ``item_title``, ``points``}}.

``wenming.what-if/1``
    ``as_of``, ``source``, ``records`` (ids), ``rubrics``: list of
    {``rubric_id``, ``title``, ``before``/``after`` {``total``, ``maximum``,
    ``verdict``}, ``delta``, ``items``: list of {``code``, ``title``,
    ``state_before``, ``state_after``, ``points_before``, ``points_after``,
    ``delta``}}.

``wenming.plan/1``
    ``as_of``, ``by``, ``target``, ``reached``, ``rubrics``: list of
    {``rubric_id``, ``title``, ``before``/``after`` {``total``, ``maximum``,
    ``line``, ``verdict``}}, ``activities``: list of {``rank``, ``what``,
    ``kind``, ``unit``, ``opens``, ``deadline``, ``count``, ``gains``,
    ``items``, ``records``: list of {``id``, ``unit``, ``kind``, ``date``,
    ``filed``, ``title``}}, ``lost``: list of {``what``, ``unit``,
    ``deadline``, ``gains``, ``reason``, ``items``}, ``lost_total``.
"""

from __future__ import annotations

from wenming.model.labels import Lang
from wenming.reporters import html as _html
from wenming.reporters import markdown as _markdown
from wenming.reporters import table as _table
from wenming.reporters import xlsx as _xlsx
from wenming.reporters._rows import MAX_UNIT_SECTIONS
from wenming.reporters.progress.agenda import _agenda_xlsx
from wenming.reporters.progress.formats import _as_html, _as_markdown, _as_table
from wenming.reporters.progress.plan import _plan_xlsx
from wenming.reporters.progress.sections import LABELS, PROGRESS_SCHEMAS
from wenming.reporters.progress.trend import _trend_xlsx, trend_chart
from wenming.reporters.progress.what_if import _what_if_xlsx
from wenming.reports.agenda import Agenda
from wenming.reports.plan import Plan, WhatIf
from wenming.reports.trend import Trend

__all__ = ["LABELS", "MAX_UNIT_SECTIONS", "PROGRESS_SCHEMAS", "trend_chart"]


def _agenda_workbook(report: Agenda, lang: Lang) -> bytes:
    # The cap is read at call time from this package, where it has always been set.
    return _agenda_xlsx(report, lang, MAX_UNIT_SECTIONS)


for _type in (Trend, Agenda, WhatIf, Plan):
    _table._render.register(_type, _as_table)
    _markdown._render.register(_type, _as_markdown)
    _html._render.register(_type, _as_html)
_xlsx._render.register(Trend, _trend_xlsx)
_xlsx._render.register(Agenda, _agenda_workbook)
_xlsx._render.register(WhatIf, _what_if_xlsx)
_xlsx._render.register(Plan, _plan_xlsx)
