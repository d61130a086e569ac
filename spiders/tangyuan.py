from reportcrawler.spider import ReportSpider


class TangyuanSpider(ReportSpider):
    """汤原县人民政府: home-grown list with ?page=N links; GBK."""

    name = "tangyuan"
    allowed_domains = ["tangyuan.gov.cn"]
    start_urls = ["http://www.tangyuan.gov.cn/zwgk/xxgknb/list.php"]
    region_code = "230828"
    cms = "pager"
