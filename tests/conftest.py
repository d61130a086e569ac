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
