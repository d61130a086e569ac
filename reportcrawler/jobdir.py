"""JOBDIR guard: resume after a graceful stop, start clean after a crash.

Scrapy's JOBDIR keeps the request queue, the seen-request fingerprints and
the spider state. A graceful stop (one SIGINT) closes them properly and the
next run resumes. A crawl killed with SIGKILL leaves requests that were in
flight marked as seen but never processed, and possibly a torn queue file;
resuming from it would silently lose pages. So the guard writes a marker
when a crawl opens the JOBDIR and removes it on a clean close; a JOBDIR that
still has its marker is damaged: it is set aside (renamed, with a warning)
and the crawl starts afresh. The store's dedupe makes the re-crawl cheap and
exact: the reports already stored become sightings.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

MARKER = "reportcrawler.running"


class JobdirGuard:
    def __init__(self, crawler, path: str):
        self.crawler = crawler
        self.path = path
        self.marker = os.path.join(path, MARKER)

    @classmethod
    def from_crawler(cls, crawler):
        path = job_dir(crawler.settings)
        if not path:
            raise NotConfigured
        guard = cls(crawler, path)
        guard.check()
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def check(self) -> None:
        """Runs before the scheduler opens the JOBDIR."""
        if os.path.exists(self.marker):
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = f"{self.path.rstrip(os.sep)}.damaged-{stamp}"
            shutil.move(self.path, aside)
            logger.warning(
                "JOBDIR %s was not closed cleanly (crash or kill): set aside as %s; starting afresh "
                "(reports already stored will count as duplicates)", self.path, aside)
            self.crawler.stats.set_value("jobdir/set_aside", aside)
        os.makedirs(self.path, exist_ok=True)
        with open(self.marker, "w") as fh:
            fh.write(str(os.getpid()))

    def spider_closed(self, spider, reason):
        try:
            os.remove(self.marker)
        except FileNotFoundError:
            pass
