"""Stores built by real replay crawls, for the commands that read a store
(export, browse, report, status), and a way to run those commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .crawling import ROOT, _run_env, load_expected, run_crawl


def build_store(folder: Path, sites: list[str]) -> Path:
    store = folder / "store.sqlite3"
    for site in sites:
        run = run_crawl(folder, site, store=store, tag=site)
        assert run.returncode == 0, run.log[-2000:]
    return store


def cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """`python -m reportcrawler.cli ARGS` from the checkout (this worktree's code)."""
    return subprocess.run([sys.executable, "-m", "reportcrawler.cli", *args], cwd=ROOT, env=_run_env(),
                          capture_output=True, text=True, timeout=timeout)


def expected_records(sites: list[str]) -> list[dict]:
    """The hand-written expected records of these sites (fixtures/<site>/expected/)."""
    found = []
    for site in sites:
        expected, _crawl = load_expected(site)
        found.extend(expected.values())
    return found
