"""The servers tests use: PostgreSQL and Redis on 127.0.0.1 (trust auth).

A test that needs one gets a private piece of it (a fresh database, a free
Redis DB number) and it is removed afterwards, so runs never see each other's
data. An unreachable server skips the test with the reason; with
REQUIRE_SERVICES=1 (CI) it fails it instead, so nothing skips unnoticed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

PG_ADMIN_URI = os.environ.get("TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_BASE = os.environ.get("TEST_REDIS", "redis://127.0.0.1:6379")
REDIS_DATABASES = 16  # Redis' default `databases`


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0")


def unavailable(reason: str):
    """Skip the test with `reason`, or fail it when REQUIRE_SERVICES=1."""
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1: services must be there)", pytrace=False)
    pytest.skip(reason)


def _admin():
    try:
        import psycopg
    except ImportError:
        unavailable("psycopg is not installed: pip install -e '.[test]'")
    try:
        return psycopg.connect(PG_ADMIN_URI, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        unavailable(f"PostgreSQL unreachable at {PG_ADMIN_URI}: {str(exc).splitlines()[0]}")


def create_database() -> str:
    """A fresh empty database `rc_test_<random>`; returns its name."""
    name = f"rc_test_{secrets.token_hex(6)}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_database(password: str | None = None) -> Iterator[str]:
    """Yield the URI of a fresh database; drop it afterwards."""
    name = create_database()
    user = "postgres" + (f":{password}" if password else "")
    try:
        yield f"postgresql://{user}@127.0.0.1:5432/{name}"
    finally:
        drop_database(name)


def pg_rows(uri: str, table: str) -> list[dict]:
    """Every row of a table, read with psycopg directly (not through the Store)."""
    import psycopg
    from psycopg.rows import dict_row

    if table == "pages":
        query = ("SELECT pages.*, bodies.body FROM pages LEFT JOIN bodies ON bodies.sha256 = pages.body_sha256 "
                 "ORDER BY pages.id")
    else:
        query = f"SELECT * FROM {table} ORDER BY 1"
    with psycopg.connect(uri.replace("postgresql+psycopg://", "postgresql://"), row_factory=dict_row) as conn:
        rows = conn.execute(query).fetchall()
    for row in rows:
        if isinstance(row.get("body"), memoryview):
            row["body"] = bytes(row["body"])
    return rows


def redis_database() -> Iterator[str]:
    """Yield `redis://127.0.0.1:6379/<n>` for a DB number no one else holds; flush it afterwards.

    The DB number is claimed with SET NX on a key in DB 0, so parallel test
    runs on one machine never share one.
    """
    try:
        import redis
    except ImportError:
        unavailable("the redis package is not installed: pip install -e '.[test]'")
    control = redis.Redis.from_url(f"{REDIS_BASE}/0", socket_connect_timeout=5)
    try:
        control.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis unreachable at {REDIS_BASE}: {exc}")
    token = secrets.token_hex(8)
    number = next((n for n in range(1, REDIS_DATABASES)
                   if control.set(f"rc_test:claim:{n}", token, nx=True, ex=3600)), None)
    if number is None:
        pytest.fail("every Redis DB number 1-15 is claimed by another test run", pytrace=False)
    url = f"{REDIS_BASE}/{number}"
    db = redis.Redis.from_url(url)
    db.flushdb()
    try:
        yield url
    finally:
        db.flushdb()
        if control.get(f"rc_test:claim:{number}") == token.encode():
            control.delete(f"rc_test:claim:{number}")
