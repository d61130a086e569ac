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


def test_fast_path_equals_the_definition_on_awkward_text():
    """canonical_text drops punctuation before NFKC for speed; it must agree with
    the literal definition, also for compatibility characters (㈠, ½, ①, ﬁ),
    combining marks, Hangul jamo, characters beyond the BMP and zero-width ones."""
    import random

    rng = random.Random(20261122)
    alphabet = list("政府信息公开，。（）：；、“”《》〔〕【】—…·ＡＢ１２ab12 \u3000\xa0\t\n㈠½①⑴＂％＄￥€©®™Åﬁ") + [
        "\u0301", "\u0308", "\u1100", "\u1161", "\uf900", "\U0001F600", "\U00020000", "\u200b", "\ufeff", "\u2028"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert content_hash(text) == expected_hash(text), repr(text)
