"""Replay and record: crawls against saved responses.

`REPLAY=1` answers every request from `fixtures/<spider>/manifest.json` (or
`FIXTURES_DIR`); a request with no entry gets a 404, a warning naming the URL
and a `replay/missing` stat. `RECORD=1` saves live responses in that format.

Why our own middleware and not HttpCacheMiddleware with a custom storage and
policy: a cache miss there either goes to the network or (with
HTTPCACHE_IGNORE_MISSING) raises IgnoreRequest, so it gives neither the 404 +
stat nor a hard guarantee that nothing leaves the machine; and its on-disk
format (a pickled folder per request fingerprint) cannot be written or read
by hand, while fixtures here are hand-built pages with a readable manifest.
The middleware sits next to the downloader (order 950), so robots.txt,
redirects, retries and decompression run in replay exactly as they do live;
ReportSpider also swaps the download handlers for OfflineDownloadHandler, so
a request that somehow passes it fails instead of reaching the network.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import os
import re
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)


def fixtures_dir(settings, spider_name: str) -> Path:
    return Path(settings.get("FIXTURES_DIR") or os.path.join("fixtures", spider_name))


def request_key(method: str, url: str, body: bytes | str | None) -> tuple:
    """Method, canonical URL (sorted query, no fragment) and, for a form body, its sorted fields."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    fields = tuple(sorted(parse_qsl(body or "", keep_blank_values=True)))
    return (method.upper(), canonicalize_url(url, keep_fragments=False), fields or (body or ""))


def not_modified(request_headers: Headers, headers: Headers) -> bool:
    """True when a conditional request's validators match the saved response (RFC 9110 13.2.2:
    If-None-Match decides when present, else If-Modified-Since against Last-Modified)."""
    etag = headers.get("ETag")
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        return etag is not None and etag in [tag.strip() for tag in if_none_match.split(b",")]
    since, modified = request_headers.get("If-Modified-Since"), headers.get("Last-Modified")
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(modified.decode("latin-1")) <= parsedate_to_datetime(since.decode("latin-1"))
    except (TypeError, ValueError):
        return False


_SAFE_EXT = re.compile(r"\.[a-z0-9]{1,8}")


def fixture_file(folder: Path, name: str) -> Path:
    """`folder / name`, refused (ValueError) when it would lie outside `folder`
    (`../`, an absolute path, a symlink out): whatever a URL or a manifest holds,
    record and replay never touch a file outside the fixtures directory."""
    root = folder.resolve()
    path = (root / name).resolve()
    if "\x00" in name or not path.is_relative_to(root) or path == root:
        raise ValueError(f"fixture path outside {folder}: {name!r}")
    return path


def saved_name(method: str, url: str, body: bytes | None, content_type: str) -> str:
    """A recorded response's file name: a digest of the request (never its URL) and
    an extension from the Content-Type, kept only when it is a plain one."""
    ext = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"
    ext = {".htm": ".html", ".xsl": ".xml"}.get(ext, ext)
    if not _SAFE_EXT.fullmatch(ext):
        ext = ".bin"
    digest = hashlib.sha1(repr(request_key(method, url, body)).encode()).hexdigest()
    return f"pages/{digest[:16]}{ext}"


class Manifest:
    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / "manifest.json"
        self.data = {"site": folder.name, "entries": []}
        if self.path.exists():
            with open(self.path, encoding="utf-8") as fh:
                self.data = json.load(fh)
        self.index = {
            request_key(e.get("method", "GET"), e["url"], e.get("body")): e for e in self.data["entries"]
        }

    def lookup(self, method: str, url: str, body: bytes) -> dict | None:
        return self.index.get(request_key(method, url, body))

    def add(self, entry: dict) -> None:
        key = request_key(entry["method"], entry["url"], entry.get("body"))
        if key in self.index:
            self.data["entries"].remove(self.index[key])
        self.index[key] = entry
        self.data["entries"].append(entry)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)


