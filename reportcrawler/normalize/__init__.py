"""Normalizers: one small function per kind of value a report page carries.

Each takes the raw text a page gives (label and all, any width, any script)
and returns the normalized value, or None when there is nothing there. They
are the input processors of ReportLoader and are unit-tested one by one.
One module per concern: white space (text), script, dates, metadata fields,
titles, report years.
"""

from .dates import chinese_numeral_to_int, date_in_text, normalize_date
from .fields import normalize_doc_no, normalize_index_no, normalize_source_agency
from .script import count_traditional_chars, detect_script, has_traditional_chars, to_simplified
from .text import collapse_whitespace, remove_all_whitespace
from .titles import clean_title
from .years import find_report_year, year_from_body, year_from_title

__all__ = [
    "chinese_numeral_to_int", "clean_title", "collapse_whitespace", "count_traditional_chars", "detect_script",
    "date_in_text", "find_report_year", "has_traditional_chars", "normalize_date", "normalize_doc_no", "normalize_index_no",
    "normalize_source_agency", "remove_all_whitespace", "to_simplified", "year_from_body", "year_from_title",
]
