from reportcrawler.spider import ReportSpider


class ChenzhouSpider(ReportSpider):
    """郴州市人民政府: TRS WCM portal; list pages only through createPageHTML()."""

    name = "chenzhou"
    allowed_domains = ["czs.gov.cn"]
    start_urls = ["http://www.czs.gov.cn/zwgk/xxgkml/xxgknb/index.html"]
    region_code = "431000"
    cms = "trs"
