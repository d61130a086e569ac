"""Where the generic extractor looks: data/selectors.json, read once, and
its CSS selectors compiled once to lxml XPath."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from cssselect import HTMLTranslator
from lxml import etree


@lru_cache(maxsize=1)
def selectors() -> dict:
    with resources.files("reportcrawler").joinpath("data/selectors.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=256)
def compiled(css: str) -> etree.XPath:
    """A CSS selector compiled once to an lxml XPath (parsel re-translates and
    wraps every result; this is called ~30 times a page)."""
    return etree.XPath(HTMLTranslator().css_to_xpath(css))


# `tag`, `.class`, `#id`, `tag.class`, `tag#id`: every selector in data/selectors.json.
_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?(?:([.#])([\w-]+))?$")


_CLASSED = etree.XPath("//@class/.. | //@id/..")  # faster in libxml2 than //*[@class or @id]


def _simple(css: str) -> tuple[str | None, str | None, str | None] | None:
    """(tag, kind, name) of a simple selector, None for anything else."""
    match = _SIMPLE.match(css.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    return match.group(1), match.group(2), match.group(3)


def _class_tokens(value: str) -> list[str]:
    # As XPath's normalize-space (which cssselect's class test uses) splits: on ASCII white space only.
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")


def select_each(root: etree._Element, css_list: list[str]) -> list[list[etree._Element]]:
    """The elements each selector matches, in document order, as
    `compiled(css)(root)` gives them, but for the simple selectors in one
    pass over the elements that carry a class or an id (one tree walk instead
    of one per selector)."""
    results: list[list[etree._Element]] = [[] for _ in css_list]
    by_class: dict[str, list[tuple[int, str | None]]] = {}
    by_id: dict[str, list[tuple[int, str | None]]] = {}
    for index, css in enumerate(css_list):
        simple = _simple(css)
        if simple is None:
            results[index] = list(compiled(css)(root))
        elif simple[1] is None:
            results[index] = list(root.iter(simple[0]))
        else:
            table = by_class if simple[1] == "." else by_id
            table.setdefault(simple[2], []).append((index, simple[0]))
    if not (by_class or by_id):
        return results
    for el in _CLASSED(root):
        wanted: list[tuple[int, str | None]] = []
        if by_id and el.get("id") in by_id:
            wanted += by_id[el.get("id")]
        classes = el.get("class")
        if classes and by_class:
            for token in _class_tokens(classes):
                wanted += by_class.get(token, ())
        for index, tag in wanted:
            found = results[index]
            if (tag is None or el.tag == tag) and (not found or found[-1] is not el):
                found.append(el)
    return results
