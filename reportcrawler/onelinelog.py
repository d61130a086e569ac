"""One line per problem in the crawl log: tracebacks folded into `(Type: message)`.

Scrapy logs some expected failures with a full traceback (robots.txt that
cannot be fetched, a spider or pipeline error). Operators read these logs by
the thousand lines; a traceback per unreachable host buries the summary. This
extension folds the traceback into the message's last line. Set
`LOG_TRACEBACKS = True` when debugging to keep them.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

LOGGERS = (
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.core.scraper",
    "scrapy.core.engine",
    "scrapy.utils.signal",
    "scrapy.utils.defer",
    "reportcrawler",
    "reportcrawler.spider",
    "reportcrawler.store",
    "reportcrawler.store.pipelines",
)


class FoldTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class OneLineLog:
    def __init__(self):
        self.filter = FoldTracebacks()
        for name in LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler):
        if crawler.settings.getbool("LOG_TRACEBACKS"):
            raise NotConfigured
        return cls()


class QuietStartup(logging.Filter):
    """The start-up banner's component lists (`Enabled extensions: [...]`,
    one line per component) and the overridden settings go to DEBUG: they
    are the same on every run and push what happened off the screen."""

    PREFIXES = ("Enabled ", "Overridden settings", "Versions:")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and record.getMessage().startswith(self.PREFIXES):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def quiet_startup() -> None:
    """Trim the start-up banner (LOG_LEVEL=DEBUG still shows it)."""
    quiet = QuietStartup()
    for name in ("scrapy.middleware", "scrapy.crawler", "scrapy.addons", "scrapy.utils.log"):
        logging.getLogger(name).addFilter(quiet)
