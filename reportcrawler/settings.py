"""Scrapy settings for reportcrawler.

Polite by default: robots.txt obeyed, the crawler names itself in the user
agent, AutoThrottle on, two requests at a time per domain. Every value can be
overridden with `-s NAME=VALUE`. Replay crawls (`-s REPLAY=1`) switch the
throttling off because nothing goes over the network (see ReportSpider).
"""

from reportcrawler.items import FEED_FIELDS
from reportcrawler.suffixes import keep_scrapy_offline

keep_scrapy_offline()  # the public-suffix list is never downloaded (reportcrawler/suffixes.py)

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
# `-O x.csv`: UTF-8 with BOM, lists and objects as JSON text, figures as columns
# (the cells `reportcrawler export --format csv` writes).
FEED_EXPORTERS = {"csv": "reportcrawler.feedexport.ReportCsvItemExporter"}

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
    # Validators of the stored page on report pages requested again (incremental.py).
    "reportcrawler.conditional.ConditionalGetMiddleware": 70,
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
    # Before the verdict: a failed health check can fail the crawl (REPORTCRAWLER_HEALTH_FAIL).
    "reportcrawler.health.CrawlHealth": 300,
    # Off-site requests Scrapy filters without an errback: a pages row each.
    "reportcrawler.fates.UnansweredRequests": 0,
    # Before CrawlSummary: the verdict goes into the summary and the stats file.
    "reportcrawler.verdict.CrawlVerdict": 400,
    # The crawl and its stats into the store's `crawls` table: what the next crawl's health compares with.
    "reportcrawler.health.CrawlHistory": 450,
    "reportcrawler.summary.CrawlSummary": 500,
    "reportcrawler.progress.CrawlProgress": 450,
}
# Duplicate items are expected (a report at two URLs); they are counted as
# records/duplicate, so Scrapy's own "Dropped" line is kept quiet for them.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
# Our progress line (reportcrawler/progress.py) replaces Scrapy's once-a-minute LogStats line.
REPORTCRAWLER_PROGRESS_INTERVAL = 30.0  # seconds; 0: off
LOGSTATS_INTERVAL = 0
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
# Re-crawls skip what the store knows and stop paging at known reports
# (reportcrawler/incremental.py); true fetches every page again.
REPORTCRAWLER_FULL_RECRAWL = False
# Health checks after each crawl (reportcrawler/health.py): true makes a failed
# check fail the crawl (exit status 1); the error rate above which one fails.
REPORTCRAWLER_HEALTH_FAIL = False
REPORTCRAWLER_HEALTH_MAX_ERROR_RATE = 0.2
# Read report pages in worker processes beside Scrapy's engine: a number (0:
# in the crawl's process), or auto: one per spare core, once the crawl has read
# REPORTCRAWLER_EXTRACT_WORKERS_AFTER report pages (small crawls stay in-process).
REPORTCRAWLER_EXTRACT_WORKERS = "auto"
REPORTCRAWLER_EXTRACT_WORKERS_AFTER = 50
CONCURRENT_ITEMS = 16

# --- many workers, one crawl (reportcrawler/distributed/) -----------------------
# Set: scheduler and duplicate filter live in Redis, shared by every worker of the crawl.
REDIS_URL = ""
REDIS_CRAWL_KEY = ""  # default: the spider's name
# The crawl ends when no request has been queued or in flight anywhere for this long.
REDIS_IDLE_SECONDS = 10.0
# A request a worker took comes back to the queue this long after the worker stopped renewing it.
REDIS_LEASE_SECONDS = 60.0
ADDONS = {"reportcrawler.distributed.addon.RedisFrontierAddon": 0}

LOG_LEVEL = "INFO"
# Our progress line (reportcrawler/progress.py) replaces Scrapy's once-a-minute LogStats line.
REPORTCRAWLER_PROGRESS_INTERVAL = 30.0  # seconds; 0: off
LOGSTATS_INTERVAL = 0
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
