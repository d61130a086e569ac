"""Any family: Hanweb records if the page embeds them, else dated list links;
pagination from every family whose signature the page carries."""

from __future__ import annotations

from .base import ListAdapter
from .hanweb import HanwebAdapter
from .pager import PagerAdapter
from .trs import TrsAdapter


class AutoAdapter(ListAdapter):
    name = "auto"
    families = (HanwebAdapter(), TrsAdapter(), PagerAdapter())

    def entries(self, response, list_css=None):
        return self.families[0].entries(response, list_css)  # Hanweb falls back to dated links

    def declared(self, response):
        return next((d for d in (f.declared(response) for f in self.families) if d), None)

    def records_on(self, response, links):
        return self.families[0].records_on(response, links)

    def next_pages(self, response, callback, errback):
        requests = []
        for family in self.families:
            requests.extend(family.next_pages(response, callback, errback))
        return requests
