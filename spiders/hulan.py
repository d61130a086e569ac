from reportcrawler.spider import ReportSpider


class HulanSpider(ReportSpider):
    """哈尔滨市呼兰区人民政府: Hanweb (大汉) portal, 政府信息公开年报 column."""

    name = "hulan"
    allowed_domains = ["hulan.gov.cn"]
    start_urls = ["http://www.hulan.gov.cn/col/col1234/index.html"]
    region_code = "230111"
    cms = "hanweb"
