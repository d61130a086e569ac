"""Progress lines while a crawl runs (reportcrawler/progress.py)."""

from __future__ import annotations

import re

from .crawling import run_crawl


def test_progress_is_logged_every_interval(tmp_path):
    run = run_crawl(tmp_path, "hulan", "-s", "REPORTCRAWLER_PROGRESS_INTERVAL=0.3", "-s", "REPLAY_DELAY=0.25",
                    "-s", "CONCURRENT_REQUESTS=1", tag="slow")
    assert run.returncode == 0, run.log[-2000:]
    lines = [line for line in run.log.splitlines() if "progress: pages" in line]
    assert len(lines) >= 2, run.log[-3000:]
    numbers = [int(re.search(r"pages (\d+)", line).group(1)) for line in lines]
    assert numbers == sorted(numbers) and numbers[-1] <= run.stats["pages/archived"]
    assert re.search(r"records stored \d+, duplicates \d+, not reports \d+, dropped \d+, errors \d+", lines[-1])
    assert "Crawled " not in run.log  # Scrapy's own once-a-minute line is replaced


def test_progress_can_be_switched_off(tmp_path):
    run = run_crawl(tmp_path, "hulan", "-s", "REPORTCRAWLER_PROGRESS_INTERVAL=0", tag="off")
    assert run.returncode == 0
    assert "progress: pages" not in run.log
