"""Reports published as files: text lines and table grids from PDF (pdfplumber)
and DOCX (python-docx), in document order. Legacy .doc is refused with a reason."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .grid import collapse_space

Grid = list[list[str]]
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_S = 30.0


class DocumentError(Exception):
    """A file that could not be read; `reason` is the crawl-stats reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class Document:
    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)


def _kind(body: bytes, name: str) -> str:
    """What the bytes are: the magic number decides, the file name only when it is unclear."""
    if body.startswith(b"%PDF"):
        return "pdf"
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # OLE2 compound file: Word 97-2003
    if body.startswith(b"PK"):
        return "docx"
    suffix = urlsplit(name).path.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"pdf": "pdf", "docx": "docx", "doc": "doc"}.get(suffix, "unknown")


class _Deadline:
    """Checked between pages / blocks: parsing one page is not interruptible in-process."""

    def __init__(self, seconds: float, name: str) -> None:
        self.end = time.monotonic() + seconds
        self.seconds = seconds
        self.name = name

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise DocumentError("attachment_timeout",
                                f"{self.name}: reading took longer than {self.seconds:g} s")


def read_document(body: bytes, filename_or_url: str, max_bytes: int = MAX_BYTES,
                  timeout_s: float = TIMEOUT_S) -> Document:
    """Text lines (one paragraph / table row each) and table grids of a PDF or DOCX file."""
    name = filename_or_url
    if len(body) > max_bytes:
        raise DocumentError("attachment_too_large",
                            f"{name}: {len(body)} bytes, more than the limit of {max_bytes}")
    kind = _kind(body, name)
    if kind == "doc":
        raise DocumentError("unsupported_attachment",
                            f"{name}: legacy Word .doc is not read (no converter installed)")
    if kind == "unknown":
        raise DocumentError("unsupported_attachment", f"{name}: neither PDF nor DOCX")
    deadline = _Deadline(timeout_s, name)
    try:
        return _read_pdf(body, deadline) if kind == "pdf" else _read_docx(body, deadline)
    except DocumentError:
        raise
    except Exception as exc:  # corrupt files fail in many library-specific ways
        raise DocumentError("attachment_unreadable",
                            f"{name}: cannot be read as {kind.upper()} ({type(exc).__name__}: {exc})"[:300]) from None


def _pdf_grid(table) -> Grid:
    """pdfplumber leaves None in merged positions: repeat the covering cell, as for HTML."""
    rows = table.extract()
    boxes = [row.cells for row in table.rows]
    grid: Grid = []
    for r, row in enumerate(rows):
        out: list[str] = []
        for c, text in enumerate(row):
            if text is not None:
                out.append(collapse_space(text))
            elif c > 0 and _spans_right(boxes, r, c):
                out.append(out[-1])
            elif r > 0 and c < len(grid[r - 1]):
                out.append(grid[r - 1][c])
            else:
                out.append("")
        grid.append(out)
    return grid


def _spans_right(boxes, r: int, c: int) -> bool:
    """Whether the nearest real cell left of (r, c) reaches over column c's left edge."""
    left = next((boxes[r][k] for k in range(c - 1, -1, -1) if boxes[r][k] is not None), None)
    column_x0 = [row[c][0] for row in boxes if c < len(row) and row[c] is not None]
    return left is not None and bool(column_x0) and left[2] > min(column_x0) + 1


def _read_pdf(body: bytes, deadline: _Deadline) -> Document:
    import pdfplumber

    doc = Document()
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        for page in pdf.pages:
            deadline.check()
            text = page.extract_text() or ""
            doc.lines.extend(line for line in map(collapse_space, text.splitlines()) if line)
            for table in page.find_tables():
                grid = _pdf_grid(table)
                if grid:
                    doc.grids.append(grid)
    return doc


def _read_docx(body: bytes, deadline: _Deadline) -> Document:
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(body))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("attachment_unreadable", f"not a DOCX file ({exc})"[:300]) from None
    doc = Document()
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        deadline.check()
        if isinstance(block, Paragraph):
            line = collapse_space(block.text)
            if line:
                doc.lines.append(line)
        elif isinstance(block, Table):
            grid: Grid = []
            for row in block.rows:
                # python-docx repeats a merged cell in every position it covers
                cells = row.cells
                grid.append([collapse_space(cell.text) for cell in cells])
                # the row's line: each cell once (a <w:tc> spans columns once), a vertically
                # merged cell only in its first row, as an HTML rowspan reads; python-docx's
                # row.cells hands the top cell to every row it covers
                texts = [collapse_space(_Cell(tc, block).text) for tc in row._tr.tc_lst if tc.vMerge != "continue"]
                line = " ".join(t for t in texts if t)
                if line:
                    doc.lines.append(line)
            doc.grids.append(grid)
    return doc
