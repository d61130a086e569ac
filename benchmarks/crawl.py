"""One measured crawl of the farm, in its own process (a Twisted reactor
cannot be restarted, and each crawl's CPU and peak RSS must be its own).

    python -m benchmarks.crawl --mode bare|full --farm DIR --base-url URL --out result.json
        [--store PATH] [--workdir DIR] [--concurrency 16] [--concurrent-items N] [--profile PATH]

The portals are crawled one after another in one reactor, like a scheduler
running `scrapy crawl <site>` per portal, with the same settings for both
modes: the project's settings (reportcrawler/settings.py) with politeness off
and per-domain concurrency equal to the global one. `bare` additionally drops
the project's middlewares, pipelines and extensions: it is plain Scrapy.
Timing covers the crawls only (not interpreter start-up and imports).
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import io
import json
import os
import pstats
import resource
import sys
import time

STAGE_DIR_ENV = "REPORTCRAWLER_BENCH_STAGE_DIR"


def _instrument_worker() -> None:
    """In an extraction worker (a spawned process whose main module is this one): time the
    stages there too, and leave the totals in STAGE_DIR_ENV/<pid>.json when the worker exits."""
    from multiprocessing import util

    from .instrument import install

    global _WORKER_TIMER
    _WORKER_TIMER = timer = install()
    folder = os.environ[STAGE_DIR_ENV]

    def dump():
        with open(os.path.join(folder, f"{os.getpid()}.json"), "w") as fh:
            json.dump({"totals": timer.totals, "calls": timer.calls}, fh)

    # Run by multiprocessing when the worker exits (a spawned process keeps the finalizers
    # registered while its main module is imported).
    util.Finalize(None, dump, exitpriority=10)


_WORKER_TIMER = None
if __name__ == "__mp_main__" and os.environ.get(STAGE_DIR_ENV):  # imported as a spawned worker's main module
    _instrument_worker()


def bench_settings(concurrency: int, concurrent_items: int | None, log_file: str, log_level: str) -> dict:
    """What both crawls share on top of the project's settings."""
    settings = {
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_FILE": log_file,
        "LOG_LEVEL": log_level,
        "REPORTCRAWLER_MAX_LIST_PAGES": 100000,
        "REPLAY": False,
        "RECORD": False,
        "JOBDIR": None,
    }
    if concurrent_items:
        settings["CONCURRENT_ITEMS"] = concurrent_items
    return settings


