"""The `-O x.csv` feed in the cells the `export` command writes: UTF-8 with a
BOM (Excel reads the Chinese right), lists and objects as JSON text, the
figures flattened to columns (reportcrawler/cells.py)."""

from __future__ import annotations

from scrapy.exporters import CsvItemExporter

from .cells import csv_columns, flat_row
from .items import FEED_FIELDS


class ReportCsvItemExporter(CsvItemExporter):
    def __init__(self, file, **kwargs):
        fields = kwargs.pop("fields_to_export", None) or FEED_FIELDS
        if isinstance(fields, dict):  # {field: column name}: the names are the record's own here
            fields = list(fields)
        self._record_fields = list(fields)
        # utf-8-sig: the BOM is written once, at the start of the file.
        kwargs["encoding"] = "utf-8-sig"
        super().__init__(file, fields_to_export=csv_columns(self._record_fields), **kwargs)

    def serialize_field(self, field, name, value):
        return value  # flat_row made every cell already

    def export_item(self, item) -> None:
        super().export_item(flat_row(item, self._record_fields))
