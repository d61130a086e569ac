"""Each normalizer against the forms real pages use (seeds and their
full-width, spaced and zero-width variants)."""

import pytest

from reportcrawler.normalize import (
    chinese_numeral_to_int,
    clean_title,
    collapse_whitespace,
    detect_script,
    find_report_year,
    normalize_date,
    normalize_doc_no,
    normalize_index_no,
    normalize_source_agency,
    to_simplified,
    year_from_body,
    year_from_title,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("日期:2021-01-15", "2021-01-15"),  # hulan seed, ASCII colon
        ("日期：2021-01-15", "2021-01-15"),  # the same with the full-width colon real pages carry
        ("发布时间:2017-03-26 15:18", "2017-03-26"),  # tangyuan seed
        ("发布时间：2017-03-26 15:18", "2017-03-26"),
        ("发文日期:2016-03-15 00:00:00", "2016-03-15"),  # chenzhou seed
        ("发文日期：2016-03-15 00:00:00", "2016-03-15"),
        ("2016-03-15 00:00", "2016-03-15"),
        ("2018-03-16", "2018-03-16"),  # pulandian date line
        ("2018年3月15日", "2018-03-15"),
        ("2018年03月20日", "2018-03-20"),
        ("二〇一八年三月十五日", "2018-03-15"),
        ("二〇一六年三月二十五日", "2016-03-25"),
        ("二○一九年十二月三十一日", "2019-12-31"),
        ("2018.03.15", "2018-03-15"),
        ("2018/3/15", "2018-03-15"),
        ("２０１８年３月１５日", "2018-03-15"),  # full-width digits
        ("发布日期：２０１８－０３－１５", "2018-03-15"),
        ("成文日期： 2019 年 3 月 28 日", "2019-03-28"),
        ("March 5, 2018", "2018-03-05"),  # dateparser fallback
    ],
)
def test_normalize_date(text, expected):
    assert normalize_date(text) == expected


@pytest.mark.parametrize("text", [None, "", "2017年度", "日期：", "访问量：280", "2018-02-30", "〔2018〕3号"])
def test_normalize_date_gives_none(text):
    assert normalize_date(text) is None


def test_chinese_numerals():
    assert chinese_numeral_to_int("二〇一八") == 2018
    assert chinese_numeral_to_int("十") == 10
    assert chinese_numeral_to_int("十五") == 15
    assert chinese_numeral_to_int("二十") == 20
    assert chinese_numeral_to_int("三十一") == 31
    assert chinese_numeral_to_int("甲") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("430S00/2016-89052", "430S00/2016-89052"),  # chenzhou seed
        ("索引号:430S00/2016-89052", "430S00/2016-89052"),
        ("索引号：４３０Ｓ００／２０１６－８９０５２", "430S00/2016-89052"),  # full-width
        ("430S00 / 2016 - 89052", "430S00/2016-89052"),  # spaced
        ("430S00／2016—89052", "430S00/2016-89052"),  # full-width slash, em dash
        ("430s00/2016-89052", "430S00/2016-89052"),
        ("ZWGK/201703262740", "ZWGK/201703262740"),  # tangyuan seed
        ("ZWGK/2017\u200b0326\u200d2740", "ZWGK/201703262740"),  # zero-width characters
        ("\ufeffZWGK／２０１７０３２６２７４０", "ZWGK/201703262740"),
        ("zwgk/201703262740", "ZWGK/201703262740"),
        ("索 引 号： ZWGK/201703262740", "ZWGK/201703262740"),
    ],
)
def test_normalize_index_no(text, expected):
    assert normalize_index_no(text) == expected


