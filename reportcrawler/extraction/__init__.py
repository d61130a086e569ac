"""Extraction: a decoded page -> raw fields, one module per concern.

    tree.py         parse once, remove junk, <meta> tags
    selectors.py    where to look (data/selectors.json), compiled once
    content.py      the content element; its lines cleaned to the report text
    lines.py        the visible text as lines (lxml's own walk)
    titles.py       title candidates
    metadata.py     labelled fields (data/labels.json) and the site code
    attachments.py  linked documents
    page.py         extract_page: all of the above, in order
"""

from .page import RawPage, SiteHints, extract_page

__all__ = ["RawPage", "SiteHints", "extract_page"]
