import pytest

from reportcrawler.encoding import PageError, decode_page

TEXT = "<html><head>{meta}</head><body><p>呼兰区2015年政府信息公开工作年度报告，镕堃喆〇。</p></body></html>"


def page(meta=""):
    return TEXT.format(meta=meta)


def test_utf8_declared():
    decoded = decode_page(page().encode("utf-8"), "text/html; charset=utf-8")
    assert "镕堃喆" in decoded.text and decoded.encoding == "utf-8"


def test_gbk_bytes_declared_as_utf8():
    decoded = decode_page(page().encode("gb18030"), "text/html; charset=UTF-8")
    assert "呼兰区" in decoded.text and decoded.encoding == "gb18030"
    assert decoded.declared == "utf-8"


def test_gbk_without_any_declaration():
    assert "政府信息公开" in decode_page(page().encode("gbk"), "text/html").text


def test_gb2312_declared_page_with_gbk_only_characters():
    body = page('<meta charset="gb2312">').encode("gb18030")
    decoded = decode_page(body, "text/html; charset=gb2312")
    assert "镕堃喆" in decoded.text


def test_meta_charset_only():
    body = page('<meta http-equiv="Content-Type" content="text/html; charset=gbk">').encode("gbk")
    assert "年度报告" in decode_page(body, None).text


def test_bom():
    assert "年度报告" in decode_page(b"\xef\xbb\xbf" + page().encode("utf-8"), "text/html; charset=gbk").text


def test_forced_encoding():
    assert "年度报告" in decode_page(page().encode("gbk"), None, encoding="gbk").text
    with pytest.raises(PageError):
        decode_page(page().encode("gbk"), None, encoding="utf-8")


@pytest.mark.parametrize("body, reason", [(b"", "empty"), (b"   \n ", "empty"), (bytes(range(256)) * 8, "binary"),
                                          (b"%PDF-1.4\x00\x01\x02\x03" * 50, "binary")])
def test_not_text(body, reason):
    with pytest.raises(PageError) as info:
        decode_page(body, "text/html")
    assert info.value.reason == reason


def test_truncated_gbk_still_reads():
    body = page().encode("gbk")[:-3] + b"\xc4"  # cut inside a character
    assert "呼兰区" in decode_page(body, "text/html; charset=gbk").text
