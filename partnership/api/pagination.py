"""Pages of the API, none of which counts the whole table.

The directory pages with the directory page's own keyset cursors (``after`` / ``before``,
smes.pagination), so a cursor of the page works in the API and the other way round; the other
lists use DRF's cursor pagination on their id.
"""

from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from partnership.lib.input import parse_id
from smes.pagination import keyset_page

DIRECTORY_PAGE_SIZE = 20
PAGE_SIZE = 50


def _page_schema(schema: dict, cursor_description: str) -> dict:
    return {
        "type": "object",
        "required": ["next", "previous", "results"],
        "properties": {
            "next": {"type": "string", "nullable": True, "format": "uri", "description": cursor_description},
            "previous": {"type": "string", "nullable": True, "format": "uri"},
            "results": schema,
        },
    }


class DirectoryPagination(BasePagination):
    """The directory's keyset pages on ``(legal_name, id)``: one query per page, at any depth."""

    page_size = DIRECTORY_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page = keyset_page(
            queryset,
            after=request.query_params.get("after"),
            before=request.query_params.get("before"),
            per_page=self.page_size,
        )
        return self.page.items

    def _link(self, key: str, cursor: str) -> str:
        url = self.request.build_absolute_uri()
        url = remove_query_param(remove_query_param(url, "after"), "before")
        return replace_query_param(url, key, cursor)

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            OrderedDict(
                [
                    ("next", self._link("after", page.next_cursor) if page.has_next else None),
                    ("previous", self._link("before", page.previous_cursor) if page.has_previous else None),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        return _page_schema(schema, "The next page (the same cursor as the directory page's).")

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": str(description),
                "schema": {"type": "string"},
            }
            for name, description in (
                ("after", _("Cursor: the page after this one.")),
                ("before", _("Cursor: the page before this one.")),
            )
        ]


class IdCursorPagination(CursorPagination):
    """Newest first by id; the cursor is opaque and the total is never counted."""

    page_size = PAGE_SIZE
    ordering = "-pk"
    invalid_cursor_message = _("Invalid cursor.")
    cursor_query_description = _("The cursor of the page (the next and previous links carry it).")

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        # The position is an id: anything else (or an id past the column's range) is no page.
        position = cursor.position if cursor else None
        if position is not None and parse_id(position) is None:
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_paginated_response_schema(self, schema):
        return _page_schema(schema, "The next page.")
