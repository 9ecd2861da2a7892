"""DRF's exception handler, with a throttled call's message in the user's language.

DRF formats the wait into its message before translating it, so no catalogue can match it; this
handler words it with ``ngettext`` and keeps the ``Retry-After`` header.
"""

from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        wait = int(exc.wait)
        throttled = exceptions.Throttled(
            detail=ngettext(
                "Too many requests. Try again in %(wait)d second.",
                "Too many requests. Try again in %(wait)d seconds.",
                wait,
            )
            % {"wait": wait}
        )
        throttled.wait = exc.wait  # the Retry-After header
        exc = throttled
    return drf_exception_handler(exc, context)
