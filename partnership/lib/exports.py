"""CSV and XLSX downloads of a list exactly as the page filtered it.

One convention for every download: the format comes from ``?format=csv`` (the default) or
``?format=xlsx``, anything else is a 400; the sheet is built by a django-import-export resource
(a :class:`SheetResource` for a page's list, the admin's own resource for a model); the file is
written by :func:`dataset_response`. Usage in a view::

    return export_filtered(request, RosterResource(), filterset, filename="roster")

A filtered list's download (:func:`export_filtered`) answers 400 when a filter value is not valid,
rather than export more rows than the address asked for.
"""

from collections.abc import Callable, Iterable

import tablib
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from partnership.lib import access_log
from partnership.lib.spreadsheets import write_dataset

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


def dataset_response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    """Download ``dataset`` as ``fmt`` ("csv" or "xlsx"), named ``<filename>-<date-time>.<fmt>``."""
    # No cell reaches the file as a formula (see partnership/lib/spreadsheets.py).
    response = HttpResponse(write_dataset(dataset, fmt), content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


def export_response(
    request,
    resource: resources.Resource,
    rows: Iterable,
    *,
    filename: str,
    firms: Iterable[int] | None = None,
) -> HttpResponse:
    """``rows`` (a queryset or any iterable) as the file ``?format=`` asks for; 400 for another.

    ``firms``: the ids of the firms whose data the file holds; the download is then written to the
    access log (``partnership.lib.access_log``). Every export with personal data passes it.
    """
    fmt = requested_format(request)
    if fmt is None:
        return HttpResponseBadRequest("Unknown export format: use csv or xlsx.")
    if firms is not None:
        access_log.record_access(request, access_log.EXPORT, firms, detail=f"{filename}.{fmt}")
    dataset = resource.export(rows)
    dataset.title = filename[:31]
    return dataset_response(dataset, fmt, filename)


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
