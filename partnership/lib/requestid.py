"""A request id in every log line of a request and in the response's ``X-Request-ID`` header.

An incoming ``X-Request-ID`` (from nginx or a load balancer) is kept when it is sane: 1 to 64
letters, digits, ``-``, ``_``, ``.``; anything else is replaced by a fresh id.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def request_id_from(value: str | None) -> str:
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        # Kept until the response is closed: Django logs a 4xx/5xx after the middleware returns.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget_request_id(**kwargs):
    _request_id.set("")


request_finished.connect(_forget_request_id, dispatch_uid="mitra_forget_request_id")


class RequestIdFilter(logging.Filter):
    """Gives every log record a ``request_id`` (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id.get() or "-"
        return True
