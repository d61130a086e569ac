"""Scrapy commands of this project (COMMANDS_MODULE): `crawl` with exit codes a scheduler can trust."""
