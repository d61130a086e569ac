"""Fixtures for the servers tests use (see tests/services.py)."""

from __future__ import annotations

import pytest

from . import services


@pytest.fixture
def postgres_uri():
    """URI of a fresh PostgreSQL database, dropped after the test."""
    yield from services.postgres_database()


@pytest.fixture
def redis_url():
    """URL of a Redis DB number of the test's own, flushed after the test."""
    yield from services.redis_database()


@pytest.fixture(scope="session")
def hulan_store(tmp_path_factory):
    """The store the README's first command leaves: a replay crawl of hulan (read-only for tests)."""
    from .readstores import build_store

    return build_store(tmp_path_factory.mktemp("hulan-store"), ["hulan"])


@pytest.fixture(scope="session")
def five_store(tmp_path_factory):
    """One store holding replay crawls of the five site spiders (read-only for tests)."""
    from .crawling import sites_with_fixtures
    from .readstores import build_store

    return build_store(tmp_path_factory.mktemp("five-store"), sites_with_fixtures())
