"""A local HTTP server on 127.0.0.1 that misbehaves on purpose, one path per way."""

from __future__ import annotations

import socket
import struct
import time
from http.server import BaseHTTPRequestHandler

from .localserver import LocalServer

GOOD_REPORT = (
    "<html><head><title>{title}_测试区人民政府</title></head><body>"
    "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
    "<h1>{title}</h1><div class='info'>发布时间：2018-03-16 来源：测试区政府办公室</div>"
    "<div id='zoom'>{paragraphs}</div><div class='footer'>主办：测试区人民政府 网站标识码：2301110099</div>"
    "</body></html>"
)
PARAGRAPHS = "".join(
    f"<p>　　{n}、本年度报告根据《中华人民共和国政府信息公开条例》编制，2017年全区主动公开政府信息{n}00条。</p>" for n in range(1, 30)
)


def report_page(title: str = "测试区2017年政府信息公开工作年度报告") -> str:
    return GOOD_REPORT.format(title=title, paragraphs=PARAGRAPHS)


# A column list whose one report link leaves the portal.
OFFSITE_LIST = (
    "<html><head><title>年度报告</title></head><body><ul>"
    "<li><a href='http://elsewhere.example.invalid/r.html'>测试区2017年政府信息公开工作年度报告</a>"
    "<span>2018-03-16</span></li></ul></body></html>"
)
# A UTF-8 page with one GBK fragment pasted in (the first paragraph's 本年度报告).
MIXED = report_page().encode("utf-8").replace("本年度报告".encode(), "本年度报告".encode("gbk"), 1)
# A report with two injected spam lines between its paragraphs.
HACKED = report_page().replace(
    "<p>　　2、", "<p>澳门葡京娱乐城百家乐，注册送彩金</p><p><a href='http://bc365.example.com/'>最新网址bc365.example.com</a></p>"
    "<p>　　2、", 1)
# A column list linking one report twice: with tracking parameters and without.
TRACKING_LIST = (
    "<html><head><title>年度报告</title></head><body><ul>"
    "<li><a href='/report?utm_source=wechat&from=home'>测试区2017年政府信息公开工作年度报告</a><span>2018-03-16</span></li>"
    "<li><a href='/report'>测试区2017年政府信息公开工作年度报告（转载）</a><span>2018-03-16</span></li>"
    "<li><a href='/gbk-no-charset?spm=a1.b2'>测试区2017年政府信息公开工作年度报告（副本）</a><span>2018-03-16</span></li>"
    "</ul></body></html>"
)
# Answers that are not HTTP responses: the connection is cut (reset) or
# closes before the declared Content-Length (data loss).
BROKEN = {"/reset", "/data-loss"}




class Routes:
    def __init__(self, port_ref):
        full = report_page().encode("utf-8")
        self.table = {
            "/report": (200, {"Content-Type": "text/html; charset=utf-8"}, full, 0),
            "/gbk-declared-utf8": (200, {"Content-Type": "text/html; charset=utf-8"}, report_page().encode("gbk"), 0),
            "/gbk-no-charset": (200, {"Content-Type": "text/html"}, report_page().encode("gbk"), 0),
            "/truncated": (200, {"Content-Type": "text/html; charset=utf-8"}, full[: len(full) // 2 + 1], 0),
            "/missing": (404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>404 Not Found</h1>", 0),
            "/server-error": (500, {"Content-Type": "text/html"}, b"oops", 0),
            "/empty": (200, {"Content-Type": "text/html; charset=utf-8"}, b"", 0),
            "/binary": (200, {"Content-Type": "text/html"}, bytes(range(256)) * 64, 0),
            "/soft-404": (200, {"Content-Type": "text/html; charset=utf-8"},
                          "<html><head><title>404 页面不存在</title></head><body><p>抱歉，您访问的页面不存在或已被删除。</p></body></html>".encode(), 0),
            "/huge": (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>" + b"x" * 3_000_000 + b"</body></html>", 0),
            "/slow": (200, {"Content-Type": "text/html; charset=utf-8"}, full, 4),
            "/offsite-redirect": (302, {"Location": "http://spam.example.invalid/casino.html"}, b"", 0),
            "/redirect-loop": (302, {"Location": "/redirect-loop-2"}, b"", 0),
            "/redirect-loop-2": (302, {"Location": "/redirect-loop"}, b"", 0),
            "/private/report": (200, {"Content-Type": "text/html; charset=utf-8"}, full, 0),
            "/list-offsite": (200, {"Content-Type": "text/html; charset=utf-8"}, OFFSITE_LIST.encode(), 0),
            "/mixed-encoding": (200, {"Content-Type": "text/html; charset=utf-8"}, MIXED, 0),
            "/nul-bytes": (200, {"Content-Type": "text/html; charset=utf-8"}, full[:300] + b"\x00\x00" + full[300:], 0),
            "/hacked": (200, {"Content-Type": "text/html; charset=utf-8"}, HACKED.encode(), 0),
            "/list-tracking": (200, {"Content-Type": "text/html; charset=utf-8"}, TRACKING_LIST.encode(), 0),
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n", 0),
        }


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        if path.startswith("/any/"):  # every URL under /any/ is a report, served with a hostile Content-Type
            return self._send(200, {"Content-Type": "text/html/../../../x; charset=utf-8"}, report_page().encode())
        if path in BROKEN:
            self.break_connection(path)
            return
        status, headers, body, delay = self.routes.get(path, (404, {}, b"", 0))
        if delay:
            time.sleep(delay)
        self._send(status, headers, body)

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def break_connection(self, path: str) -> None:
        if path == "/data-loss":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(report_page().encode("utf-8")[:2000])
            self.wfile.flush()
        else:  # RST: linger 0, then close
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def log_message(self, *args):
        pass


class BadServer(LocalServer):
    def __init__(self):
        Handler.routes = Routes(None).table
        super().__init__(Handler)
