from reportcrawler.portal import PortalSpider


class Portal(PortalSpider):
    """Any portal: `scrapy crawl portal -a start_url=URL` (or -a start_urls_file=FILE)."""

    name = "portal"
