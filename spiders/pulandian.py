from reportcrawler.spider import ReportSpider


class PulandianSpider(ReportSpider):
    """大连市普兰店区人民政府: served through a 繁體 gateway, hacked (injected spam)."""

    name = "pulandian"
    allowed_domains = ["pld.gov.cn"]
    start_urls = ["http://www.pld.gov.cn/zwgk/zfxxgknb/index.jsp"]
    region_code = "210214"
    cms = "pager"
