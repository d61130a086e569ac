"""Hanweb / 大汉 jcms: the first page of records is embedded in
`<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>`,
later pages come from POSTs to `dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`
with the column's parameters as form fields. Builds carry those parameters in
the jpage call's `ajaxParam`, in another object of the call (or at its top
level), in the datastore's `<nextgroup>` link query, or nowhere: then the
column's static pages (`?uid=<unit>&pageNum=N`) are asked for instead."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlparse

from parsel import Selector
from scrapy.http import FormRequest, Request

from .base import ListAdapter
from .links import list_entries, page_text

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_DATASTORE = re.compile(r"<datastore>.*?</datastore>", re.S)
_NUMBER = r"\s*:\s*['\"]?(\d+)"
_AJAX_PARAM = re.compile(r"ajaxParam\s*:\s*\{(.*?)\}", re.S)
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\s}]+))")
_JPAGE_CALL = re.compile(r"\.jpage\s*\((.{0,3000}?)\)\s*;", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)", re.S)
_UNIT = re.compile(r"\$\(\s*['\"]#(\d+)['\"]\s*\)\s*\.jpage|<div[^>]+id=['\"](\d+)['\"][^>]*>\s*<script[^>]+text/xml")
# The fields dataproxy.jsp reads (the call's other keys are the pager's own: perPage, barPosition, …).
_PROXY_FIELDS = {"col", "appid", "webid", "path", "columnid", "sourcecontenttype", "unitid", "webname",
                 "permissiontype", "infotypeid", "jdid", "area", "divid", "vc_title", "vc_number", "keyWordCount"}
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"


def _number(script: str, key: str, default: int | None = None) -> int | None:
    match = re.search(key + _NUMBER, script)
    return int(match.group(1)) if match else default


def _pairs(text: str) -> dict[str, str]:
    return {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _PAIR.finditer(text)}


def jpage_form(text: str) -> dict[str, str] | None:
    """The column's dataproxy parameters, wherever this build put them; None when nowhere."""
    params = _AJAX_PARAM.search(text)
    if params:
        return _pairs(params.group(1))
    call = _JPAGE_CALL.search(text)
    if call:  # another object of the call, or the call's own keys
        form = {k: v for k, v in _pairs(call.group(1)).items() if k.lower() in {f.lower() for f in _PROXY_FIELDS}}
        if "columnid" in {k.lower() for k in form}:
            return form
    link = _NEXTGROUP.search(text)
    if link:
        form = dict(parse_qsl(urlparse(link.group(1).replace("&amp;", "&")).query, keep_blank_values=True))
        form.pop("page", None)
        if form:
            return form
    return None


class HanwebAdapter(ListAdapter):
    name = "hanweb"

    def entries(self, response, list_css=None):
        records = _RECORD.findall(page_text(response))
        if not records:
            return super().entries(response, list_css)
        html = "<ul>" + "".join(records) + "</ul>"
        return list_entries(Selector(text=html), response.url, None)

    def declared(self, response):
        text = page_text(response)
        total = _number(text, "totalRecord") if "jpage" in text and _DATASTORE.search(text) else None
        return ("records", total) if total else None

    def records_on(self, response, links):
        return len(_RECORD.findall(page_text(response))) or len(links)

    def next_pages(self, response, callback, errback):
        text = page_text(response)
        if "jpage" not in text or _DATASTORE.search(text) is None or text.lstrip().startswith("<?xml"):
            return []
        per_page = _number(text, "perPage", 15)
        total = _number(text, "totalRecord")
        group = _number(text, "groupSize", 1) or 1
        if not total:
            return []
        proxy = re.search(r"proxyUrl\s*:\s*['\"]([^'\"]+)", text)
        form = jpage_form(text)
        step = per_page * group
        if form is None:  # no parameters anywhere: the column's static pages
            unit = _UNIT.search(text)
            query = f"uid={unit.group(1) or unit.group(2)}&" if unit else ""
            return [Request(urljoin(response.url, f"?{query}pageNum={n}"), callback=callback, errback=errback)
                    for n in range(2, -(-total // per_page) + 1)]
        proxy_url = urljoin(response.url, proxy.group(1) if proxy else _DEFAULT_PROXY)
        requests = []
        for start in range(step + 1, total + 1, step):
            url = f"{proxy_url}?startrecord={start}&endrecord={start + step - 1}&perpage={per_page}"
            requests.append(FormRequest(url, formdata=form, callback=callback, errback=errback))
        return requests
