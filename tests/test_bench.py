"""The benchmark keeps working: a tiny farm, the whole `bench` run, its BENCH line.

No timing is asserted (the figures depend on the machine); what must hold
anywhere: the run finishes, prints the BENCH line with every figure, the full
crawl stores exactly the farm's distinct reports, and the bare and full crawls
follow the same URLs. Also: the benchmark stays out of what `pip install .`
and scrapyd eggs carry, and its corpus carries no real contact data.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter

import pytest

from benchmarks import add_parser
from benchmarks import farm as farm_mod

from .crawling import ROOT

BENCH_LINE = re.compile(
    r"^BENCH full_pps=(?P<full_pps>[\d.]+) bare_pps=(?P<bare_pps>[\d.]+) ratio=(?P<ratio>[\d.]+) "
    r"extra_ms_per_page=(?P<extra>-?[\d.]+) lxml_ms_per_page=(?P<lxml>[\d.]+) store_growth=(?P<growth>[\d.]+|nan) "
    r"records=(?P<records>\d+) expected=(?P<expected>\d+)$",
    re.M,
)


@pytest.fixture(scope="module")
def tiny_bench(tmp_path_factory):
    """One whole `python -m benchmarks` run on a tiny farm: (process, its work folder, its JSON file)."""
    tmp_path = tmp_path_factory.mktemp("bench")
    workdir = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--portals", "2", "--pages", "50", "--prefill", "300",
         "--growth-records", "60", "--workdir", str(workdir), "--json", str(tmp_path / "bench.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    return proc, workdir, tmp_path / "bench.json"


def test_tiny_farm_bench_run(tiny_bench):
    proc, workdir, json_file = tiny_bench
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    match = BENCH_LINE.search(proc.stdout)
    assert match, proc.stdout[-3000:]
    assert proc.stdout.rstrip().splitlines()[-1].startswith("BENCH "), "the BENCH line comes last"
    expected = int(match["expected"])
    assert expected > 0
    assert int(match["records"]) == expected
    assert float(match["full_pps"]) > 0 and float(match["bare_pps"]) > 0 and float(match["lxml"]) > 0
    figures = json.loads(json_file.read_text(encoding="utf-8"))
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
    # pagination.json (the bare crawl's pagination) names every list page but the column pages.
    pagination = farm_mod.load_pagination(tmp_path / "farm")
    lists = {(r["method"], r["path"]) for r in routes if r["kind"] in ("list", "dataproxy")}
    columns = {("GET", p["column_path"]) for p in info.portals}
    paged = [(page["method"], page["path"]) for pages in pagination.values() for page in pages]
    assert sorted(pagination) == sorted(p["key"] for p in info.portals)
    assert len(paged) == len(set(paged)) and set(paged) == lists - columns and columns <= lists
    assert all(page["form"]["columnid"] for pages in pagination.values() for page in pages if page["method"] == "POST")
    assert farm_mod.farm_matches(tmp_path / "farm", 4, 50, 1)
    assert not farm_mod.farm_matches(tmp_path / "farm", 4, 51, 1)


def test_add_parser_wires_a_bench_subcommand():
    parser = argparse.ArgumentParser(prog="reportcrawler")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(["bench", "--portals", "4", "--pages", "60", "--prefill", "20000"])
    assert (args.portals, args.pages, args.prefill) == (4, 60, 20000)
    assert callable(args.func)


def _served(workdir, mode: str) -> list[str]:
    """`METHOD path` of every request a crawl of the bench run made, from the farm server's log."""
    return (workdir / f"{mode}.requests").read_text(encoding="utf-8").splitlines()


