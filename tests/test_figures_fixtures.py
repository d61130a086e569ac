"""read_figures / read_document against hand-written expectations.

fixtures/figures/: pages and files written for this (expected.json).
fixtures/<site>/expected/*.json: the seed portals' records (stats, stats_warnings, tables).
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from lxml import etree

from reportcrawler.figures import read_document, read_figures, table_grid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIGURES = FIXTURES / "figures"
SEED_SITES = ("chenzhou", "hulan", "pulandian", "qingshan", "tangyuan")
T2S = opencc.OpenCC("t2s")


def _html(raw: bytes) -> etree._Element:
    for encoding in ("utf-8", "gb18030"):
        try:
            return etree.fromstring(raw.decode(encoding), etree.HTMLParser())
        except UnicodeDecodeError:
            continue
    raise AssertionError("page is neither UTF-8 nor GB18030")


def _seed_cases() -> list[tuple[str, Path, Path]]:
    cases = []
    for site in SEED_SITES:
        manifest = json.loads((FIXTURES / site / "manifest.json").read_text(encoding="utf-8"))
        files = {entry["url"]: entry["file"] for entry in manifest["entries"] if entry.get("file")}
        for expected in sorted((FIXTURES / site / "expected").glob("*.json")):
            if expected.name == "crawl.json":
                continue
            record = json.loads(expected.read_text(encoding="utf-8"))
            cases.append((f"{site}/{expected.stem}", expected, FIXTURES / site / files[record["url"]]))
    return cases


@pytest.mark.parametrize("name,expected_file,page", _seed_cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_seed_records_figures(name: str, expected_file: Path, page: Path) -> None:
    record = json.loads(expected_file.read_text(encoding="utf-8"))
    root = _html(page.read_bytes())
    # every table of the page, layout, metadata and footer tables included: read_figures picks
    grids = [[[T2S.convert(cell) for cell in row] for row in table_grid(t)] for t in root.iter("table")]
    figures = read_figures(grids, record["body_text"])
    assert figures.stats == record["stats"]
    assert figures.warnings == record["stats_warnings"]
    assert figures.tables == record["tables"]


FIGURE_CASES = json.loads((FIGURES / "expected.json").read_text(encoding="utf-8"))
_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "br"}


def _lines(content: etree._Element) -> list[str]:
    """Visible text, one line per paragraph and per table row (cells joined by a space)."""
    from reportcrawler.figures import collapse_space
    from reportcrawler.figures.grid import cell_text

    lines: list[str] = []
    for el in content.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "tr":
            lines.append(" ".join(c for c in (cell_text(td) for td in el if td.tag in ("td", "th")) if c))
        elif el.tag == "p" and not _in_cell(el, content):
            for part in etree.tostring(el, method="text", encoding="unicode").split("\n"):
                lines.append(collapse_space(part))
    return [line for line in lines if line]


def _in_cell(el: etree._Element, content: etree._Element) -> bool:
    for ancestor in el.iterancestors():
        if ancestor is content:
            return False
        if ancestor.tag in ("td", "th"):
            return True
    return False


def _check(case: dict, figures) -> None:
    assert figures.stats == case["stats"]
    expected_warnings = case["warnings"]
    assert len(figures.warnings) == len(expected_warnings), figures.warnings
    for text, prefix in zip(figures.warnings, expected_warnings, strict=True):
        assert text.startswith(prefix), figures.warnings


@pytest.mark.parametrize("name", [n for n in FIGURE_CASES if n.endswith(".html")])
def test_figures_pages(name: str) -> None:
    case = FIGURE_CASES[name]
    root = _html((FIGURES / "pages" / name).read_bytes())
    content = root.xpath(case["content"])[0]
    grids = [table_grid(t) for t in content.iter("table")]
    figures = read_figures(grids, "\n".join(_lines(content)))
    _check(case, figures)
    assert figures.tables == case["tables"]


@pytest.mark.parametrize("name", [n for n in FIGURE_CASES if not n.endswith(".html")])
def test_figures_files(name: str) -> None:
    case = FIGURE_CASES[name]
    document = read_document((FIGURES / "files" / name).read_bytes(), name)
    figures = read_figures(document.grids, "\n".join(document.lines))
    _check(case, figures)
    assert len(figures.tables) == 1
    assert [row[-1] for row in figures.tables[0]] == case["total_column"]
