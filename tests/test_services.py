"""The service fixtures themselves: private, fresh, removed afterwards; an
unreachable server skips, or fails under REQUIRE_SERVICES=1."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg

from .crawling import ROOT

NAMES: list[str] = []


def test_postgres_fixture_gives_a_fresh_database(postgres_uri):
    name = postgres_uri.rsplit("/", 1)[1]
    assert name.startswith("rc_test_")
    with psycopg.connect(postgres_uri) as conn:
        tables = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        assert tables.fetchone() == (0,)
    NAMES.append(name)


def test_the_database_is_dropped_afterwards():
    if not NAMES:  # run alone
        return
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test") as conn:
        found = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (NAMES[0],)).fetchone()
    assert found == (0,)


def test_redis_fixture_gives_an_empty_db_of_its_own(redis_url):
    import redis

    number = int(redis_url.rsplit("/", 1)[1])
    assert 1 <= number <= 15
    db = redis.Redis.from_url(redis_url)
    assert db.dbsize() == 0
    db.set("rc_test_key", "1")
    assert redis.Redis.from_url(redis_url.rsplit("/", 1)[0] + "/0").get(f"rc_test:claim:{number}") is not None


def run_fixture_test(require: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ, TEST_POSTGRES_ADMIN="postgresql://postgres@127.0.0.1:9/test")
    env.pop("REQUIRE_SERVICES", None)
    if require:
        env["REQUIRE_SERVICES"] = "1"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                           "tests/test_services.py::test_postgres_fixture_gives_a_fresh_database"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_unreachable_server_skips_or_fails_when_required():
    skipped = run_fixture_test(require=False)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout[-2000:]
    assert "PostgreSQL unreachable at postgresql://postgres@127.0.0.1:9/test" in skipped.stdout
    failed = run_fixture_test(require=True)
    # A fixture that fails is reported as an error of the test: the run fails either way.
    assert failed.returncode == 1 and "1 error" in failed.stdout, failed.stdout[-2000:]
    assert "REQUIRE_SERVICES=1" in failed.stdout
