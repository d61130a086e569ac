"""Site configuration by spider name, for code that runs outside a crawl
(`reportcrawler parse --site`, `reportcrawler reparse`)."""

from __future__ import annotations

import os
from functools import cache

from .extraction import SiteHints
from .record import SiteConfig


class UnknownSite(KeyError):
    pass


@cache
def _spider_class(name: str):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "reportcrawler.settings")
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    try:
        return loader.load(name)
    except KeyError:
        raise UnknownSite(f"unknown site {name!r} (known: {', '.join(loader.list())})") from None


def site_config(name: str | None) -> SiteConfig:
    """The configuration of the spider called `name` (region code, selectors); empty for None."""
    if not name:
        return SiteConfig()
    cls = _spider_class(name)
    return SiteConfig(name, getattr(cls, "region_code", None),
                      SiteHints(getattr(cls, "content_css", None), getattr(cls, "title_css", None)))
