"""Debian's chromium, headless, driven by Playwright (its own browser is never downloaded):
pages load, the console's errors and the page's uncaught exceptions are collected."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

from .services import unavailable

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch() -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -e '.[test]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        unavailable("chromium is not installed: run .ci/setup-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Page:
    """A page with its console errors and uncaught exceptions recorded."""

    def __init__(self, browser, width: int = 1200, height: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.page.close()
