"""Refuse input that no page can use, before any view sees it: one answer, a 400, everywhere.

PostgreSQL refuses a NUL character in a string (psycopg2 raises ``ValueError`` as soon as the
value is bound), so a ``%00`` in any query parameter or form field that reaches a query would end
in a 500. Text that is not valid UTF-8 (``%C3%28``) is decoded by Django with replacement
characters, which no field accepts either. Rather than guard every filter, form and admin list,
this middleware answers 400 (the translated ``errors/400.html`` page, through ``handler400``) for
a request whose path, query string or form fields (names or values) carry either.

A number too large for the machine or the database (``OverflowError``: the admin's date
hierarchy with ``?created_at__year=99999999999999999999``, SQLite binding an integer past 64 bits)
is bad input the same way, wherever a view meets it: also a 400.
"""

from django.core.exceptions import BadRequest

NUL = "\x00"
# What Django's decoding puts in place of bytes that are not UTF-8.
REPLACEMENT = "\ufffd"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unusable_text(value: str) -> bool:
    return NUL in value or REPLACEMENT in value


def unusable_fields(querydict) -> bool:
    return any(
        unusable_text(key) or any(unusable_text(value) for value in values)
        for key, values in querydict.lists()
    )


class RejectUnusableInputMiddleware:
    """Sits right after LocaleMiddleware, so that the 400 page is in the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unusable_text(request.path_info) or unusable_fields(request.GET):
            # The message goes to the log only; the visitor sees the translated 400 page.
            raise BadRequest("NUL or non-UTF-8 text in the path or query string")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            # The names of uploaded files too: they end up in the database.
            if unusable_fields(request.POST) or any(
                unusable_text(upload.name or "") for upload in request.FILES.values()
            ):
                raise BadRequest("NUL or non-UTF-8 text in a form field")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            raise BadRequest(f"A number out of range: {exception}") from exception
        return None