def run(args: argparse.Namespace) -> dict:
    os.environ["SCRAPY_SETTINGS_MODULE"] = "reportcrawler.settings"
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from .farm import load_info, load_pagination
    from .spiders import bare_spider, full_spider

    info = load_info(args.farm)
    settings = get_project_settings()
    settings.setdict(bench_settings(args.concurrency, args.concurrent_items, args.log_file, args.log_level),
                     priority="cmdline")
    timer = None
    if args.mode == "bare":
        for name in ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS"):
            settings.set(name, {}, priority="cmdline")
        pagination = load_pagination(args.farm)
        classes = [bare_spider(p, args.base_url, pagination[p["key"]]) for p in info["portals"]]
    else:
        store_uri = args.store if "://" in args.store else "sqlite:///" + os.path.abspath(args.store)
        settings.set("STORE_URI", store_uri, priority="cmdline")
        if args.extract_workers is not None:
            settings.set("REPORTCRAWLER_EXTRACT_WORKERS", args.extract_workers, priority="cmdline")
        if args.stages:
            from .instrument import install

            timer = install()
            stage_dir = args.out + ".stages"
            os.makedirs(stage_dir, exist_ok=True)
            for old in glob.glob(os.path.join(stage_dir, "*.json")):
                os.remove(old)
            os.environ[STAGE_DIR_ENV] = stage_dir  # inherited by extraction workers, if any
        classes = [full_spider(p, args.base_url) for p in info["portals"]]
        if args.redis:  # a worker of a shared crawl: one Redis crawl per portal spider, all at once
            settings.set("REDIS_URL", args.redis, priority="cmdline")
            settings.set("REDIS_IDLE_SECONDS", args.redis_idle, priority="cmdline")
            for cls in classes:
                cls.custom_settings = {"REDIS_CRAWL_KEY": f"{args.redis_key_prefix}{cls.name}"}

    from scrapy.utils.reactor import install_reactor

    install_reactor(settings["TWISTED_REACTOR"])  # before anything imports the default reactor
    process = CrawlerProcess(settings)
    from twisted.internet import defer, reactor

    result: dict = {"mode": args.mode, "portals": len(classes), "crawls": []}
    profiler = cProfile.Profile() if args.profile else None
    clock = {}

    @defer.inlineCallbacks
    def chain():
        try:
            clock["wall0"], clock["cpu0"] = time.perf_counter(), time.process_time()
            clock["children0"] = _children_cpu()
            if profiler:
                profiler.enable()
            clock["epoch0"] = time.time()
            crawlers = [process.create_crawler(cls) for cls in classes]
            if args.redis:  # the shared queue decides which worker fetches what: every portal at once
                yield defer.DeferredList([process.crawl(crawler) for crawler in crawlers])
            else:
                for crawler in crawlers:
                    yield process.crawl(crawler)
            for cls, crawler in zip(classes, crawlers, strict=True):
                stats = crawler.stats.get_stats()
                result["crawls"].append({
                    "spider": cls.name,
                    "finish_reason": stats.get("finish_reason"),
                    "stats": {k: v for k, v in stats.items() if isinstance(v, (int, float, str))},
                })
            clock["epoch1"] = time.time()
            if profiler:
                profiler.disable()
            clock["wall1"], clock["cpu1"] = time.perf_counter(), time.process_time()
        except Exception as exc:  # noqa: BLE001 - reported in the result
            result["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            reactor.callLater(0, reactor.stop)

    reactor.callWhenRunning(chain)
    process.start(stop_after_crawl=False)

    wall = clock.get("wall1", time.perf_counter()) - clock.get("wall0", 0)
    cpu = clock.get("cpu1", time.process_time()) - clock.get("cpu0", 0)
    # Extraction workers (if the product uses them) have exited and been reaped by now:
    # their CPU belongs to the crawl.
    workers_cpu = _children_cpu() - clock.get("children0", 0.0)
    totals: dict[str, int] = {}
    for crawl in result["crawls"]:
        for key, value in crawl["stats"].items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.update({
        "wall_s": wall,
        "started_at": clock.get("epoch0"),
        "ended_at": clock.get("epoch1"),
        "cpu_s": cpu + workers_cpu,
        "main_cpu_s": cpu,
        "workers_cpu_s": workers_cpu,
        "extract_workers": settings.get("REPORTCRAWLER_EXTRACT_WORKERS") if args.mode == "full" else 0,
        "pages": totals.get("response_received_count", 0),
        "items": totals.get("item_scraped_count", 0),
        "totals": totals,
        "max_rss_kb": usage.ru_maxrss,
    })
    if timer is not None:
        totals, calls = dict(timer.totals), dict(timer.calls)
        for path in glob.glob(os.path.join(os.environ.get(STAGE_DIR_ENV, ""), "*.json")):
            with open(path) as fh:
                worker = json.load(fh)
            for key, value in worker["totals"].items():
                totals[key] = totals.get(key, 0.0) + value
            for key, value in worker["calls"].items():
                calls[key] = calls.get(key, 0) + value
        result["stages_s"] = totals
        result["stage_calls"] = calls
        result["not_instrumented"] = timer.missing
    if profiler:
        profiler.dump_stats(args.profile)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(45)
        stats.sort_stats("cumulative").print_stats(60)
        with open(args.profile + ".txt", "w", encoding="utf-8") as fh:
            fh.write(out.getvalue())
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one measured crawl of a benchmark farm")
    parser.add_argument("--mode", choices=("bare", "full"), required=True)
    parser.add_argument("--farm", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--store", help="SQLite file (or a STORE_URI) for the full crawl")
    parser.add_argument("--redis", help="REDIS_URL: run as one worker of a shared crawl")
    parser.add_argument("--redis-idle", type=float, default=1.0, help="REDIS_IDLE_SECONDS with --redis")
    parser.add_argument("--redis-key-prefix", default="bench-", help="REDIS_CRAWL_KEY prefix with --redis")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--concurrent-items", type=int, default=None)
    parser.add_argument("--extract-workers", type=int, default=None,
                        help="REPORTCRAWLER_EXTRACT_WORKERS for the full crawl (default: the project's)")
    parser.add_argument("--log-file", default=os.devnull)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--no-stages", dest="stages", action="store_false", help="no per-stage timers")
    parser.add_argument("--profile", help="cProfile the crawl into this file (+ .txt summary)")
    args = parser.parse_args(argv)
    if args.mode == "full" and not args.store:
        parser.error("--store is required with --mode full")
    result = run(args)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1, default=str)
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
