"""Header matching."""

from __future__ import annotations

from wenming.loaders.headers import (
    EVIDENCE_COLUMNS,
    EVIDENCE_REQUIRED,
    UNIT_COLUMNS,
    column_letter,
    header_key,
    map_header,
)


def test_header_key_folds_width_case_spaces_and_marks() -> None:
    assert header_key("金额（元）") == header_key("金额(元)")
    assert header_key(" *日期 ") == header_key("日期")
    assert header_key("日期（必填）") == header_key("日期")
    assert header_key("Start_Date") == header_key("start date")
    assert header_key(None) == ""


def test_every_alias_maps_to_its_field() -> None:
    for columns in (EVIDENCE_COLUMNS, UNIT_COLUMNS):
        for field, aliases in columns.items():
            for alias in aliases:
                assert map_header([alias], columns).columns == {field: 0}, alias


def test_brief_aliases_are_present() -> None:
    wanted = {
        "id": "编号 序号 记录编号", "unit": "单位 责任单位 单位编号",
        "kind": "类别 类型 证据类别 活动类别", "date": "日期 开始日期 活动日期 时间",
        "end": "结束日期", "title": "标题 名称 事项 活动名称 内容", "filed": "归档日期 归档时间",
        "amount": "金额 金额(元) 经费(元)", "participants": "参与人数 人数", "festival": "节日",
        "score": "评分 得分率 评分(%)", "tags": "标签", "refs": "关联项 考评项",
        "attachments": "附件",
    }
    for field, names in wanted.items():
        for name in names.split():
            assert map_header([name], EVIDENCE_COLUMNS).columns == {field: 0}, name
    assert map_header(["金额（元）"], EVIDENCE_COLUMNS).columns == {"amount": 0}


def test_preference_and_unknown_columns() -> None:
    header = map_header(["序号", "备注", "编号", "单位", "内容", "活动名称", "类别", "日期"],
                        EVIDENCE_COLUMNS)
    assert header.columns["id"] == 2
    assert header.columns["title"] == 5
    assert "备注" not in header.names.values()
    assert header.missing(EVIDENCE_REQUIRED) == ()
    assert header.positions(("id", "amount")) == (2, -1)


def test_repeated_and_recognisable() -> None:
    header = map_header(["日期", "编号", "日期"], EVIDENCE_COLUMNS)
    assert header.repeated == {"date": (0, 2)}
    assert header.recognisable(EVIDENCE_REQUIRED)
    assert not map_header(["标题", "备注"], EVIDENCE_COLUMNS).recognisable(EVIDENCE_REQUIRED)
    assert not map_header(["日期"], EVIDENCE_COLUMNS).recognisable(EVIDENCE_REQUIRED)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"]
