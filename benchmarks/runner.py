"""`reportcrawler bench`: the whole benchmark in one run (see BENCHMARKS.md).

1. generate the farm (or reuse one given with --farm that matches);
2. serve it from a separate process (benchmarks.server);
3. crawl it with the bare Scrapy spider, then with the full product, each in
   its own process (benchmarks.crawl), same settings;
4. count the records stored against the farm's distinct reports;
5. time lxml alone on the same report pages;
6. measure store growth (dedupe + store per record at 1,000 vs --prefill);
7. print the figures and the BENCH line.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import farm as farm_mod

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _say(*parts) -> None:
    print(*parts, flush=True)


def _env() -> dict:
    env = dict(os.environ)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


class FarmServer:
    """The farm server process; its CPU time is read over HTTP around each crawl."""

    def __init__(self, farm_dir: str, log_path: str):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server", farm_dir],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=_env(), cwd=str(PROJECT_ROOT),
        )
        line = self.proc.stdout.readline()
        if not line.startswith("READY"):
            self.stop()
            raise RuntimeError(f"farm server did not start (said {line!r}; see {log_path})")
        self.port = int(line.split()[1])
        self.base_url = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        return self._get("/__stats")

    def served(self) -> list[str]:
        """`METHOD target` of every request served since the last call."""
        return self._get("/__requests")

    def _get(self, path: str):
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
            return json.loads(response.read())

    def stop(self) -> dict:
        final = {}
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                out, _ = self.proc.communicate(timeout=30)
                lines = [line for line in out.splitlines() if line.startswith("{")]
                final = json.loads(lines[-1]) if lines else {}
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return final


def run_crawl(mode: str, farm_dir: str, server: FarmServer, workdir: str, args, tag: str | None = None,
              profile: bool = False) -> dict:
    """One crawl process; `tag` names its files (default: the mode)."""
    tag = tag or mode
    out = os.path.join(workdir, f"{tag}.json")
    cmd = [sys.executable, "-m", "benchmarks.crawl", "--mode", mode, "--farm", farm_dir,
           "--base-url", server.base_url, "--out", out, "--concurrency", str(args.concurrency),
           "--log-file", os.path.join(workdir, f"{tag}.log"), "--log-level", args.log_level]
    if args.concurrent_items:
        cmd += ["--concurrent-items", str(args.concurrent_items)]
    if mode == "full":
        cmd += ["--store", os.path.join(workdir, f"{tag}.sqlite3")]
        if args.extract_workers is not None:
            cmd += ["--extract-workers", str(args.extract_workers)]
    if profile:
        cmd += ["--profile", os.path.join(workdir, f"{tag}.prof"), "--no-stages"]
    server.served()  # forget what came before this crawl
    before = server.stats()
    busy0, children0 = _machine_busy_s(), _children_cpu_s()
    with open(os.path.join(workdir, f"{tag}.stdout"), "w") as stdout:
        proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.STDOUT, env=_env(), cwd=workdir,
                              timeout=args.timeout)
    after = server.stats()
    busy1, children1 = _machine_busy_s(), _children_cpu_s()
    # Which URLs the crawl followed, one `METHOD target` a line in request order (tests/test_bench.py).
    with open(os.path.join(workdir, f"{tag}.requests"), "w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in server.served())
    if not os.path.exists(out):
        raise RuntimeError(f"{tag} crawl wrote no result (exit {proc.returncode}; see {workdir}/{tag}.stdout)")
    with open(out, encoding="utf-8") as fh:
        result = json.load(fh)
    result["returncode"] = proc.returncode
    result["server_cpu_s"] = after["cpu_s"] - before["cpu_s"]
    result["server_requests"] = after["requests"] - before["requests"] - 1  # less the /__stats call
    result["server_misses"] = after["misses"] - before["misses"]
    if busy0 is not None and busy1 is not None:
        # CPU the rest of the machine used meanwhile: all busy time less the crawl process
        # (start-up included) and the server. Anything sizeable means the figures are disturbed.
        result["others_cpu_s"] = max(0.0, (busy1 - busy0) - (children1 - children0) - result["server_cpu_s"])
    return result


def _machine_busy_s() -> float | None:
    """Seconds of CPU the whole machine has spent busy (all cores), from /proc/stat; None elsewhere."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def lxml_parse_ms(farm_dir: str, limit: int = 500, passes: int = 3) -> tuple[float, int]:
    """Mean CPU ms lxml needs to parse one report page of the farm (parsel's way: UTF-8 bytes,
    HTMLParser); the first pass warms up, the others are averaged."""
    from lxml import etree

    bodies = []
    for route in farm_mod.load_routes(farm_dir):
        if route["kind"] != "report":
            continue
        with open(os.path.join(farm_dir, route["file"]), "rb") as fh:
            raw = fh.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        bodies.append(text.encode("utf-8"))
    step = max(1, len(bodies) // limit)
    bodies = bodies[::step][:limit]
    parser = etree.HTMLParser(recover=True, encoding="utf-8")
    means = []
    for _ in range(passes):
        start = time.process_time()
        for body in bodies:
            etree.fromstring(body, parser=parser)
        means.append((time.process_time() - start) * 1000 / max(1, len(bodies)))
    return (sum(means[1:]) / len(means[1:]) if len(means) > 1 else means[0]), len(bodies)


def count_records(store: str) -> int:
    if not os.path.exists(store):
        return 0
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        conn.close()


STAGE_ORDER = [
    ("decode", "decode (bytes -> text)"),
    ("extract", "extraction (extract_page)"),
    ("normalize", "normalization (ReportLoader)"),
    ("hash", "  of which content hash"),
    ("classify", "classification (rest of read_page)"),
    ("lists", "list pages (adapters)"),
    ("archive", "archive raw page (pages row)"),
    ("outcome", "page outcome updates"),
    ("validate", "validate"),
    ("dedupe", "dedupe"),
    ("store", "store (reports + sighting)"),
]


def _stage_table(full: dict, bare: dict) -> tuple[list[str], float, float]:
    report_pages = full.get("stage_calls", {}).get("decode") or max(1, full["items"])
    stages = full.get("stages_s", {})
    ours = sum(stages.values())
    cpu = full["cpu_s"]
    lines = [f"  CPU per report page, full crawl ({report_pages} report pages read):",
             f"    {'scrapy + rest (download, scheduling, engine, logging)':56s} {1000 * (cpu - ours) / report_pages:7.2f} ms"]
    for key, label in STAGE_ORDER:
        if key in stages:
            lines.append(f"    {label:56s} {1000 * stages[key] / report_pages:7.2f} ms")
    lines.append(f"    {'total':56s} {1000 * cpu / report_pages:7.2f} ms")
    lines.append(f"    {'our stages together':56s} {1000 * ours / report_pages:7.2f} ms")
    if full.get("not_instrumented"):
        lines.append(f"    not instrumented (renamed?): {', '.join(full['not_instrumented'])}")
    return lines, ours, report_pages


def run(args) -> int:
    started = time.perf_counter()
    own_workdir = args.workdir is None
    workdir = args.workdir or tempfile.mkdtemp(prefix="reportcrawler-bench-")
    os.makedirs(workdir, exist_ok=True)
    farm_dir = args.farm or os.path.join(workdir, "farm")
    _say(f"reportcrawler bench: {args.portals} portals x {args.pages} report pages, prefill {args.prefill:,}; "
         f"work folder {workdir}")

    if farm_mod.farm_matches(farm_dir, args.portals, args.pages, args.seed):
        _say(f"farm: reusing {farm_dir}")
    else:
        t = time.perf_counter()
        farm_mod.generate(farm_dir, args.portals, args.pages, args.seed)
        _say(f"farm: generated in {time.perf_counter() - t:.1f} s")
    info = farm_mod.load_info(farm_dir)
    cms = {}
    for p in info["portals"]:
        key = f"{p['cms']}/{p['charset']}"
        cms[key] = cms.get(key, 0) + 1
    _say(f"  {info['report_pages']} report pages ({info['expected_records']} distinct reports), "
         f"{info['distractor_pages_fetched']} distractor pages decided by their page, {info['distractor_links']} "
         f"decided by their link, {info['list_pages']} list pages; report pages {info['report_bytes_min'] / 1024:.0f}–"
         f"{info['report_bytes_max'] / 1024:.0f} KB (mean {info['report_bytes_mean'] / 1024:.1f} KB); "
         f"portals: {', '.join(f'{v} {k}' for k, v in sorted(cms.items()))}")

    load = os.getloadavg()[0]
    _say(f"machine: {os.cpu_count()} cores, load average {load:.2f}")
    server = FarmServer(farm_dir, os.path.join(workdir, "server.log"))
    results: dict = {}
    try:
        _say(f"server: {server.base_url} (pid {server.proc.pid})")
        for mode in ("bare", "full"):
            _say(f"crawl: {mode} …")
            results[mode] = run_crawl(mode, farm_dir, server, workdir, args)
        if args.profile:  # a separate run: cProfile's overhead must not touch the figures
            _say("crawl: full again, under cProfile …")
            run_crawl("full", farm_dir, server, workdir, args, tag="full-profile", profile=True)
    finally:
        server_final = server.stop()

    bare, full = results["bare"], results["full"]
    failed = [m for m, r in results.items() if r.get("error") or r["returncode"] != 0
              or any(c.get("finish_reason") != "finished" for c in r.get("crawls", []))]
    records = count_records(os.path.join(workdir, "full.sqlite3"))
    expected = info["expected_records"]

    lxml_ms, lxml_pages = lxml_parse_ms(farm_dir)

    growth = None
    if args.prefill > 0:
        from .storegrowth import make_pool, measure

        _say("store growth: …")
        growth = measure(workdir, args.prefill, make_pool(farm_dir), small=min(1000, args.prefill),
                         records=args.growth_records, log=_say)

    # --- figures -------------------------------------------------------------------
    bare_pps = bare["pages"] / bare["wall_s"] if bare["wall_s"] else 0.0
    full_pps = full["pages"] / full["wall_s"] if full["wall_s"] else 0.0
    ratio = full_pps / bare_pps if bare_pps else 0.0
    bare_ms = 1000 * bare["cpu_s"] / max(1, bare["pages"])
    full_ms = 1000 * full["cpu_s"] / max(1, full["pages"])
    extra_ms = full_ms - bare_ms
    store_growth = growth["ratio"] if growth else float("nan")

    _say("")
    _say("results")
    for name, r, pps, ms in (("bare", bare, bare_pps, bare_ms), ("full", full, full_pps, full_ms)):
        _say(f"  {name}: {r['pages']} pages in {r['wall_s']:.2f} s = {pps:.1f} pages/s; CPU {r['cpu_s']:.2f} s "
             f"({ms:.2f} ms/page, {100 * r['cpu_s'] / max(r['wall_s'], 1e-9):.0f}% of one core); peak RSS "
             f"{r['max_rss_kb'] / 1024:.0f} MB; server CPU {r['server_cpu_s']:.2f} s for {r['server_requests']} "
             f"requests ({1000 * r['server_cpu_s'] / max(1, r['server_requests']):.2f} ms each, "
             f"{100 * r['server_cpu_s'] / max(r['wall_s'], 1e-9):.0f}% of one core), {r['server_misses']} not found")
        if r.get("extract_workers"):
            _say(f"    {r['extract_workers']} extraction worker process(es): {r['workers_cpu_s']:.2f} s of that CPU "
                 f"(the crawl process {r['main_cpu_s']:.2f} s)")
        others = r.get("others_cpu_s")
        if others is not None and others > 0.1 * r["wall_s"]:
            _say(f"    warning: other processes used {others:.1f} s of CPU during this crawl: the machine was not "
                 "idle, the figures are low and noisy")
    _say(f"  ratio full/bare: {ratio:.3f}")
    _say(f"  extra CPU per page (full - bare): {extra_ms:.2f} ms; lxml parse alone: {lxml_ms:.2f} ms/page "
         f"({lxml_pages} report pages) -> {extra_ms / lxml_ms if lxml_ms else float('nan'):.1f} x lxml")
    table, ours, report_pages = _stage_table(full, bare)
    for line in table:
        _say(line)
    totals = full["totals"]
    _say(f"  records stored {records} (expected {expected}); duplicates {totals.get('records/duplicate', 0)}, "
         f"not reports {totals.get('records/not_report', 0)}, dropped "
         f"{sum(v for k, v in totals.items() if k.startswith('dropped/'))}, errors "
         f"{sum(v for k, v in totals.items() if k.startswith('errors/'))}")
    if growth:
        for label in ("small", "large"):
            g = growth[label]
            _say(f"  store growth: {g['prefilled']:>9,} stored: {g['us_per_record']:.0f} µs/record wall "
                 f"({g['cpu_us_per_record']:.0f} µs CPU), median of {len(g['rounds_us'])} rounds over {g['records']} "
                 f"records ({g['duplicates']} duplicates); "
                 f"file {g['file_mb']:.0f} MB, prefilled in {g['prefill_s']:.1f} s")
        _say(f"  store growth ratio: {growth['ratio']:.3f} (CPU {growth['cpu_ratio']:.3f}); SQLite; PostgreSQL: "
             "python -m benchmarks.storegrowth --growth-store-uri postgresql://…")
    _say(f"  server total CPU {server_final.get('cpu_s', float('nan')):.2f} s (incl. loading the farm), "
         f"peak RSS {server_final.get('max_rss_kb', 0) / 1024:.0f} MB")
    targets = [
        ("ratio >= 0.7", ratio >= 0.7),
        ("store_growth <= 1.2", None if growth is None else store_growth <= 1.2),
        ("extra_ms_per_page <= 5 x lxml_ms_per_page", extra_ms <= 5 * lxml_ms),
        ("records == expected", records == expected),
    ]
    _say("  targets: " + "; ".join(f"{name}: {'not measured' if ok is None else 'met' if ok else 'MISSED'}"
                                   for name, ok in targets))
    if failed:
        _say(f"  crawl problems: {', '.join(failed)} (see {workdir})")
    _say(f"  bench took {time.perf_counter() - started:.0f} s; load average at the start {load:.2f}, now "
         f"{os.getloadavg()[0]:.2f}")

    summary = {
        "full_pps": full_pps, "bare_pps": bare_pps, "ratio": ratio, "extra_ms_per_page": extra_ms,
        "lxml_ms_per_page": lxml_ms, "store_growth": store_growth, "records": records, "expected": expected,
        "bare": bare, "full": full, "growth": growth, "farm": {k: v for k, v in info.items() if k != "portals"},
        "server": server_final, "our_stage_ms_per_report_page": 1000 * ours / report_pages, "load_average": load,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(summary, fh, ensure_ascii=False, indent=1, default=str)
    if args.profile and os.path.exists(os.path.join(workdir, "full-profile.prof.txt")):
        _say(f"  profile of the full crawl: {os.path.join(workdir, 'full-profile.prof')} (+ .txt)")
    _say(f"BENCH full_pps={full_pps:.2f} bare_pps={bare_pps:.2f} ratio={ratio:.3f} extra_ms_per_page={extra_ms:.3f} "
         f"lxml_ms_per_page={lxml_ms:.3f} store_growth={store_growth:.3f} records={records} expected={expected}")

    if not args.keep:
        for path in Path(workdir).glob("growth-*.sqlite3*"):  # gigabytes at the default --prefill
            path.unlink()
        if own_workdir and not args.profile:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed or records != expected else 0
