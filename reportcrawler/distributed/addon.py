"""RedisFrontierAddon: `-s REDIS_URL=redis://host:6379/N` turns a crawl into a
worker of a shared crawl (scheduler and duplicate filter in Redis); without
REDIS_URL nothing changes."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class RedisFrontierAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        settings.set("SCHEDULER", "reportcrawler.distributed.scheduler.RedisScheduler", priority="addon")
        # Our scheduler makes its own RFPDupeFilter on the crawl's key; this one is what
        # components that read DUPEFILTER_CLASS see.
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
