"""Deploy to a real scrapyd on 127.0.0.1 and run a job there: the egg carries
the settings entry point and the data files, and a scheduled replay crawl
fills the store like a local one."""

from __future__ import annotations

import json
import time
import urllib.request

from .crawling import FIXTURES, load_expected, rows, wait_for
from .scrapydserver import deployed_scrapyd, finished_jobs, post


def test_deploy_and_run_on_scrapyd(tmp_path):
    with deployed_scrapyd(tmp_path) as base:
        listed = json.loads(urllib.request.urlopen(f"{base}/listspiders.json?project=reportcrawler").read())
        assert {"hulan", "portal"} <= set(listed["spiders"])
        store = tmp_path / "reports.sqlite3"
        job = post(f"{base}/schedule.json", [
            ("project", "reportcrawler"), ("spider", "hulan"),
            ("setting", "REPLAY=1"), ("setting", f"FIXTURES_DIR={FIXTURES / 'hulan'}"),
            ("setting", f"STORE_URI=sqlite:///{store}"),
        ])
        assert job["status"] == "ok", job

        assert wait_for(lambda: job["jobid"] in finished_jobs(base), timeout=180, interval=0.5), \
            "the job did not finish"
        time.sleep(0.5)
        expected, _ = load_expected("hulan")
        assert len(rows(store, "reports")) == len(expected)
