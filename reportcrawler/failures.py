"""Why a request ended without a response it could use, as a stat suffix
(`errors/<reason>`) and a page outcome (`error:<reason>`)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet.error import (
    ConnectError,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

from .offsite import OffsiteRedirectError


def failure_reason(failure) -> str:
    """A short stat-friendly name for why a request failed.

    Matched on Twisted's classes and on names, since Scrapy 2.19 wraps them in
    its own (DownloadTimeoutError, CannotResolveHostError, …).
    """
    exc = failure.value
    name = type(exc).__name__.lower()
    text = str(exc).lower()
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, OffsiteRedirectError):
        return "offsite_redirect"
    if isinstance(exc, (TimeoutError, TCPTimedOutError)) or "timeout" in name or "timedout" in name:
        return "timeout"
    if isinstance(exc, DNSLookupError) or "resolve" in name or "dns" in name:
        return "dns"
    if isinstance(exc, ConnectionRefusedError) or "refused" in name:
        return "connection_refused"
    if isinstance(exc, defer.CancelledError) or "cancel" in name:
        return "too_large" if "max size" in text or "maxsize" in text else "cancelled"
    if isinstance(exc, ConnectError) or "connect" in name:
        return "connect_failed"
    if "dataloss" in name or "data loss" in text or "dataloss" in text:
        return "data_loss"
    if any(word in name + " " + text for word in ("connectionlost", "connection lost", "connectiondone", "reset")):
        return "connection_reset"
    if isinstance(exc, IgnoreRequest):
        if "max redirections" in text:
            return "redirect_loop"
        if "robots" in text:
            return "robots_disallowed"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    return type(exc).__name__.lower()
