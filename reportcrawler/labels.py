"""The one list of field labels (data/labels.json), read once.

The extractor finds values after these labels, ends a value where the next
label starts, and drops metadata lines from the body; the normalizers strip
them from the values they are given. All of them read this module.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _data() -> dict:
    with resources.files("reportcrawler").joinpath("data/labels.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def field_labels(field: str) -> tuple[str, ...]:
    """The labels of one record field (`index_no`, `doc_no`, `source_agency`, `publish_date`), best first;
    `expiry`: the labels of dates that are never a publish date."""
    data = _data()
    return tuple(data["expiry"] if field == "expiry" else data["fields"][field])


@lru_cache(maxsize=1)
def all_labels() -> tuple[str, ...]:
    """Every label: fields, other metadata and widgets, longest first (so `发布时间` wins over `时间`)."""
    data = _data()
    labels = ([label for group in data["fields"].values() for label in group]
              + data["other"] + data["expiry"] + data["widgets"])
    return tuple(sorted(set(labels), key=lambda label: (-len(label), label)))


def spaced(*labels: str) -> str:
    """A regex alternation of labels as pages print them, white space allowed
    between their characters (`文    号`, `索 引 号`)."""
    return "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
