"""Reports published as files, crawled live from an offline portal (zigui,
served on 127.0.0.1): a page that is a short note + a PDF, a page that is only
a DOCX link, a page that links a legacy .doc, and an ordinary HTML report.
Every record equals fixtures/portals/zigui/expected.json field for field; the
files' bytes are in the store with outcome `attachment`; the .doc is one
`errors/unsupported_attachment` and no record."""

from __future__ import annotations

import hashlib
import json
import shutil
from urllib.parse import urlparse

import pytest

from .canonical import expected_hash
from .crawling import FIXTURES, report_record, rows, run_crawl
from .portalserver import PortalServer

FOLDER = FIXTURES / "portals" / "zigui"
EXPECTED = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
LIVE = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
PDF_PAGE, DOCX_PAGE, HTML_PAGE = "/xxgk/xxgknb/21987.jhtml", "/xxgk/xxgknb/16402.jhtml", "/xxgk/xxgknb/27341.jhtml"
DOC_PAGE = "/xxgk/xxgknb/11075.jhtml"
# extraction/content.py: a known container (#zoom) counts only with >= 80 characters of text, so a page whose
# content is only the file link falls back to text density and takes the footer (网站地图｜联系我们｜网站声明)
# as its body: no attachment found, no file fetched, a junk record stored.


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("zigui")
    with PortalServer(FOLDER / "site") as server:
        run = run_crawl(workdir, "portal", "-a", f"start_url={server.base}{EXPECTED['homepage']}", *LIVE,
                        tag="zigui", replay=False)
    store = workdir / "store.sqlite3"
    records = {urlparse(r["url"]).path: report_record(r) for r in rows(store, "reports")}
    pages = {urlparse(p["url"]).path: p for p in rows(store, "pages")}
    return run, records, pages, server.base


def _record_problems(record: dict, want: dict, base: str) -> list[str]:
    want = dict(want)
    body_text = "\n".join(want.pop("body_lines"))
    want["body_text"] = body_text
    want["attachments"] = [{"url": base + a["url"], "name": a["name"]} for a in want["attachments"]]
    problems = [f"{name}: {record.get(name)!r} != {value!r}" for name, value in want.items()
                if record.get(name) != value]
    if record.get("content_hash") != expected_hash(body_text):
        problems.append("content_hash is not the canonical hash of the expected body_text")
    return problems


def test_crawl_exits_0_without_traceback(crawl):
    run, _, _, _ = crawl
    assert run.returncode == 0, run.log[-2000:]
    assert "Traceback" not in run.log


def test_html_report_record(crawl):
    _, records, pages, base = crawl
    assert HTML_PAGE in records
    assert not _record_problems(records[HTML_PAGE], EXPECTED["records"][HTML_PAGE], base)
    assert pages[HTML_PAGE]["outcome"] == "record"


def _file_report(crawl, page_path: str):
    _, records, pages, base = crawl
    assert page_path in records, sorted(records)
    want = EXPECTED["records"][page_path]
    assert not _record_problems(records[page_path], want, base)
    assert pages[page_path]["outcome"] == "record"
    file_path = want["attachments"][0]["url"]
    stored = pages[file_path]
    assert stored["outcome"] == "attachment" and stored["status"] == 200
    raw = (FOLDER / "site" / file_path.lstrip("/")).read_bytes()
    assert stored["body"] == raw and stored["body_sha256"] == hashlib.sha256(raw).hexdigest()


def test_pdf_only_report_record_and_bytes(crawl):
    _file_report(crawl, PDF_PAGE)


def test_docx_only_report_record_and_bytes(crawl):
    _file_report(crawl, DOCX_PAGE)


def test_legacy_doc_is_one_error_and_no_record(crawl):
    run, records, pages, _ = crawl
    assert DOC_PAGE not in records
    assert pages[DOC_PAGE]["outcome"] == "error:unsupported_attachment"
    for path, outcome in EXPECTED["files"].items():
        assert pages[path]["outcome"] == outcome, path
    errors = {k: v for k, v in run.stats.items() if k.startswith("errors/")}
    assert errors == EXPECTED["errors"]
    assert set(records) == set(EXPECTED["reports"])
    assert run.stats.get("records/stored") == len(EXPECTED["reports"])


def test_a_missing_file_is_the_report_pages_error_too(tmp_path):
    """The PDF answers 404: counted once, and the report page that needed it is not left without an outcome."""
    site = tmp_path / "site"
    shutil.copytree(FOLDER / "site", site)
    pdf = EXPECTED["records"][PDF_PAGE]["attachments"][0]["url"]
    (site / pdf.lstrip("/")).unlink()
    with PortalServer(site) as server:
        run = run_crawl(tmp_path, "portal", "-a", f"start_url={server.base}{EXPECTED['homepage']}", *LIVE,
                        tag="missing", replay=False)
    assert run.returncode == 0 and "Traceback" not in run.log
    assert run.stats.get("errors/http_404") == 1
    pages = {urlparse(p["url"]).path: p for p in rows(tmp_path / "store.sqlite3", "pages")}
    assert pages[pdf]["outcome"] == "error:http_404"
    assert pages[PDF_PAGE]["outcome"] == "error:http_404"
    assert PDF_PAGE not in {urlparse(r["url"]).path for r in rows(tmp_path / "store.sqlite3", "reports")}
