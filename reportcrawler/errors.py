"""Errors that stop a command or a crawl before it can do its job.

Each carries a one-line message for stderr; the command that meets one exits
non-zero without a traceback (a scheduler relies on the exit status).
"""

from __future__ import annotations


class SetupError(Exception):
    """A crawl or command cannot start: a bad setting or argument, an unreachable store."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message.splitlines()[0] if message else message)
