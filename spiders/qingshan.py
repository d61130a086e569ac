from reportcrawler.spider import ReportSpider


class QingshanSpider(ReportSpider):
    """包头市青山区人民政府: plain list with 下一页 links (青山区 alone is ambiguous: 150204 is 包头's)."""

    name = "qingshan"
    allowed_domains = ["qsq.gov.cn"]
    start_urls = ["http://www.qsq.gov.cn/zwgk/zfxxgknb/index.html"]
    region_code = "150204"
    cms = "pager"
