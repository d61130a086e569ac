"""`reportcrawler export` on stores built by replay crawls, and the `-O x.csv` feed.

Expected values are the hand-written records in fixtures/<site>/expected/."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pyarrow.parquet as pq
import pytest

from reportcrawler.items import FEED_FIELDS

from .crawling import (
    ROOT,
    _run_env,
    crawl_command,
    field_differences,
    match_record,
    rows,
    store_uri,
)
from .readstores import cli, expected_records

FIGURE_COLUMNS = ["applications_received", "admin_review.total", "outcomes.disclosed",
                  "litigation_after_review.pending", "fees_collected"]


def _csv_rows(text: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def test_jsonl_equals_the_records(hulan_store, tmp_path):
    out = tmp_path / "hulan.jsonl"
    run = cli("export", "--format", "jsonl", "--store", store_uri(hulan_store), "--out", str(out))
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(rows(hulan_store, "reports")) == 7
    assert all(list(record) == list(FEED_FIELDS) for record in records)
    for expected in expected_records(["hulan"]):
        record = match_record(records, expected)
        assert record is not None, expected["url"]
        assert field_differences(record, expected) == []


def test_csv_has_bom_one_row_per_record_and_figure_columns(five_store, tmp_path):
    out = tmp_path / "five.csv"
    run = cli("export", "--format", "csv", "--store", store_uri(five_store), "--out", str(out))
    assert run.returncode == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfurl,site,")
    header, records = _csv_rows(raw.decode("utf-8-sig"))
    assert len(records) == 28 == len(rows(five_store, "reports"))
    assert set(FIGURE_COLUMNS) <= set(header) and "stats" in header
    for expected in expected_records(["chenzhou", "hulan", "pulandian", "qingshan", "tangyuan"]):
        row = match_record(records, expected)
        assert row is not None, expected["url"]
        assert json.loads(row["attachments"]) == expected["attachments"]  # JSON text, not a repr
        assert json.loads(row["stats"]) == expected["stats"]
        received = expected["stats"].get("applications_received")
        assert row["applications_received"] == ("" if received is None else str(received))
        review = expected["stats"].get("admin_review", {}).get("total")
        assert row["admin_review.total"] == ("" if review is None else str(review))
        assert row["report_year"] == str(expected["report_year"])


def test_csv_header_is_the_same_for_every_export(five_store):
    everything = cli("export", "--format", "csv", "--store", store_uri(five_store))
    nothing = cli("export", "--format", "csv", "--store", store_uri(five_store), "--year", "1999")
    assert everything.returncode == nothing.returncode == 0
    header_all, _ = _csv_rows(everything.stdout.lstrip("\ufeff"))
    header_none, records = _csv_rows(nothing.stdout.lstrip("\ufeff"))
    assert header_all == header_none and records == []


@pytest.mark.parametrize("args, sites, count", [
    (["--site", "hulan", "--year", "2019"], {"hulan"}, 1),
    (["--region-code", "230828"], {"tangyuan"}, 6),
    (["--year", "2017"], {"hulan", "pulandian", "qingshan", "tangyuan"}, 5),
])
def test_filters(five_store, args, sites, count):
    run = cli("export", "--format", "jsonl", "--store", store_uri(five_store), *args)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == count and {r["site"] for r in records} == sites


def test_parquet_keeps_figures_and_grids_typed(five_store, tmp_path):
    out = tmp_path / "five.parquet"
    run = cli("export", "--format", "parquet", "--store", store_uri(five_store), "--out", str(out))
    assert run.returncode == 0, run.stderr
    table = pq.read_table(out)
    assert table.num_rows == 28
    assert str(table.schema.field("stats").type.field("admin_review").type.field("total").type) == "int64"
    assert str(table.schema.field("tables").type) == "list<element: list<element: list<element: string>>>"
    assert str(table.schema.field("report_year").type) == "int32"
    records = table.to_pylist()
    for expected in expected_records(["hulan", "chenzhou"]):
        record = match_record(records, expected)
        assert record is not None
        assert record["tables"] == expected["tables"]
        for group, value in expected["stats"].items():
            if isinstance(value, dict):
                assert {k: v for k, v in record["stats"][group].items() if v is not None} == value
            else:
                assert record["stats"][group] == value


def test_sightings(hulan_store):
    run = cli("export", "--format", "csv", "--sightings", "--store", store_uri(hulan_store))
    assert run.returncode == 0, run.stderr
    header, records = _csv_rows(run.stdout.lstrip("\ufeff"))
    assert header == ["url", "site", "fetched_at", "content_hash"]
    assert len(records) == 8  # fixtures/hulan/expected/crawl.json: 8 sightings of 7 records
    assert {r["content_hash"] for r in records} == {r["content_hash"] for r in rows(hulan_store, "reports")}


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "invalid choice: 'xml'"),
    (["--format", "csv", "--store", "sqlite:////nonexistent/none.sqlite3"], "no store at /nonexistent/none.sqlite3"),
    (["--format", "parquet"], "--format parquet needs --out"),
    (["--format", "csv", "--year", "20x9"], "not a year"),
])
def test_bad_input_is_one_line_exit_2(args, message):
    run = cli("export", *args)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and message in run.stderr and "Traceback" not in run.stderr


def test_feed_csv_has_the_export_cells(tmp_path):
    """`scrapy crawl hulan -O x.csv`: BOM, JSON text cells, the export's header."""
    store = tmp_path / "store.sqlite3"
    feed = tmp_path / "feed.csv"
    cmd = crawl_command("hulan", store, tmp_path / "stats.json", feed)
    proc = subprocess.run(cmd, cwd=ROOT, env=_run_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    raw = feed.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfurl,")
    header, records = _csv_rows(raw.decode("utf-8-sig"))
    exported = cli("export", "--format", "csv", "--store", store_uri(store))
    assert header == _csv_rows(exported.stdout.lstrip("\ufeff"))[0]
    assert len(records) == 7
    for expected in expected_records(["hulan"]):
        row = match_record(records, expected)
        assert json.loads(row["attachments"]) == expected["attachments"]
        assert json.loads(row["tables"]) == expected["tables"]
