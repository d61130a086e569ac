"""A Hanweb (大汉) column on 127.0.0.1, in the builds real portals run: the
column's dataproxy parameters in ajaxParam, in another object of the jpage
call, only in the datastore's <nextgroup> link, or nowhere (static
`?uid=&pageNum=` pages). /<build>/index.html is the column: 8 reports, 3 a
page. /short/ declares 12 records and serves 8."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from .localserver import LocalServer

PER_PAGE = 3
REPORTS = 8
COLUMN = {"ajax": 101, "other": 102, "nextgroup": 103, "none": 104, "short": 105}
PARAMS = "col:1, appid:1, webid:1, path:'/', columnid:{col}, sourceContentType:1, unitid:{unit}, permissiontype:0"
SCRIPTS = {
    "ajax": "$('#{unit}').jpage({{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 3, "
            "totalRecord: {total}, groupSize: 1, ajaxParam: {{" + PARAMS + "}}}});",
    "other": "$('#{unit}').jpage({{dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 3, "
             "totalRecord: {total}, groupSize: 1, param: {{" + PARAMS + "}}}});",
    "nextgroup": "$('#{unit}').jpage({{dataStore: dataStore, perPage: 3, totalRecord: {total}, groupSize: 1}});",
    "none": "$('#{unit}').jpage({{dataStore: dataStore, perPage: 3, totalRecord: {total}, groupSize: 1}});",
}
SCRIPTS["short"] = SCRIPTS["ajax"]


def record(build: str, n: int) -> str:
    return (f"<record><![CDATA[<li><a href='/art/{build}/{n}.html' title='测试{build}区{2010 + n}年政府信息公开工作年度报告'>"
            f"测试区{2010 + n}年报</a><span>2019-01-{n:02d}</span></li>]]></record>")


def records(build: str, start: int, end: int) -> str:
    return "".join(record(build, n) for n in range(start, min(end, REPORTS) + 1))


def column_page(build: str, start: int = 1) -> str:
    col, unit = COLUMN[build], COLUMN[build] + 5000
    total = 12 if build == "short" else REPORTS
    nextgroup = ""
    if build == "nextgroup":
        nextgroup = (f"<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/"
                     f"&columnid={col}&unitid={unit}&permissiontype=0\"></a>]]></nextgroup>")
    script = SCRIPTS[build].format(col=col, unit=unit, total=total)
    return (f"<html><head><title>政府信息公开年报</title></head><body><div id='{unit}'><script type='text/xml'>"
            f"<datastore>{nextgroup}<recordset>{records(build, start, start + PER_PAGE - 1)}</recordset></datastore>"
            f"</script></div><script>{script}</script></body></html>")


def report(build: str, n: int) -> str:
    title = f"测试{build}区{2010 + n}年政府信息公开工作年度报告"
    paragraphs = "".join(f"<p>{title}第{i}部分：根据《中华人民共和国政府信息公开条例》，{2010 + n}年主动公开政府信息{i}00条。</p>"
                         for i in range(1, 8))
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1><div id='zoom'>{paragraphs}</div></body></html>"


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: str, kind: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/")
        query = parse_qs(url.query)
        if len(parts) == 2 and parts[0] in COLUMN and parts[1] == "index.html":
            page = int(query.get("pageNum", ["1"])[0])
            if page > 1 and query.get("uid") != [str(COLUMN[parts[0]] + 5000)]:
                return self._send(404, "no such unit")
            return self._send(200, column_page(parts[0], (page - 1) * PER_PAGE + 1))
        if len(parts) == 3 and parts[0] == "art":
            return self._send(200, report(parts[1], int(parts[2].split(".")[0])))
        if url.path == "/robots.txt":
            return self._send(404, "")
        return self._send(404, "not found")

    def do_POST(self):  # noqa: N802
        url = urlparse(self.path)
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        query = parse_qs(url.query)
        builds = [b for b, col in COLUMN.items() if form.get("columnid") == [str(col)]]
        if url.path != "/module/web/jpage/dataproxy.jsp" or not builds or "unitid" not in form:
            return self._send(200, "<datastore><recordset></recordset></datastore>", "text/xml")
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        return self._send(200, f"<datastore><recordset>{records(builds[0], start, end)}</recordset></datastore>",
                          "text/xml")

    def log_message(self, *args):
        pass


class HanwebServer(LocalServer):
    def __init__(self):
        super().__init__(Handler)
