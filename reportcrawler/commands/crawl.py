"""`scrapy crawl` with an exit status cron and scrapyd can trust.

    0  the crawl ran (page-level errors are counted in the stats, not fatal)
    1  the crawl ran but could not do its job (see reportcrawler/verdict.py),
       or it crashed
    2  the crawl could not start: a bad argument or setting, an unknown
       spider, an unreachable store

A crawl that cannot start or that fails as it opens says so in ONE line on
stderr (`scrapy crawl <spider>: error: <message>`), without traceback. For
that, what the crawl writes to stderr while it starts (Scrapy's banner,
enabled components, ...) is held back until the engine starts, then written
out: a crawl that ran keeps its whole log, "Dumping Scrapy stats" included.
With LOG_FILE (scrapyd sets it) the log goes to the file as usual.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import AsyncCrawlerProcess, CrawlerProcess
from scrapy.exceptions import UsageError
from scrapy.settings import Settings, get_settings_priority
from scrapy.utils.project import get_project_settings

from ..errors import SetupError
from ..onelinelog import quiet_startup
from ..verdict import verdict_message

logger = logging.getLogger(__name__)

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def check_typed_settings(settings: Settings) -> None:
    """Every `-s NAME=VALUE` whose default is a number or a boolean must parse as one:
    caught here in one line, not as a ValueError deep inside a component."""
    defaults = get_project_settings()
    cmdline = get_settings_priority("cmdline")
    for name in list(settings.attributes):
        if settings.getpriority(name) != cmdline:
            continue
        default = defaults.get(name)
        kind, read = {bool: ("a boolean (1/0, true/false)", settings.getbool),
                      int: ("an integer", settings.getint),
                      float: ("a number", settings.getfloat)}.get(type(default), (None, None))
        if read is None:
            continue
        try:
            read(name)
        except ValueError:
            raise SetupError(f"-s {name}={settings.get(name)!r}: expected {kind}") from None


class HeldStderr:
    """Stands in for sys.stderr while the crawl starts: writes are held until
    release() (the crawl runs: write them out, pass through from then on) or
    dropped for good by discard() (the crawl failed: its one-line error,
    written to `real`, is all that shows)."""

    def __init__(self, real):
        self.real = real
        self.held: list[str] = []
        self.state = "hold"  # -> "pass" | "drop"

    def write(self, text: str) -> int:
        if self.state == "pass":
            return self.real.write(text)
        if self.state == "hold":
            self.held.append(text)
        return len(text)

    def flush(self) -> None:
        if self.state == "pass":
            self.real.flush()

    def isatty(self) -> bool:
        return self.real.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def release(self, *_, **__) -> None:
        if self.state == "hold":
            self.state = "pass"
            self.real.write("".join(self.held))
            self.real.flush()
        self.held = []

    def discard(self) -> None:
        self.state = "drop"
        self.held = []


class Command(ScrapyCrawlCommand):
    # The crawler process is built in run(), after stderr is held: its
    # constructor already writes the startup banner.
    requires_crawler_process = False

    def long_desc(self) -> str:
        return "Run a spider; exit 0 (ran), 1 (ran but failed, or crashed), 2 (could not start)."

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name" if args else "")
        self.spider_name = args[0]
        held = HeldStderr(sys.stderr)
        sys.stderr = held
        try:
            self.exitcode = self._crawl(opts.spargs, held)
        finally:
            sys.stderr = held.real
            held.release()

    def _crawl(self, spargs: dict, held: HeldStderr) -> int:
        crawler = None
        failure: list[BaseException] = []
        try:
            quiet_startup()
            self.crawler_process = self._new_process()  # logging set up: a LOG_FILE gets the error too
            check_typed_settings(self.settings)
            try:
                crawler = self._create_crawler(self.spider_name)
            except KeyError as exc:  # SpiderLoader: "Spider not found: x"
                raise SetupError(exc.args[0] if exc.args else str(exc)) from None
            crawler.signals.connect(held.release, signal=signals.engine_started)
            task = self.crawler_process.crawl(crawler, **spargs)
            # Retrieved here, so asyncio does not print "Task exception was never retrieved".
            task.add_done_callback(lambda t: t.cancelled() or t.exception() is None
                                   or failure.append(t.exception()))
            self.crawler_process.start()
        except (SetupError, UsageError) as exc:
            return self._fail(held, 2, str(exc))
        if failure:
            exc = failure[0]
            if isinstance(exc, SetupError | UsageError):
                return self._fail(held, 2, str(exc))
            if self.settings.getbool("LOG_TRACEBACKS"):
                held.release()
                logger.error("crawl crashed", exc_info=exc)
            return self._fail(held, 1, f"crashed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                              " (-s LOG_TRACEBACKS=1 logs the traceback)")
        message = verdict_message(crawler.stats.get_stats()) if crawler is not None else None
        if message:  # already in the log, before the stats dump (verdict.py)
            return self._fail(held, 1, message, log=False)
        return 0

    def _new_process(self) -> CrawlerProcess | AsyncCrawlerProcess:
        """As scrapy.cmdline.execute chooses it."""
        if (self.settings["TWISTED_REACTOR"] == ASYNCIO_REACTOR and not self.settings.getbool("FORCE_CRAWLER_PROCESS")) \
                or not self.settings.getbool("TWISTED_REACTOR_ENABLED", True):
            return AsyncCrawlerProcess(self.settings)
        return CrawlerProcess(self.settings)

    def _fail(self, held: HeldStderr, code: int, message: str, log: bool = True) -> int:
        """One line on stderr; the same line in a LOG_FILE (scrapyd's job log)."""
        line = f"scrapy crawl {self.spider_name}: error: {message}"
        if log and self.settings.get("LOG_FILE"):
            logger.error(line)
        held.discard()
        held.real.write(line + "\n")
        held.real.flush()
        return code
