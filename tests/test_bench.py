"""The benchmark keeps working: a tiny farm, the whole `bench` run, its BENCH line.

No timing is asserted (the figures depend on the machine); what must hold
anywhere: the run finishes, prints the BENCH line with every figure, and the
full crawl stores exactly the farm's distinct reports.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

from benchmarks import add_parser
from benchmarks import farm as farm_mod

from .crawling import ROOT

BENCH_LINE = re.compile(
    r"^BENCH full_pps=(?P<full_pps>[\d.]+) bare_pps=(?P<bare_pps>[\d.]+) ratio=(?P<ratio>[\d.]+) "
    r"extra_ms_per_page=(?P<extra>-?[\d.]+) lxml_ms_per_page=(?P<lxml>[\d.]+) store_growth=(?P<growth>[\d.]+|nan) "
    r"records=(?P<records>\d+) expected=(?P<expected>\d+)$",
    re.M,
)


def test_tiny_farm_bench_run(tmp_path):
    workdir = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--portals", "2", "--pages", "50", "--prefill", "300",
         "--growth-records", "60", "--workdir", str(workdir), "--json", str(tmp_path / "bench.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    match = BENCH_LINE.search(proc.stdout)
    assert match, proc.stdout[-3000:]
    assert proc.stdout.rstrip().splitlines()[-1].startswith("BENCH "), "the BENCH line comes last"
    expected = int(match["expected"])
    assert expected > 0
    assert int(match["records"]) == expected
    assert float(match["full_pps"]) > 0 and float(match["bare_pps"]) > 0 and float(match["lxml"]) > 0
    figures = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert figures["full"]["totals"].get("errors/http_404", 0) == 0
    assert figures["bare"]["server_misses"] == 0 and figures["full"]["server_misses"] == 0
    assert not figures["full"].get("not_instrumented"), "a stage wrapper no longer finds its function"
    # The store-growth files (gigabytes at the default size) are not left behind.
    assert not list(workdir.glob("growth-*.sqlite3*"))


def test_farm_shape(tmp_path):
    info = farm_mod.generate(tmp_path / "farm", portals=4, pages=50, seed=1)
    assert info.report_pages == 200
    assert 0 < info.expected_records <= info.report_pages
    assert {p["cms"] for p in info.portals} == {"hanweb", "trs"}
    assert {p["charset"] for p in info.portals} == {"utf-8", "gbk"}
    assert info.distractor_pages_fetched > 0 and info.distractor_links > 0
    assert 15_000 < info.report_bytes_min and info.report_bytes_max < 70_000
    routes = farm_mod.load_routes(tmp_path / "farm")
    assert any(r["method"] == "POST" for r in routes)  # Hanweb dataproxy pages
    assert farm_mod.farm_matches(tmp_path / "farm", 4, 50, 1)
    assert not farm_mod.farm_matches(tmp_path / "farm", 4, 51, 1)


def test_add_parser_wires_a_bench_subcommand():
    parser = argparse.ArgumentParser(prog="reportcrawler")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(["bench", "--portals", "4", "--pages", "60", "--prefill", "20000"])
    assert (args.portals, args.pages, args.prefill) == (4, 60, 20000)
    assert callable(args.func)
