"""Extraction off the crawl's core: `REPORTCRAWLER_EXTRACT_WORKERS`.

A crawl's process runs Scrapy's engine and our extraction on one core;
extraction costs about as much CPU per page as Scrapy itself. With N > 0,
report pages are read in N worker processes while the engine goes on
downloading and storing, so a machine with a spare core crawls faster (see
BENCHMARKS.md). 0 reads pages in the crawl's own process. `auto` (the
default) reads the first REPORTCRAWLER_EXTRACT_WORKERS_AFTER report pages
in-process and then hands pages to one worker per spare core: a small crawl
never pays a worker's start-up (about a second), a large one gets the core.

Workers ignore SIGINT (the crawl's graceful stop decides what finishes) and
exit with the crawl; a page a worker cannot read raises in the crawl as it
would in-process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .encoding import PageError
from .errors import SetupError
from .record import SiteConfig, read_page, read_page_with_document

logger = logging.getLogger(__name__)


@dataclass
class PageResult:
    """What the crawl needs of a reading (small to send between processes)."""

    item: dict
    is_report: bool
    problem: str | None
    encoding: str
    document_url: str | None = None
    counts: dict[str, int] | None = None  # crawl stats the reading adds to (spam/lines_removed, encoding/repaired)


def read_page_result(body: bytes, url: str, content_type: str | None, site: SiteConfig,
                     fetched_at: str | None, document: tuple[bytes, str] | None = None) -> PageResult:
    """read_page, or with `document` (the linked file's bytes and URL) read_page_with_document."""
    if document is None:
        reading = read_page(body, url, content_type, site, fetched_at=fetched_at)
    else:
        reading = read_page_with_document(body, url, content_type, site, fetched_at, *document)
    counts = {"spam/lines_removed": reading.raw.spam_lines_removed,
              "encoding/repaired": getattr(reading.decoded, "repaired", 0)}
    return PageResult(dict(reading.item), reading.is_report, reading.problem, reading.decoded.encoding,
                      reading.document_url, {k: v for k, v in counts.items() if v})


def worker_setting(settings) -> tuple[int, int]:
    """(workers, pages read in-process first) from REPORTCRAWLER_EXTRACT_WORKERS:
    a number, or `auto`: one worker per core beyond the first, after
    REPORTCRAWLER_EXTRACT_WORKERS_AFTER pages."""
    value = str(settings.get("REPORTCRAWLER_EXTRACT_WORKERS", "auto")).strip().lower()
    if value == "auto":
        spare = max(0, min((os.cpu_count() or 1) - 1, 4))
        return spare, settings.getint("REPORTCRAWLER_EXTRACT_WORKERS_AFTER", 50)
    try:
        return max(0, int(value)), 0
    except ValueError:
        raise SetupError(f"REPORTCRAWLER_EXTRACT_WORKERS must be a number or auto, not {value!r}") from None


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ExtractionPool:
    """Reads pages in-process (0 workers) or in the process-wide worker pool:
    every crawler of the process shares it (a CrawlerProcess running many
    spiders starts and warms the workers once), and it shuts down with the
    reactor."""

    _shared: ProcessPoolExecutor | None = None

    def __init__(self, workers: int, after: int = 0):
        self.workers = workers
        self.after = after  # pages read in-process before the workers take over
        self.read_in_process = 0

    @classmethod
    def from_crawler(cls, crawler) -> ExtractionPool:
        return cls(*worker_setting(crawler.settings))

    @classmethod
    def _executor(cls, workers: int) -> ProcessPoolExecutor:
        if cls._shared is None:
            from twisted.internet import reactor

            # spawn: a fresh interpreter, nothing inherited from the running reactor.
            cls._shared = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                              initializer=_ignore_sigint)
            reactor.addSystemEventTrigger("before", "shutdown", cls.shutdown)
            logger.info("reading pages in %d worker process(es)", workers)
        return cls._shared

    @classmethod
    def shutdown(cls) -> None:
        if cls._shared is not None:
            cls._shared.shutdown(wait=True, cancel_futures=True)
            cls._shared = None

    async def read(self, body: bytes, url: str, content_type: str | None, site: SiteConfig,
                   fetched_at: str | None, document: tuple[bytes, str] | None = None) -> PageResult:
        if self.workers <= 0 or self.read_in_process < self.after:
            self.read_in_process += 1
            return read_page_result(body, url, content_type, site, fetched_at, document)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(self.workers), read_page_result, body, url, content_type,
                                          site, fetched_at, document)


__all__ = ["ExtractionPool", "PageError", "PageResult", "read_page_result"]
