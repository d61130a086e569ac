"""`reportcrawler bench`: crawl throughput and per-page cost of the full
pipeline against bare Scrapy on a local portal farm, and store growth.

    python -m benchmarks [--portals 20 --pages 250 --prefill 100000]

Ends with one machine-readable line:

    BENCH full_pps=… bare_pps=… ratio=… extra_ms_per_page=… lxml_ms_per_page=… store_growth=… records=… expected=…

See BENCHMARKS.md for what each figure means and the figures on our machine.
The CLI wires it in with `add_parser(subparsers)`; `run(args)` returns the exit code.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser", "build_parser", "run"]


def _arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--portals", type=int, default=20, help="portals in the farm (default 20)")
    parser.add_argument("--pages", type=int, default=250, help="report pages per portal (default 250)")
    parser.add_argument("--prefill", type=int, default=100_000,
                        help="records already in the store for the store-growth figure (default 100000; 0: skip)")
    parser.add_argument("--seed", type=int, default=5, help="farm generator seed (default 5)")
    parser.add_argument("--concurrency", type=int, default=16,
                        help="CONCURRENT_REQUESTS and CONCURRENT_REQUESTS_PER_DOMAIN for both crawls (default 16)")
    parser.add_argument("--concurrent-items", type=int, default=None,
                        help="CONCURRENT_ITEMS for both crawls (default: the project's setting)")
    parser.add_argument("--extract-workers", type=int, default=None,
                        help="REPORTCRAWLER_EXTRACT_WORKERS for the full crawl: read pages in N worker processes "
                             "(default: the project's setting); their CPU counts in the figures")
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of both crawls (default INFO, as in production)")
    parser.add_argument("--growth-records", type=int, default=3000,
                        help="records fed to each store in the store-growth measurement, over 6 rounds (default 3000)")
    parser.add_argument("--workdir", help="where the farm, logs and stores go (default: a temporary folder, removed)")
    parser.add_argument("--farm", help="farm folder: reused when it matches --portals/--pages/--seed, else generated")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (and the store-growth files)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the full crawl (kept in the work folder as full.prof and full.prof.txt)")
    parser.add_argument("--workers", type=int, default=0,
                        help="instead: the full crawl by N worker processes sharing a Redis frontier and a store "
                             "(benchmarks/workers.py); prints pages/s")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds one crawl may take (default 3600)")
    return parser


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `bench` subcommand to a `parser.add_subparsers()` object."""
    parser = subparsers.add_parser(
        "bench", help="benchmark the full crawl against bare Scrapy on a local portal farm",
        description=__doc__.split("\n\n")[0])
    _arguments(parser)
    parser.set_defaults(func=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    return _arguments(argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0]))


def run(args: argparse.Namespace) -> int:
    if args.workers:
        from .workers import run_workers

        return run_workers(args)
    from .runner import run as run_bench

    return run_bench(args)
