"""Scrapy settings for reportcrawler.

Polite by default: robots.txt obeyed, the crawler names itself in the user
agent, AutoThrottle on, two requests at a time per domain. Every value can be
overridden with `-s NAME=VALUE`. Replay crawls (`-s REPLAY=1`) switch the
throttling off because nothing goes over the network (see ReportSpider).
"""

from reportcrawler.items import FEED_FIELDS

BOT_NAME = "reportcrawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` with exit codes (0 ran, 1 failed, 2 could not start): reportcrawler/commands/crawl.py
COMMANDS_MODULE = "reportcrawler.commands"

# --- politeness -------------------------------------------------------------
USER_AGENT = (
    "reportcrawler/0.1 (+https://github.com/reportcrawler/reportcrawler; "
    "collects government information-disclosure annual reports)"
)
ROBOTSTXT_OBEY = True
# No telnet console listening on a server by default (TELNETCONSOLE_ENABLED=1 to debug).
TELNETCONSOLE_ENABLED = False
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# Report pages are tens of KB; anything this big is not a report page.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# A crawl follows only its own portal; off-site redirects are dropped by the
# OffsiteDownloaderMiddleware and counted.
REDIRECT_MAX_TIMES = 5

# --- where things go ----------------------------------------------------------
STORE_URI = "sqlite:///data/reports.sqlite3"
REPLAY = False
RECORD = False
FIXTURES_DIR = ""  # default: fixtures/<spider name>/
REPLAY_DELAY = 0.0  # seconds each replayed response takes (simulated latency)
# Feed items carry exactly the record fields (internal bookkeeping stays out).
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FEED_FIELDS)

# --- components ---------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Replay/record sits next to the downloader so that robots.txt, redirects,
    # retries and decompression behave in replay exactly as they do live.
    "reportcrawler.replay.ReplayMiddleware": 950,
    # Close to the engine: sees final responses (after redirects, retries and
    # decompression) and stores their bytes before the spider parses them.
    "reportcrawler.archive.PageArchiveMiddleware": 60,
    # Just outside RedirectMiddleware (600): refuses redirects that leave the portal.
    "reportcrawler.offsite.OffsiteRedirectMiddleware": 610,
}
SPIDER_MIDDLEWARES = {
    # Tracking parameters (utm_*, from, spm, …) dropped from every request: one URL per page.
    "reportcrawler.urls.CanonicalUrlMiddleware": 900,
}
ITEM_PIPELINES = {
    "reportcrawler.validate.ValidatePipeline": 100,
    "reportcrawler.dedupe.DedupePipeline": 200,
    "reportcrawler.store.StorePipeline": 300,
}
EXTENSIONS = {
    "reportcrawler.jobdir.JobdirGuard": 0,
    "reportcrawler.onelinelog.OneLineLog": 0,
    # Off-site requests Scrapy filters without an errback: a pages row each.
    "reportcrawler.fates.UnansweredRequests": 0,
    # Before CrawlSummary: the verdict goes into the summary and the stats file.
    "reportcrawler.verdict.CrawlVerdict": 400,
    "reportcrawler.summary.CrawlSummary": 500,
}
# Duplicate items are expected (a report at two URLs); they are counted as
# records/duplicate, so Scrapy's own "Dropped" line is kept quiet for them.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# Items are logged as one line (URL, hash prefix, title), never whole.
LOG_FORMATTER = "reportcrawler.logformatter.ReportLogFormatter"
# Expected failures are logged as one line each; True restores full tracebacks.
LOG_TRACEBACKS = False

# --- crawl shape -------------------------------------------------------------
# How many list pages one column may have before the spider stops paging.
REPORTCRAWLER_MAX_LIST_PAGES = 50
# The portal spider: how many hops from a start page toward the report
# columns, and how many navigation pages at most.
REPORTCRAWLER_MAX_DEPTH = 3
REPORTCRAWLER_MAX_NAV_PAGES = 200
# Read report pages in worker processes beside Scrapy's engine: a number (0:
# in the crawl's process), or auto: one per spare core, once the crawl has read
# REPORTCRAWLER_EXTRACT_WORKERS_AFTER report pages (small crawls stay in-process).
REPORTCRAWLER_EXTRACT_WORKERS = "auto"
REPORTCRAWLER_EXTRACT_WORKERS_AFTER = 50
CONCURRENT_ITEMS = 16

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
