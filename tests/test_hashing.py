from reportcrawler.hashing import canonical_text, content_hash

from .canonical import expected_hash

BODY = "一、概述\n本年度报告是根据《中华人民共和国政府信息公开条例》(以下简称《条例》)编制。\n截止12月30日公开政府信息3000余条。"


def test_matches_the_definition():
    assert content_hash(BODY) == expected_hash(BODY)


def test_punctuation_width_spacing_and_script_do_not_matter():
    variants = [
        BODY.replace("(", "（").replace(")", "）").replace("。", "."),
        BODY.replace("\n", " "),
        "\u3000" + BODY.replace("一、", "一 、"),
        "一、概述\n本年度報告是根據《中華人民共和國政府信息公開條例》（以下簡稱《條例》）編制。\n截止12月30日公開政府信息3000餘條。",
    ]
    for variant in variants:
        assert content_hash(variant) == content_hash(BODY)


def test_lost_characters_change_the_hash():
    assert content_hash(BODY.replace("3000", "300")) != content_hash(BODY)


def test_canonical_text_keeps_letters_and_digits_only():
    assert canonical_text("（一）2015年, ａｂｃ！") == "一2015年abc"
