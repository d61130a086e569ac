"""One small module per portal; each is configuration over reportcrawler.ReportSpider."""