class ReplayMiddleware:
    def __init__(self, crawler, replay: bool, record: bool):
        self.crawler = crawler
        self.replay = replay
        self.record = record
        self.manifest: Manifest | None = None
        # Replayed responses are answered before the downloader's slots, so
        # DOWNLOAD_DELAY does not apply; REPLAY_DELAY simulates latency instead.
        self.delay = crawler.settings.getfloat("REPLAY_DELAY", 0.0)

    @classmethod
    def from_crawler(cls, crawler):
        replay = crawler.settings.getbool("REPLAY")
        record = crawler.settings.getbool("RECORD")
        if not (replay or record):
            raise NotConfigured
        if replay and record:
            raise NotConfigured("REPLAY and RECORD are exclusive; replaying")
        mw = cls(crawler, replay, record)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider):
        folder = fixtures_dir(self.crawler.settings, spider.name)
        if self.replay and not (folder / "manifest.json").exists():
            # Nothing to replay: the crawl cannot do its job (exit status 1, see verdict.py).
            logger.error("replay: no manifest at %s; closing the spider", folder / "manifest.json")
            self.crawler.stats.set_value("replay/no_manifest", str(folder / "manifest.json"))
            raise CloseSpider("replay_without_fixtures")
        self.manifest = Manifest(folder)
        logger.info("%s mode: fixtures in %s (%d responses)", "replay" if self.replay else "record",
                    folder, len(self.manifest.data["entries"]))

    def spider_closed(self, spider):
        if self.record and self.manifest is not None:
            self.manifest.save()

    async def process_request(self, request, spider=None):
        if not self.replay:
            return None
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        if self.manifest is None:
            self.spider_opened(spider or self.crawler.spider)
        entry = self.manifest.lookup(request.method, request.url, request.body)
        if entry is None:
            self.crawler.stats.inc_value("replay/missing")
            logger.warning("replay: no fixture for %s %s; answering 404", request.method, request.url)
            return Response(request.url, status=404, body=b"", request=request, flags=["replay-missing"])
        headers = Headers(entry.get("headers") or {})
        if int(entry.get("status", 200)) == 200 and not_modified(request.headers, headers):
            # What the portal's server would answer a conditional GET for an unchanged page.
            return Response(request.url, status=304, headers=headers, body=b"", request=request, flags=["replay"])
        body = b""
        if entry.get("file"):
            try:
                body = fixture_file(self.manifest.folder, entry["file"]).read_bytes()
            except (ValueError, OSError) as exc:
                self.crawler.stats.inc_value("replay/bad_fixture")
                logger.warning("replay: unreadable fixture for %s (%s); answering 404", request.url, exc)
                return Response(request.url, status=404, body=b"", request=request, flags=["replay-missing"])
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(url=request.url, status=int(entry.get("status", 200)), headers=headers, body=body,
                   request=request, flags=["replay"])

    def process_response(self, request, response, spider=None):
        if self.record and "replay" not in response.flags:
            self._save(request, response)
        return response

    def _save(self, request, response) -> None:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        name = saved_name(request.method, request.url, request.body, content_type) if response.body else None
        if name:
            path = fixture_file(self.manifest.folder, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(response.body)
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        # Saved as received (next to the downloader: before decompression), with
        # its Content-Encoding, so replay decompresses exactly as live did.
        entry = {"method": request.method, "url": request.url, "status": response.status,
                 "headers": headers, "file": name}
        if request.body:
            entry["body"] = request.body.decode("utf-8", errors="replace")
        self.manifest.add(entry)
        self.manifest.save()
        self.crawler.stats.inc_value("record/saved")


class OfflineDownloadHandler:
    """Download handler for replay mode: refuses every request (nothing leaves the machine)."""

    lazy = False

    def __init__(self, settings=None, crawler=None):
        pass

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings, crawler)

    async def download_request(self, request):
        raise ConnectionRefusedError(f"replay mode: network access refused for {request.url}")

    async def close(self):
        return None
