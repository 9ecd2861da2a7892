"""CSV and XLSX downloads of a list exactly as the page filtered it (tablib).

Usage in a view::

    return export_response(
        request, headers=[...], rows=(... for entry in filterset.qs), filename="roster"
    )

The format comes from ``?format=csv`` or ``?format=xlsx``; anything else is a 400.
"""

from collections.abc import Iterable, Sequence

import tablib
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone

from .spreadsheets import write_dataset

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


def build_dataset(headers: Sequence, rows: Iterable[Sequence], *, title: str = "") -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[str(header) for header in headers], title=title[:31] or None)
    for row in rows:
        dataset.append([_cell(value) for value in row])
    return dataset


def dataset_response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    """Download ``dataset`` as ``fmt`` ("csv" or "xlsx"), named ``<filename>-<date-time>.<fmt>``."""
    # No cell reaches the file as a formula (see partnership/spreadsheets.py).
    response = HttpResponse(write_dataset(dataset, fmt), content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


def export_response(
    request, *, headers: Sequence, rows: Iterable[Sequence], filename: str, title: str = ""
) -> HttpResponse:
    fmt = requested_format(request)
    if fmt is None:
        return HttpResponseBadRequest("Unknown export format: use csv or xlsx.")
    return dataset_response(build_dataset(headers, rows, title=title or filename), fmt, filename)
