import pytest

from reportcrawler.classify import classify_title

REPORTS = [
    "呼兰区2015年政府信息公开工作年度报告",
    "大連市普蘭店區2017年度政府信息公開工作報告",
    "政务中心2016年政府信息公开年度报告",
    "郴州市2015年政府信息公开工作年度报告",
    "包头市青山区2017年政府信息公开工作年度报告",
    "市统计局2017年政府信息公开年报",
    "兰河街道办事处2018年政府信息公开工作年度报告",
    "呼兰区人民政府2019年度政府信息公开工作报告",
]
NOT_REPORTS = [
    "呼兰区2016年政府信息公开工作要点",
    "关于做好2017年度政府信息公开工作年度报告编制发布工作的通知",
    "呼兰区人民政府信息公开指南",
    "呼兰区政府信息公开目录",
    "我区召开政务公开工作推进会",
    "XX有限公司2018年度企业年度报告公示",
    "呼兰区人民政府2018年政府工作报告",
    "2017年呼兰区国民经济和社会发展统计公报",
    "呼兰区2018年部门预算公开",
]


@pytest.mark.parametrize("title", REPORTS)
def test_reports(title):
    assert classify_title(title) is True


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_not_reports(title):
    assert classify_title(title) is False


@pytest.mark.parametrize("title", ["呼兰区2016年政府信息公开工作...", "呼兰区2016年政府信息公开…", "大連市普蘭店區2016年政府信息公開...",
                                   "汤原县人力资源和社会保障局2017年政府信息..."])
def test_truncated_link_text_is_undecided(title):
    assert classify_title(title) is None