def test_bare_and_full_crawls_follow_the_same_urls(tiny_bench):
    """Every page of the farm is fetched by the bare crawl, exactly once; the full crawl fetches
    the same pages less exactly the distractors decided by their link title (the product rules
    them out from the list, BENCHMARKS.md): bare == farm, full <= bare,
    bare - full == the farm's distractor_link pages."""
    proc, workdir, _ = tiny_bench
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    routes = farm_mod.load_routes(workdir / "farm")
    farm = {f"{r['method']} {r['path']}" for r in routes}
    by_title = {f"{r['method']} {r['path']}" for r in routes if r["kind"] == "distractor_link"}
    kinds = Counter(r["kind"] for r in routes)
    # The tiny farm has every kind of page, later list pages of both CMS included.
    assert kinds["dataproxy"] >= 1 and kinds["list"] >= 3, kinds
    assert kinds["distractor_link"] >= 2 and kinds["distractor_page"] >= 2, kinds
    bare, full = _served(workdir, "bare"), _served(workdir, "full")
    for mode, served in (("bare", bare), ("full", full)):
        again = [line for line, n in Counter(served).items() if n > 1]
        assert not again, f"the {mode} crawl fetched pages more than once: {again[:5]}"
    assert set(bare) == farm, (f"bare missed {sorted(farm - set(bare))[:5]}, "
                               f"fetched outside the farm {sorted(set(bare) - farm)[:5]}")
    assert set(full) <= set(bare), f"full fetched what bare did not: {sorted(set(full) - set(bare))[:5]}"
    assert set(bare) - set(full) == by_title, (
        f"full missed {sorted(set(bare) - set(full) - by_title)[:5]}, "
        f"fetched distractors decided by their link title {sorted(by_title & set(full))[:5]}")


# --- the benchmark is not part of the product -----------------------------------------------------

def _clean_copy(dest):
    """The checkout's files as a clean clone would have them (tracked, or new and not ignored)."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def test_wheel_and_egg_carry_no_benchmark_code(tmp_path):
    """What `pip install .` installs (the wheel) and what scrapyd-deploy uploads (the egg)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout to know its files")
    src = _clean_copy(tmp_path / "src")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "wheel"),
                           str(src)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    proc = subprocess.run([sys.executable, "setup.py", "-q", "bdist_egg", "--dist-dir", str(tmp_path / "egg")],
                          cwd=src, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (wheel,), (egg,) = list((tmp_path / "wheel").glob("*.whl")), list((tmp_path / "egg").glob("*.egg"))
    for archive in (wheel, egg):
        names = zipfile.ZipFile(archive).namelist()
        assert "reportcrawler/spider.py" in names and "spiders/__init__.py" in names, names[:20]
        carried = [n for n in names if n.startswith("benchmarks/") or "/bench/" in n or n.endswith("corpus.txt")]
        assert not carried, f"{archive.name} carries benchmark files: {carried[:5]}"


def test_bench_subcommand_has_the_same_options_from_the_checkout_root():
    """`reportcrawler bench` (this checkout's CLI, run from its root) and `python -m benchmarks`."""
    def options(*cmd):
        proc = subprocess.run([sys.executable, *cmd, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return set(re.findall(r"(--[a-z][a-z-]+)", proc.stdout))

    via_cli = options("-m", "reportcrawler.cli", "bench")
    assert via_cli == options("-m", "benchmarks")
    assert {"--portals", "--pages", "--prefill", "--extract-workers", "--json"} <= via_cli


def test_bench_elsewhere_is_a_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "reportcrawler.cli", "bench", "--portals", "2"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "checkout" in proc.stderr, proc.stderr


# --- the corpus ---------------------------------------------------------------------------------------

SYNTHETIC = {"0000-0000000", "example@example.gov.cn", "000000"}
CONTACT = re.compile(
    r"(?<![\d-])0\d{2,3}-?\d{7,8}(?!\d)"  # telephone or fax with area code
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail (QQ mail included)
    r"|(?<=邮编：)\d{6}|(?<=邮政编码：)\d{6}"  # postcode
    r"|(?<=电话为)\d+|(?<=电话：)\d+|(?<=传真：)\d+"  # local numbers without area code
    r"|(?i:qq)[号：:\s]*\d{5,}"
)


def test_corpus_carries_no_real_contact_data():
    text = (ROOT / "benchmarks" / "corpus.txt").read_text(encoding="utf-8")
    found = Counter(m.group() for m in CONTACT.finditer(text))
    assert set(found) <= SYNTHETIC, sorted(set(found) - SYNTHETIC)
    # Where reports give contact data, the synthetic values stand in (the paragraphs keep their shape).
    assert found["0000-0000000"] >= 10 and found["example@example.gov.cn"] >= 3 and found["000000"] >= 10
    addresses = re.findall(r"地址：([^；，）]+)", text)
    assert addresses and set(addresses) == {"{R}示例路1号"}, sorted(set(addresses))
