"""The one writer of every CSV and XLSX file the portal hands out, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by the spreadsheet program of whoever opens the file ("CSV injection"): a firm could type
``=HYPERLINK(...)`` as its legal name and have it run on a staff member's computer. So every
download goes through ``write_dataset``:

- CSV: such a text cell gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet
  programs take as "this is text";
- XLSX: every text cell is written as a text cell (openpyxl would otherwise store a string that
  starts with ``=`` as a formula, and ``#N/A`` as an error), so it reads exactly as typed.

Numbers stay numbers: only strings are neutralised, so -5 is still a number.

Site pages stream their downloads row by row through ``csv_chunks`` and ``write_xlsx_rows``
(called by ``partnership.lib.exports.export_response``), with the same cell rules; the admin's import-export
goes through ``CSV`` and ``XLSX`` below (``SPREADSHEET_FORMATS``), which every admin with
import-export uses (system check ``mitra.E101``). Imports take the apostrophe off again
(``SpreadsheetResource``), so a file exported and imported again does not gain one each round.
"""

import csv
import io
from collections.abc import Iterable, Iterator

import tablib
from django.core.checks import Error, Tags, register
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from import_export import resources
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font
from tablib.formats._xlsx import XLSXFormat

# What makes a spreadsheet program read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# A byte-order mark lets spreadsheet programs read the UTF-8 (Korean names, "–").
BOM = "\ufeff"


def neutralise(value):
    """``value`` as a CSV cell that no spreadsheet program runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def restore(value):
    """The value that ``neutralise`` marked, as it was (for imports); anything else unchanged."""
    if isinstance(value, str) and value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _xml_safe(value):
    # Control characters have no place in an XLSX file (openpyxl refuses them): show them as "�".
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value


def _copy(dataset: tablib.Dataset, cell) -> tablib.Dataset:
    copy = tablib.Dataset(
        headers=[cell(header) for header in dataset.headers] if dataset.headers else None,
        title=dataset.title,
    )
    for row in dataset:
        copy.append([cell(value) for value in row])
    return copy


class _TextCellsXLSX(XLSXFormat):
    """tablib's XLSX writer (bold header, frozen first row, column widths), text kept as text."""

    @classmethod
    def dset_sheet(cls, dataset, ws, freeze_panes=True, escape=False):
        super().dset_sheet(dataset, ws, freeze_panes=freeze_panes, escape=False)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # not "f" (formula) nor "e" (error code)


def write_dataset(dataset: tablib.Dataset, fmt: str) -> str | bytes:
    """``dataset`` as the content of a ``fmt`` ("csv" or "xlsx") file; no cell is a formula."""
    if fmt == "csv":
        return BOM + _copy(dataset, neutralise).export("csv")
    if fmt == "xlsx":
        return _TextCellsXLSX.export_set(_copy(dataset, _xml_safe))
    raise ValueError(f"Unknown spreadsheet format: {fmt}")


def csv_chunks(headers: list, rows: Iterable[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """A CSV file as pieces of text, ``rows_per_chunk`` rows a piece, for a streaming response:
    the same file as ``write_dataset(…, "csv")``, no cell a formula, in constant memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # tablib's dialect: excel, "\r\n" line ends
    writer.writerow([neutralise(header) for header in headers])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(value) for value in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_xlsx_rows(headers: list, rows: Iterable[list], title: str, file) -> None:
    """An XLSX file into ``file``, written row by row (openpyxl's write-only mode, constant memory):
    bold header, first row frozen, every text cell a text cell as in ``write_dataset``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title or None)
    sheet.freeze_panes = "A2"

    def cells(values, font=None):
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xml_safe(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # not "f" (formula) nor "e" (error code)
            if font is not None:
                cell.font = font
            yield cell

    sheet.append(list(cells(headers, Font(bold=True))))
    for row in rows:
        sheet.append(list(cells(row)))
    workbook.save(file)


def restore_dataset(dataset: tablib.Dataset) -> None:
    """Take off, in place, the apostrophes that ``write_dataset`` put before formula-like text."""
    if dataset.headers:
        dataset.headers = [restore(header) for header in dataset.headers]
    for index, row in enumerate(list(dataset)):
        dataset[index] = [restore(value) for value in row]


# --- django-import-export ------------------------------------------------------------------------


class CSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return write_dataset(dataset, "csv")


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return write_dataset(dataset, "xlsx")


#: The formats of every admin with import-export: ``formats = SPREADSHEET_FORMATS``.
SPREADSHEET_FORMATS = [CSV, XLSX]


class SpreadsheetResource(resources.ModelResource):
    """Base of every import-export resource: imports read neutralised cells as they were typed.

    ``export_labels`` names, in the reader's language, the columns that are not a model field
    (the admin's export page labels the others with the field's verbose name)."""

    export_labels: dict = {}

    def before_import(self, dataset, **kwargs):
        restore_dataset(dataset)
        super().before_import(dataset, **kwargs)


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The admin's export page with each column labelled in the reader's language: the model
    field's verbose name ("NPWP", "Kode KBLI"), not the library's title-cased attribute ("Npwp",
    "Kbli Codes")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        labels = getattr(resource, "export_labels", {})
        if field_name in labels:
            return capfirst(str(labels[field_name]))
        field = resource.fields.get(field_name)
        attribute = (field.attribute if field and field.attribute else field_name).split("__")[0]
        try:
            model_field = resource._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return super()._get_field_label(resource, field_name)
        return capfirst(str(model_field.verbose_name))


def _unsafe_formats(model_admin) -> Iterable[str]:
    from import_export.mixins import BaseExportMixin, BaseImportMixin

    if isinstance(model_admin, BaseExportMixin):
        for fmt in model_admin.get_export_formats():
            if not issubclass(fmt, CSV | XLSX):
                yield f"export format {fmt.__name__}"
        for resource in model_admin.get_export_resource_classes(None):
            if not issubclass(resource, SpreadsheetResource):
                yield f"resource {resource.__name__}"
    if isinstance(model_admin, BaseImportMixin):
        for resource in model_admin.get_import_resource_classes(None):
            if not issubclass(resource, SpreadsheetResource):
                yield f"resource {resource.__name__}"


@register(Tags.security)
def admin_exports_are_safe(app_configs, **kwargs):
    from django.contrib import admin

    errors = []
    for model, model_admin in admin.site._registry.items():
        for problem in sorted(set(_unsafe_formats(model_admin))):
            errors.append(
                Error(
                    f"The admin of {model._meta.label} exports with {problem}, which may write formulas.",
                    hint="Use partnership.lib.spreadsheets: formats = SPREADSHEET_FORMATS and a "
                    "SpreadsheetResource.",
                    obj=type(model_admin),
                    id="mitra.E101",
                )
            )
    return errors
