"""`reportcrawler schedule` against a real scrapyd: every site spider in
replay into one store, portal jobs from a start-URLs file, and one-line
errors with exit 2 when nothing can be scheduled."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .crawling import (
    FIXTURES,
    ROOT,
    field_differences,
    load_expected,
    match_record,
    report_record,
    sites_with_fixtures,
    wait_for,
)
from .scrapydserver import deployed_scrapyd, finished_jobs, free_port
from .services import pg_rows


def schedule(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reportcrawler.cli", "schedule", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("scrapyd")
    with deployed_scrapyd(workdir) as base:
        yield base, workdir


def job_lines(out: subprocess.CompletedProcess) -> list[list[str]]:
    return [line.split() for line in out.stdout.splitlines() if line.strip()]


def test_schedule_all_replays_every_site_into_one_postgres_store(tmp_path, scrapyd, postgres_uri):
    """The issue's scrapyd check: deploy, schedule the five site spiders in
    replay into one PostgreSQL database, wait, check the records."""
    base, _ = scrapyd
    out = schedule("--scrapyd", base, "--all", "-s", "REPLAY=1", "-s", f"FIXTURES_DIR={FIXTURES}/{{spider}}",
                   "-s", f"STORE_URI={postgres_uri}",
                   "-s", f"REPORTCRAWLER_STATS_FILE={tmp_path}/stats/{{spider}}.json")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    jobs = dict(job_lines(out))
    sites = sites_with_fixtures()
    assert len(sites) == 5 and sorted(jobs) == sites  # every site spider, not `portal`
    assert wait_for(lambda: set(jobs.values()) <= set(finished_jobs(base)), timeout=600, interval=1), \
        "the jobs did not finish"
    reports = [report_record(r) for r in pg_rows(postgres_uri, "reports")]
    for site in sites:
        expected, _ = load_expected(site)
        assert sum(r["site"] == site for r in reports) == len(expected), site
        for name, want in expected.items():
            record = match_record(reports, want)
            assert record is not None, (site, name)
            assert not field_differences(record, want), (site, name, field_differences(record, want))
        stats = json.loads((tmp_path / "stats" / f"{site}.json").read_text(encoding="utf-8"))
        assert stats["finish_reason"] == "finished" and "verdict/failed" not in stats, site


def test_schedule_portals_file_gives_one_job_per_line(tmp_path, scrapyd):
    base, workdir = scrapyd
    closed = free_port()  # nobody listens: each job runs, cannot reach its start URL, and fails
    portals = tmp_path / "portals.txt"
    portals.write_text(f"# two portals\nhttp://127.0.0.1:{closed}/a/ 230111\n\nhttp://127.0.0.1:{closed}/b/\n",
                       encoding="utf-8")
    out = schedule("--scrapyd", base, "--portals", str(portals), "-s", "ROBOTSTXT_OBEY=0", "-s", "RETRY_TIMES=0",
                   "-s", f"STORE_URI=sqlite:///{tmp_path}/reports.sqlite3",
                   "-s", f"REPORTCRAWLER_STATS_FILE={tmp_path}/stats/{{spider}}-{{job}}.json")
    assert out.returncode == 0, out.stderr
    lines = job_lines(out)
    assert [(spider, url) for spider, _, url in lines] == [
        ("portal", f"http://127.0.0.1:{closed}/a/"), ("portal", f"http://127.0.0.1:{closed}/b/")]
    jobids = [jobid for _, jobid, _ in lines]
    assert wait_for(lambda: set(jobids) <= set(finished_jobs(base)), timeout=300, interval=1)
    for (_, jobid, url) in lines:
        stats = json.loads((tmp_path / "stats" / f"portal-{jobid}.json").read_text(encoding="utf-8"))
        assert stats["verdict/failed"] == "no_start_url_answered"
        assert stats["errors/connection_refused"] == 1
        log = next((workdir / "logs" / "reportcrawler" / "portal").glob(f"{jobid}.log")).read_text(encoding="utf-8")
        assert f"error connection_refused: {url}" in log
    # scrapyd saw each crawl process exit non-zero; the region code went along as a spider argument
    assert wait_for(lambda: (workdir / "scrapyd.log").read_text(errors="replace").count("exitstatus=1") >= 2,
                    timeout=30)
    died = [line for line in (workdir / "scrapyd.log").read_text(errors="replace").splitlines()
            if "Process died: exitstatus=1" in line and jobids[0] in line]
    assert len(died) == 1 and "'region_code=230111'" in died[0]


@pytest.mark.parametrize("args, message", [
    (["--project", "nosuch", "--all"], "project 'nosuch' not deployed"),
    (["--spider", "hulan", "nosuch"], "not in the deployed project 'reportcrawler': nosuch"),
    (["--portals", "MISSING"], "missing.txt: No such file or directory"),
    (["--portals", "BAD"], ":2: not a URL: 'ftp://x'"),
    (["--all", "-s", "REPLAY"], "-s 'REPLAY': expected NAME=VALUE"),
])
def test_schedule_errors_are_one_line_exit_2(tmp_path, scrapyd, args, message):
    base, _ = scrapyd
    (tmp_path / "bad.txt").write_text("http://www.example.gov.cn/\nftp://x\n", encoding="utf-8")
    args = [str(tmp_path / "missing.txt") if a == "MISSING" else str(tmp_path / "bad.txt") if a == "BAD" else a
            for a in args]
    out = schedule("--scrapyd", base, *args)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert message in out.stderr, out.stderr


def test_schedule_without_scrapyd_is_one_line_exit_2():
    out = schedule("--scrapyd", f"http://127.0.0.1:{free_port()}", "--all")
    assert out.returncode == 2 and out.stderr.startswith("reportcrawler: error: scrapyd unreachable at http://127.0.0.1:")
    assert len(out.stderr.strip().splitlines()) == 1
