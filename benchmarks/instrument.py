"""CPU time per stage of the full crawl, measured from outside the product.

The crawl process wraps the product's functions (module attributes and class
methods) with timers before the crawl starts; nothing in reportcrawler/ is
edited. Times are exclusive: while a wrapped function calls another wrapped
one, the inner time counts for the inner stage only. The clock is
time.process_time (CPU of this process), so waiting for the network never
counts.

Stages (what the BENCH line and BENCHMARKS.md call them):

    decode     bytes -> text                        reportcrawler.record.decode_page
    extract    page -> raw fields                   reportcrawler.record.extract_page
    normalize  ReportLoader, normalizers            reportcrawler.record.build_item (without hash)
    hash       content hash (part of normalize)     reportcrawler.loader.content_hash
    classify   rest of read_page (title rules, soft 404)   read_page as the crawl calls it
    lists      list pages: links + pagination       adapters' links / next_pages
    archive    raw response into `pages`            PageArchiveMiddleware.process_response
    outcome    page outcome updates by the spider   Store.set_outcome
    validate   ValidatePipeline.process_item
    dedupe     DedupePipeline.process_item
    store      StorePipeline.process_item
"""

from __future__ import annotations

import functools
import importlib
import inspect
import logging
import time

logger = logging.getLogger(__name__)

_clock = time.process_time


class StageTimer:
    def __init__(self):
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list] = []  # [stage, start]
        self.missing: list[str] = []

    def wrap(self, stage: str, fn):
        timer = self

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            now = _clock()
            stack = timer._stack
            if stack:
                parent = stack[-1]
                timer.totals[parent[0]] = timer.totals.get(parent[0], 0.0) + now - parent[1]
            frame = [stage, now]
            stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                end = _clock()
                stack.pop()
                timer.totals[stage] = timer.totals.get(stage, 0.0) + end - frame[1]
                timer.calls[stage] = timer.calls.get(stage, 0) + 1
                if stack:
                    stack[-1][1] = end

        return timed

    def patch(self, stage: str, module: str, attr: str, method: str | None = None) -> bool:
        """Wrap module.attr (or module.attr.method) in place. False (and noted) if it is not there."""
        where = f"{module}.{attr}" + (f".{method}" if method else "")
        try:
            owner = importlib.import_module(module)
            if method:
                owner = getattr(owner, attr)
                name = method
            else:
                name = attr
            fn = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        except (ImportError, AttributeError, KeyError):
            self.missing.append(where)
            return False
        if inspect.iscoroutinefunction(fn) or inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn):
            self.missing.append(where + " (not a plain function: not timed)")
            return False
        setattr(owner, name, self.wrap(stage, fn))
        return True


def _has(module: str, attr: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), attr)
    except ImportError:
        return False


def install() -> StageTimer:
    """Wrap the product's stages; returns the timer to read after the crawl."""
    timer = StageTimer()
    # read_page where the crawl calls it (the spider, or the extraction pool's reader): its own
    # time, less the wrapped parts, is classification.
    callers = [m for m in ("reportcrawler.workers", "reportcrawler.spider") if _has(m, "read_page")]
    for module in callers:
        timer.patch("classify", module, "read_page")
    if not callers:
        timer.missing.append("read_page in reportcrawler.workers or reportcrawler.spider")
    timer.patch("decode", "reportcrawler.record", "decode_page")
    timer.patch("extract", "reportcrawler.record", "extract_page")
    timer.patch("normalize", "reportcrawler.record", "build_item")
    timer.patch("hash", "reportcrawler.loader", "content_hash")
    from reportcrawler.adapters import ADAPTERS

    for cls in {*ADAPTERS.values()}:
        for method in ("links", "next_pages"):
            if method in cls.__dict__:
                timer.patch("lists", cls.__module__, cls.__name__, method)
    timer.patch("lists", "reportcrawler.adapters.base", "ListAdapter", "links")
    timer.patch("archive", "reportcrawler.archive", "PageArchiveMiddleware", "process_response")
    timer.patch("outcome", "reportcrawler.store", "Store", "set_outcome")
    timer.patch("validate", "reportcrawler.validate", "ValidatePipeline", "process_item")
    timer.patch("dedupe", "reportcrawler.dedupe", "DedupePipeline", "process_item")
    timer.patch("store", "reportcrawler.store", "StorePipeline", "process_item")
    for where in timer.missing:
        logger.warning("bench: not instrumented: %s", where)
    return timer
