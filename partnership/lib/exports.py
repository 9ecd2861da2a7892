"""CSV and XLSX downloads of a list exactly as the page filtered it.

One convention for every download: the format comes from ``?format=csv`` (the default) or
``?format=xlsx``, anything else is a 400; the sheet is built by a django-import-export resource
(a :class:`SheetResource` for a page's list, the admin's own resource for a model). Usage in a
view::

    return export_filtered(request, RosterResource(), filterset, filename="roster")

A filtered list's download (:func:`export_filtered`) answers 400 when a filter value is not valid,
rather than export more rows than the address asked for.

A download of a million firms must start at once and never hold the list in memory: the rows are
read in keyset chunks (``partnership.lib.keyset``, never ``OFFSET``) and written as they come. The
CSV file streams to the browser from its first row; the XLSX file is written row by row (openpyxl's
write-only mode) into a temporary file on disk, which is then streamed. An XLSX file cannot be sent
before it is complete, so a list longer than ``XLSX_MAX_ROWS`` is refused with a 400 that points
to the CSV file (which any spreadsheet program opens): a page that works for minutes before it
answers is a page that times out.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator

import tablib
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from partnership.lib import access_log
from partnership.lib.counting import estimated_count, has_estimates
from partnership.lib.keyset import iterate_in_chunks
from partnership.lib.spreadsheets import csv_chunks, write_dataset, write_xlsx_rows

# The longest list written as an XLSX file within a request (about half a minute on this hardware).
XLSX_MAX_ROWS = 100_000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def requested_format(request) -> str | None:
    value = request.GET.get("format", "csv")
    return value if value in FORMATS else None


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return value
    # Lazy translations, decimals, dates, model instances: their text.
    return str(value)


class _Cell(widgets.Widget):
    """Values as the sheet shows them (see ``_cell``): numbers stay numbers in an XLSX file."""

    def render(self, value, obj=None, **kwargs):
        return _cell(value)


def column(header, attribute: str | None = None) -> fields.Field:
    """A column of a :class:`SheetResource`: ``attribute`` follows relations with ``__``; without
    one, the resource's ``dehydrate_<name>`` method gives the value."""
    return fields.Field(attribute=attribute, column_name=header, widget=_Cell(), readonly=True)


class SheetResource(resources.Resource):
    """The columns of a page's download, in the order they are declared (django-import-export)."""

    def export_field(self, field, instance, **kwargs):
        return _cell(super().export_field(field, instance, **kwargs))


def _attachment(response, fmt: str, filename: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


def dataset_response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    """Download ``dataset`` as ``fmt`` ("csv" or "xlsx"), named ``<filename>-<date-time>.<fmt>``."""
    # No cell reaches the file as a formula (see partnership/lib/spreadsheets.py).
    return _attachment(HttpResponse(write_dataset(dataset, fmt), content_type=FORMATS[fmt]), fmt, filename)


def export_rows(resource: resources.Resource, rows: Iterable) -> tuple[list[str], Iterator[list]]:
    """The headers and the rows of ``resource.export(rows)``, the rows made one by one as they are
    read in keyset chunks (the resource's ``filter_export`` still adds its joins and prefetches)."""
    if hasattr(rows, "model"):
        rows = resource.filter_export(rows)
    headers = resource.get_export_headers()
    # What ``resource.export_resource`` does for each row, with the columns looked up once rather
    # than once a row (django-import-export recomputes them: a fifth of the time of a long export).
    columns = resource.get_export_fields()

    def made():
        for instance in iterate_in_chunks(rows):
            yield [resource.export_field(column, instance) for column in columns]

    return headers, made()


def too_long_for_xlsx(rows: Iterable) -> bool:
    """Whether ``rows`` holds more than ``XLSX_MAX_ROWS`` (PostgreSQL's estimate, else counted up to
    the limit: never a full count)."""
    if not isinstance(rows, QuerySet):
        return False
    if has_estimates(rows) and estimated_count(rows) <= XLSX_MAX_ROWS:
        return False  # the estimate can be low: above the limit, the rows are counted
    return rows.order_by().values("pk")[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS


def _then(chunks: Iterator[str], finish: Callable[[], None]) -> Iterator[str]:
    """``chunks``, then ``finish()`` once they are all sent (or the download is cut off)."""
    try:
        yield from chunks
    finally:
        finish()


def export_response(
    request,
    resource: resources.Resource,
    rows: Iterable,
    *,
    filename: str,
    firms: Iterable[int] | None = None,
):
    """``rows`` (a queryset or any iterable) as the file ``?format=`` asks for; 400 for another.

    CSV streams (``StreamingHttpResponse``); XLSX is written to a temporary file and streamed
    (``FileResponse``). Both read the rows in bounded chunks: memory does not grow with the list.
    ``firms``: the ids of the firms whose data the file holds; the download is then written to the
    access log (``partnership.lib.access_log``). Every export with personal data passes it.
    """
    fmt = requested_format(request)
    if fmt is None:
        return HttpResponseBadRequest("Unknown export format: use csv or xlsx.")
    detail = f"{filename}.{fmt}"
    headers, made = export_rows(resource, rows)
    if fmt == "csv":
        chunks = csv_chunks(headers, made)
        if firms is not None and (add_firms := access_log.open_access(request, access_log.EXPORT, detail)):
            # The line is written now; its firms once the file has been sent, a chunk at a time,
            # so that the first byte does not wait for a million ids.
            chunks = _then(chunks, lambda: add_firms(firms))
        return _attachment(StreamingHttpResponse(chunks, content_type=FORMATS[fmt]), fmt, filename)
    if too_long_for_xlsx(rows):
        return HttpResponseBadRequest(
            _(
                "This list is too long for an XLSX file (more than %(limit)s rows). Download it as CSV, "
                "which every spreadsheet program opens, or filter the list first."
            )
            % {"limit": f"{XLSX_MAX_ROWS:,}"}
        )
    file = tempfile.TemporaryFile()  # deleted when the response closes it
    write_xlsx_rows(headers, made, filename[:31], file)
    if firms is not None:
        access_log.record_access(request, access_log.EXPORT, firms, detail=detail)
    file.seek(0)
    response = FileResponse(file, content_type=FORMATS[fmt])
    return _attachment(response, fmt, filename)


def export_filtered(
    request,
    resource: resources.Resource,
    filterset,
    *,
    filename: str,
    rows: Callable[[object], Iterable] | None = None,
    firms: Callable[[object], Iterable[int]] | None = None,
) -> HttpResponse:
    """The download of a list exactly as ``filterset`` (django-filter) filters it.

    An invalid filter value is a 400, never a silently wider file. ``rows(queryset)`` turns the
    filtered queryset into the rows to write (an order, a prefetch); the queryset itself without it.
    ``firms(rows)`` gives the ids of the firms in the file, for the access log (see
    :func:`export_response`).
    """
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponseBadRequest(_("The filters of the export are not valid."))
    queryset = filterset.qs
    data = queryset if rows is None else rows(queryset)
    return export_response(
        request, resource, data, filename=filename, firms=None if firms is None else firms(data)
    )
