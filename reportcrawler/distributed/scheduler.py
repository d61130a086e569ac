"""RedisScheduler: scrapy-redis' Scheduler made to work for many workers of one crawl.

Why plain `scrapy_redis.scheduler.Scheduler` (0.9.1) fails under Scrapy 2.13+
with more than one worker: Scrapy closes a spider when its engine is idle and
`scheduler.has_pending_requests()` is false, and scrapy-redis answers that
with `len(queue) > 0` — the shared queue only. A worker whose start requests
the shared duplicate filter drops (another worker seeded them) sees an empty
queue while the other worker holds the requests it popped, and closes at once
with `finished`, having fetched nothing; since SCHEDULER_PERSIST is off by
default, its close() then deletes the shared queue and duplicate filter under
the worker that is still crawling. (Scrapy 2.19 also no longer calls
`start_requests()` at all — only `async start()`, which ReportSpider defines —
so scrapy-redis' RedisSpider and any spider that only has start_requests()
start with nothing.)

What this layer adds (frontier.py holds the Redis side):
- a request popped is leased to this worker until the engine is done with it
  (its callback's requests are queued); a heartbeat renews the leases and
  returns a dead worker's expired ones to the queue;
- has_pending_requests() is the crawl's, not the worker's: true while any
  request is queued or leased anywhere, and for REDIS_IDLE_SECONDS after;
  then every worker closes `finished` and the last one clears the crawl's keys;
- per-portal politeness for the crawl as a whole: at most
  CONCURRENT_REQUESTS_PER_DOMAIN requests of one portal leased at a time and
  DOWNLOAD_DELAY between two of them, whichever worker sends them.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis import connection
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RequestCodec
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from ..errors import SetupError
from .frontier import Frontier

logger = logging.getLogger(__name__)

SHARED_ANSWERED = "start_requests/answered_by_crawl"
# How often a worker with nothing to do looks at the shared queue again.
EMPTY_POLL_SECONDS = 0.25


def slot_of(request) -> str:
    """The portal a request counts against: Scrapy's downloader slot key."""
    return str(request.meta.get("download_slot") or urlparse_cached(request).hostname or "")


class RedisScheduler(Scheduler):
    def __init__(self, server, crawler, **kwargs):
        super().__init__(server, persist=True, **kwargs)
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.crawl_key_setting = settings.get("REDIS_CRAWL_KEY") or ""
        self.idle_seconds = settings.getfloat("REDIS_IDLE_SECONDS")
        self.lease_seconds = settings.getfloat("REDIS_LEASE_SECONDS")
        self.per_slot = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") or 1
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.held: dict[str, object] = {}  # lease id -> request, while this worker's engine has it
        self.idle_since: float | None = None
        self._wake = None  # the pending reactor call of _schedule_engine
        self._beat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        server = connection.get_redis_from_settings(crawler.settings)
        try:
            server.ping()
        except Exception as exc:  # redis.RedisError, or a URL it cannot parse
            raise SetupError(f"REDIS_URL: Redis unreachable: {exc}") from None
        scheduler = cls(server, crawler, serializer=None)
        crawler.signals.connect(scheduler.response_received, signal=signals.response_received)
        return scheduler

    # --- life cycle -------------------------------------------------------------
    def open(self, spider):
        self.spider = spider
        crawl_key = self.crawl_key_setting or spider.name
        self.frontier = Frontier(self.server, crawl_key, self.worker, self.lease_seconds, self.per_slot, self.delay)
        self.codec = RequestCodec(self.server, spider, self.frontier.key("requests"), self.serializer)
        self.df = RFPDupeFilter(self.server, key=self.frontier.key("dupefilter"),
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        requeued = self.frontier.heartbeat([])
        state = self.frontier.state()
        logger.info("worker %s joined crawl %r in Redis (%d portals queued, %d requests in flight, %d workers%s)",
                    self.worker, crawl_key, state.queued, state.in_flight, state.workers,
                    f", {requeued} expired leases requeued" if requeued else "")
        self._beat = task.LoopingCall(self.heartbeat)
        self._beat.start(max(min(self.lease_seconds / 3, 5.0), 0.2), now=False)

    def close(self, reason):
        if self._wake is not None and self._wake.active():
            self._wake.cancel()
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        if self.held:  # closed before its requests were done (shutdown): they go back at lease expiry
            logger.info("worker %s leaves %d requests leased (they return to the queue)", self.worker, len(self.held))
        answered = int(self.server.hget(self.frontier.key("meta"), "start_answered") or 0)
        if answered:
            self.stats.set_value(SHARED_ANSWERED, answered)
        if reason == "finished" and self.frontier.leave():
            logger.info("crawl %r ended: its Redis keys were cleared", self.frontier.prefix)

    def heartbeat(self) -> None:
        self._ack_done()
        if self.frontier.heartbeat(list(self.held)):
            self._schedule_engine(0)

    # --- queue -------------------------------------------------------------------
    def __len__(self) -> int:
        return self.frontier.state().queued

    def enqueue_request(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.frontier.push(slot_of(request), request.priority, self.codec._encode_request(request))
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        self._ack_done()
        popped = self.frontier.pop()
        if popped.id is None:
            # A portal waiting out its delay: ask again then. Nothing queued: ask again
            # soon, since another worker's callbacks may queue requests any moment.
            self._schedule_engine(popped.wait if popped.wait >= 0 else EMPTY_POLL_SECONDS)
            return None
        request = self.codec._decode_request(popped.payload)
        self.held[popped.id] = request
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """The crawl's pending work, not this worker's: Scrapy closes the spider when this is false."""
        state = self.frontier.state()
        if state.queued or state.in_flight:
            self.idle_since = None
            return True
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
            logger.info("crawl queue empty, no request in flight: closing in %.0f s unless work appears",
                        self.idle_seconds)
        if now - self.idle_since < self.idle_seconds:
            self._schedule_engine(self.idle_seconds - (now - self.idle_since))
            return True
        return False

    # --- leases ------------------------------------------------------------------
    def _ack_done(self) -> None:
        """Release the leases of requests this worker's engine is done with (their
        callbacks ran and the requests they made are queued)."""
        if not self.held:
            return
        in_progress = self._engine_in_progress()
        done = [lease for lease, request in self.held.items() if request not in in_progress]
        if done:
            self.frontier.ack(done)
            for lease in done:
                del self.held[lease]

    def _engine_in_progress(self) -> set:
        # The engine's own record of requests between scheduler and callback end
        # (no public API says when a request's callback output is all scheduled).
        slot = getattr(self.crawler.engine, "_slot", None)
        return slot.inprogress if slot is not None else set()

    def _schedule_engine(self, delay: float) -> None:
        """Have the engine ask for requests again after `delay` seconds (a portal's
        delay, a requeued lease): otherwise it would only ask on its 5 s heartbeat."""
        from twisted.internet import reactor

        if self._wake is not None and self._wake.active():
            if self._wake.getTime() <= reactor.seconds() + delay:
                return
            self._wake.cancel()
        self._wake = reactor.callLater(delay + 0.01, self._poke_engine)

    def _poke_engine(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def response_received(self, response, request, spider=None):
        if request.meta.get("is_start_request"):
            self.server.hincrby(self.frontier.key("meta"), "start_answered", 1)