@pytest.mark.parametrize("text", [None, "", "索引号：", "  \u3000 "])
def test_normalize_index_no_empty(text):
    assert normalize_index_no(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("来源:汤原县政府 办公室", "汤原县政府办公室"),  # tangyuan seed: inner space
        ("来源：汤原县政府 办公室 | 浏览量：280 | 发布时间：2017-03-26 15:18 分享到", "汤原县政府办公室"),
        ("来源：汤原县政府\u3000办公室", "汤原县政府办公室"),
        ("发布机构：郴州市人民政府办公室", "郴州市人民政府办公室"),
        ("信息来源：青山区人民政府办公室  浏览次数：", "青山区人民政府办公室"),
        ("呼兰区 政务公开办", "呼兰区政务公开办"),  # a bare value (meta ContentSource)
    ],
)
def test_normalize_source_agency(text, expected):
    assert normalize_source_agency(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "来源: 访问量:",  # hulan seed: empty, 访问量 right after it
        "来源： 访问量：",
        "来源：访问量：",
        "来源：",
        "来源: | 浏览量: 12",
        "",
        None,
    ],
)
def test_normalize_source_agency_empty(text):
    assert normalize_source_agency(text) is None


def test_normalize_doc_no():
    assert normalize_doc_no("文号：郴政办函〔2017〕12号") == "郴政办函〔2017〕12号"
    assert normalize_doc_no("郴政办函 〔2017〕 12号") == "郴政办函〔2017〕12号"
    assert normalize_doc_no("文号：无") is None
    assert normalize_doc_no("") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("呼兰区2015年政府信息公开工作年度报告_呼兰区人民政府", "呼兰区2015年政府信息公开工作年度报告"),
        ("政务中心2016年政府信息公开年度报告-汤原县人民政府", "政务中心2016年政府信息公开年度报告"),
        ("包头市青山区2017年政府信息公开工作年度报告-包头市青山区人民政府", "包头市青山区2017年政府信息公开工作年度报告"),
        ("郴州市人民政府 | 郴州市2015年政府信息公开工作年度报告", "郴州市2015年政府信息公开工作年度报告"),
        ("  呼兰区2015年政府信息公开工作年度报告\u3000", "呼兰区2015年政府信息公开工作年度报告"),
    ],
)
def test_clean_title(text, expected):
    assert clean_title(text) == expected


def test_collapse_whitespace():
    assert collapse_whitespace("\u3000\u3000一、概述 \xa0\t 本年度 ") == "一、概述 本年度"
    assert collapse_whitespace("先后将 30个单位") == "先后将 30个单位"
    assert collapse_whitespace("a\u200bb") == "ab"


def test_script_detection_and_conversion():
    trad = "大連市普蘭店區2017年度政府信息公開工作報告"
    assert detect_script(trad) == "hant"
    assert to_simplified(trad) == "大连市普兰店区2017年度政府信息公开工作报告"
    simp = "呼兰区2015年政府信息公开工作年度报告"
    assert detect_script(simp) == "hans"
    assert to_simplified(simp) is simp  # nothing Traditional: not converted at all
    # A Simplified page quoting one Traditional name is still Simplified.
    assert detect_script("本报告由呼兰区政务公开办编制。" * 20 + "臺") == "hans"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("呼兰区2015年政府信息公开工作年度报告", 2015),
        ("大连市普兰店区2017年度政府信息公开工作报告", 2017),
        ("二〇一七年度政府信息公开工作报告", 2017),
        ("郴州市２０１５年政府信息公开工作年度报告", 2015),
        ("关于〔2018〕3号文件的2017年报告", 2017),
        ("政府信息公开工作年度报告", None),
    ],
)
def test_year_from_title(title, expected):
    assert year_from_title(title) == expected


def test_year_from_body_statistics_period():
    body = "本报告由办公室编制（大政办明电〔2018〕3号）。报告中所列数据的统计时限自2017年1月1日至2017年12月31日。"
    assert year_from_body(body) == 2017


def test_year_from_body_ignores_document_numbers():
    # qingshan: 〔2018〕 comes first, 2016年 later; the report covers 2017.
    body = ("按照《条例》和《关于公开2017年政府信息公开工作年度报告的通知》（包政公办发〔2018〕3号）要求，"
            "在综合分析全区各部门、各单位2017年政府信息公开工作报告的基础上编制的。2016年以来……")
    assert year_from_body(body) == 2017


def test_find_report_year_prefers_title():
    assert find_report_year("呼兰区2015年政府信息公开工作年度报告", "2016年的打算") == 2015
    assert find_report_year(None, "统计时限自2016年1月1日起") == 2016
    assert find_report_year(None, "") is None
