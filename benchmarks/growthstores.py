"""Where the store-growth benchmark keeps its stores: SQLite files, or fresh
PostgreSQL databases (created, restored from a template, dropped)."""

from __future__ import annotations

import os
import secrets
import shutil


class SqliteStores:
    """Store files in the work folder; the small one restored by copying its pristine file."""

    def __init__(self, workdir: str):
        self.workdir = workdir
        self.paths: dict[str, str] = {}

    def fresh(self, label: str, count: int) -> str:
        path = os.path.join(self.workdir, f"growth-{label}-{count}.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.paths[label] = path
        return "sqlite:///" + os.path.abspath(path)

    def keep_pristine(self, label: str) -> None:
        shutil.copyfile(self.paths[label], self.paths[label] + ".pristine")

    def restore(self, label: str) -> str:
        path = self.paths[label]
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.copyfile(path + ".pristine", path)
        return "sqlite:///" + os.path.abspath(path)

    def size_mb(self, label: str) -> float:
        return os.path.getsize(self.paths[label]) / 1e6

    def cleanup(self) -> None:
        for path in self.paths.values():
            if os.path.exists(path + ".pristine"):
                os.remove(path + ".pristine")


class PostgresStores:
    """Fresh databases on the server `server_uri` names; the small one restored from a template."""

    def __init__(self, server_uri: str):
        from sqlalchemy.engine import make_url

        from reportcrawler.store import make_engine

        self.url = make_url(server_uri)
        self.admin = make_engine(server_uri).execution_options(isolation_level="AUTOCOMMIT")
        self.tag = secrets.token_hex(4)
        self.names: dict[str, str] = {}

    def _sql(self, statement: str):
        with self.admin.connect() as conn:
            result = conn.exec_driver_sql(statement)
            return result.scalar() if result.returns_rows else None

    def _uri(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def fresh(self, label: str, count: int) -> str:
        name = self.names[label] = f"rc_bench_{self.tag}_{label}"
        self._sql(f'CREATE DATABASE "{name}"')
        return self._uri(name)

    def keep_pristine(self, label: str) -> None:
        self._sql(f'CREATE DATABASE "{self.names[label]}_pristine" TEMPLATE "{self.names[label]}"')

    def restore(self, label: str) -> str:
        name = self.names[label]
        self._sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{name}_pristine"')
        return self._uri(name)

    def size_mb(self, label: str) -> float:
        return self._sql(f"SELECT pg_database_size('{self.names[label]}')") / 1e6

    def cleanup(self) -> None:
        for name in self.names.values():
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._sql(f'DROP DATABASE IF EXISTS "{name}_pristine" WITH (FORCE)')
        self.admin.dispose()
