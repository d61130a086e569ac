"""Unit tests of reportcrawler.figures: grids, prose sentences, consistency, documents."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reportcrawler.figures import DocumentError, read_document, read_figures, table_grid
from reportcrawler.figures.consistency import check
from reportcrawler.figures.prose import read_prose


def _table(html: str) -> etree._Element:
    return etree.fromstring(html, etree.HTMLParser()).find(".//table")


def test_grid_repeats_merged_cells_and_collapses_space() -> None:
    grid = table_grid(_table(
        "<table><tr><td rowspan=2 colspan=2>A\u3000 B</td><td>x</td></tr>"
        "<tr><td><p><span>1</span><span>2</span></p></td></tr>"
        "<tr><td>\u00a0</td><td>c<br>d</td><td></td></tr></table>"))
    assert grid == [["A B", "A B", "x"], ["A B", "A B", "12"], ["", "c d", ""]]


def test_grid_keeps_nested_tables_apart_and_clips_overlong_rowspan() -> None:
    outer = _table("<table><tr><td>left<table><tr><td>inner</td></tr></table></td>"
                   "<td rowspan=5>r</td></tr><tr><td>b</td></tr></table>")
    assert table_grid(outer) == [["left", "r"], ["b", "r"]]


def test_grid_of_empty_table() -> None:
    assert table_grid(_table("<table></table>")) == []


@pytest.mark.parametrize("sentence,expected", [
    ("受理依申请公开2件。", {"applications_received": 2}),
    ("全市共受理政府信息公开申请921件。", {"applications_received": 921}),
    ("已办结903件，其余18件申请按照《条例》规定结转至2016年度办理。", {"applications_carried_forward": 18}),
    ("公开政府信息3000余条。", {"proactive_published": 3000, "approximate": ["proactive_published"]}),
    ("全年共收到政府信息公开申请二十三件。", {"applications_received": 23}),
    ("本年度未收取任何费用。", {"fees_collected": 0}),
    ("收取检索、复制、邮寄费用共1.2万元。", {"fees_collected": 12000}),
    ("全区未发生因政府信息公开申请行政复议的情况。", {"admin_review": {"total": 0}}),
    ("未发生因政府信息公开提起行政诉讼的情况。",
     {"litigation_direct": {"total": 0}, "litigation_after_review": {"total": 0}}),
    ("引发行政复议案件11件，其中维持具体行政行为的7件，被依法纠正的2件，其他情形2件；",
     {"admin_review": {"total": 11, "maintained": 7, "corrected": 2, "other": 2}}),
    ("全市共主动公开政府信息9.8万余条。", {"proactive_published": 98000, "approximate": ["proactive_published"]}),
])
def test_prose_sentence(sentence: str, expected: dict) -> None:
    assert read_prose(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "一、本年新收政府信息公开申请数量 14 3 0 0 2 0 19",  # a flattened table row
    "共发布政务信息8.4万余条。",  # not 政府信息
    "其中，市政府及其部门共受理政府信息公开申请232件。",  # a part, not the total
    "免费提供现场及电话咨询。",  # not a disclosure fee statement
    "同意公开9件，信息不存在2件，非本机关掌握1件。",  # older categories stay out
    "重点推进近20个部门的目录编制。",
    "行政事业性收费 38 -5",
    "",
])
def test_prose_negatives_yield_nothing(sentence: str) -> None:
    assert read_prose(sentence) == {}


def test_consistency_warnings_keep_published_numbers() -> None:
    stats = {"applications_received": 10, "applications_carried_over": 1, "applications_carried_forward": 2,
             "outcomes": {"disclosed": 5, "partially_disclosed": 1, "refused": 0, "unable_to_provide": 1,
                          "not_processed": 0, "other": 0, "total": 8},
             "admin_review": {"maintained": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    warnings = check(stats)
    assert len(warnings) == 3
    assert warnings[0].startswith("outcomes:") and "= 7" in warnings[0] and "is 8" in warnings[0]
    assert warnings[1].startswith("applications:") and "= 11" in warnings[1] and "= 10" in warnings[1]
    assert warnings[2].startswith("admin_review:")
    assert stats["outcomes"]["total"] == 8


def test_consistency_silent_when_terms_missing_or_agreeing() -> None:
    assert check({"outcomes": {"disclosed": 5, "total": 8}}) == []
    assert check({"admin_review": {"maintained": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}}) == []


def test_tables_win_over_prose() -> None:
    grid = [["", "总计"], ["一、本年新收政府信息公开申请数量", "19"]]
    figures = read_figures([grid], "全年共收到政府信息公开申请20件。")
    assert figures.stats == {"applications_received": 19}
    assert figures.tables == [grid]


def test_layout_tables_are_not_statistics_tables() -> None:
    figures = read_figures([[["首页", "关于我们"]], [["索引号：", "430S00/2016-89052"]]], "")
    assert figures == type(figures)()


def test_split_table3_sums_sub_rows_across_parts() -> None:
    part1 = [["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "2"]]
    part2 = [["三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开", "3"],
             ["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息", "１"]]
    stats = read_figures([part1, part2], "").stats
    assert stats["outcomes"] == {"refused": 5, "unable_to_provide": 1}


def test_blank_sub_row_makes_sum_unstated() -> None:
    grid = [["（五）不予处理", "1.信访举报投诉类申请", "1"], ["（五）不予处理", "2.重复申请", ""]]
    assert "outcomes" not in read_figures([grid], "").stats


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6), max_size=3),
       st.text(max_size=200))
def test_read_figures_never_raises(grids, text) -> None:
    figures = read_figures(grids, text)
    assert isinstance(figures.stats, dict) and isinstance(figures.warnings, list)
    assert all(isinstance(w, str) for w in figures.warnings)


def test_documents_refuse_doc_large_and_corrupt() -> None:
    with pytest.raises(DocumentError) as doc:
        read_document(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "report.doc")
    assert doc.value.reason == "unsupported_attachment"
    with pytest.raises(DocumentError) as big:
        read_document(b"%PDF" + b"\0" * 100, "a.pdf", max_bytes=10)
    assert big.value.reason == "attachment_too_large"
    with pytest.raises(DocumentError) as bad:
        read_document(b"%PDF-1.4 garbage", "a.pdf")
    assert bad.value.reason == "attachment_unreadable"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(DocumentError) as notdocx:
        read_document(buffer.getvalue(), "a.docx")
    assert notdocx.value.reason == "attachment_unreadable"
    assert "\n" not in notdocx.value.message


def test_documents_timeout() -> None:
    from pathlib import Path
    pdf = (Path(__file__).resolve().parents[1] / "fixtures/figures/files/report_2019.pdf").read_bytes()
    with pytest.raises(DocumentError) as slow:
        read_document(pdf, "a.pdf", timeout_s=0)
    assert slow.value.reason == "attachment_timeout"
