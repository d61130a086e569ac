"""Platform adapters: how each CMS family lists a column's articles and
pages through it. Adding a family is adding one module and one line here."""

from __future__ import annotations

from .auto import AutoAdapter
from .base import ListAdapter
from .hanweb import HanwebAdapter
from .pager import PagerAdapter
from .trs import TrsAdapter

ADAPTERS: dict[str, type[ListAdapter]] = {
    AutoAdapter.name: AutoAdapter,
    HanwebAdapter.name: HanwebAdapter,
    TrsAdapter.name: TrsAdapter,
    PagerAdapter.name: PagerAdapter,
}


def get_adapter(name: str) -> ListAdapter:
    try:
        return ADAPTERS[name]()
    except KeyError:
        raise ValueError(f"unknown CMS family {name!r}; known: {', '.join(sorted(ADAPTERS))}") from None
