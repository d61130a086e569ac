"""Hanweb / 大汉 jcms: the first page of records is embedded in
`<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>`,
later pages come from POSTs to `dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`
with the jpage call's ajaxParam as form fields."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import FormRequest

from .base import ListAdapter
from .links import list_entries, page_text

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_DATASTORE = re.compile(r"<datastore>.*?</datastore>", re.S)
_NUMBER = r"\s*:\s*['\"]?(\d+)"
_AJAX_PARAM = re.compile(r"ajaxParam\s*:\s*\{(.*?)\}", re.S)
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\s}]+))")


def _number(script: str, key: str, default: int | None = None) -> int | None:
    match = re.search(key + _NUMBER, script)
    return int(match.group(1)) if match else default


class HanwebAdapter(ListAdapter):
    name = "hanweb"

    def entries(self, response, list_css=None):
        records = _RECORD.findall(page_text(response))
        if not records:
            return super().entries(response, list_css)
        html = "<ul>" + "".join(records) + "</ul>"
        return list_entries(Selector(text=html), response.url, None)

    def next_pages(self, response, callback, errback):
        text = page_text(response)
        if "jpage" not in text or _DATASTORE.search(text) is None or text.lstrip().startswith("<?xml"):
            return []
        per_page = _number(text, "perPage", 15)
        total = _number(text, "totalRecord")
        group = _number(text, "groupSize", 1) or 1
        proxy = re.search(r"proxyUrl\s*:\s*['\"]([^'\"]+)", text)
        params = _AJAX_PARAM.search(text)
        if not (total and proxy and params):
            return []
        form = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _PAIR.finditer(params.group(1))}
        step = per_page * group
        proxy_url = urljoin(response.url, proxy.group(1))
        requests = []
        for start in range(step + 1, total + 1, step):
            url = f"{proxy_url}?startrecord={start}&endrecord={start + step - 1}&perpage={per_page}"
            requests.append(FormRequest(url, formdata=form, callback=callback, errback=errback))
        return requests
