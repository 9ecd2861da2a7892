"""Spreadsheet import (admin preview, then confirm) and export of the filtered change list."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from smes.models import SME, TimelineEvent
from smes.resources import SMEResource
from tests.factories import make_sme, valid_npwp

IMPORT_URL = reverse("admin:smes_sme_import")
PROCESS_URL = reverse("admin:smes_sme_process_import")
EXPORT_URL = reverse("admin:smes_sme_export")

HEADERS = [
    "legal_name",
    "legal_form",
    "nib",
    "npwp",
    "year_founded",
    "address",
    "regency",
    "sector",
    "products",
    "employees",
    "capital",
    "annual_sales",
    "contact_name",
    "contact_email",
    "contact_phone",
    "cooperation_interests",
    "certifications",
    "consent_publish",
    "consent_data_processing",
]


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the source language, whatever the default language."""
    settings.LANGUAGE_CODE = "en"


def firm_row(n: int, **changes) -> dict:
    row = {
        "legal_name": f"PT Impor {n}",
        "legal_form": "pt",
        "nib": f"81200000000{n:02d}",
        "npwp": valid_npwp(81300 + n),
        "year_founded": "2012",
        "address": "Jl. Industri No. 3",
        "regency": "3201",
        "sector": "metal",
        "products": "baut dan mur",
        "employees": "30",
        "capital": "2.000.000.000",
        "annual_sales": "Rp 9.000.000.000",
        "contact_name": "Siti",
        "contact_email": f"siti{n}@impor.example",
        "contact_phone": "0812 3456 7890",
        "cooperation_interests": "training, investment",
        "certifications": "halal, SNI",
        "consent_publish": "ya",
        "consent_data_processing": "1",
    }
    row.update(changes)
    return row


def csv_file(rows: list[dict], headers=HEADERS) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("firms.csv", buffer.getvalue().encode(), content_type="text/csv")


def xlsx_file(rows: list[list], headers) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "firms.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def format_index(response, title: str) -> str:
    """The value of a format in the import/export form ("0" for CSV, "1" for XLSX)."""
    for value, label in response.context["form"].fields["format"].choices:
        if label.lower() == title:
            return value
    raise AssertionError(f"no {title} format")


def preview(client, upload):
    title = "xlsx" if upload.name.endswith(".xlsx") else "csv"
    fmt = format_index(client.get(IMPORT_URL), title)
    return client.post(IMPORT_URL, {"resource": "0", "format": fmt, "import_file": upload})


@pytest.fixture
def admin_client_staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.django_db
def test_preview_lists_every_bad_row_and_why_and_writes_nothing(admin_client_staff):
    existing = make_sme(legal_name="PT Sudah Ada", npwp=valid_npwp(99999))
    rows = [
        firm_row(1),  # good
        firm_row(2, npwp="12.345.678.9-012.345"),  # invalid NPWP
        firm_row(3, nib="123456789012"),  # 12-digit NIB
        firm_row(4, contact_phone="12"),  # bad phone
        firm_row(5, regency="9999"),  # unknown regency
        firm_row(6, sector="textiles"),  # unknown sector
        firm_row(7, npwp=firm_row(1)["npwp"]),  # duplicate of line 2 in the file
        firm_row(8, npwp=existing.npwp),  # already registered
        firm_row(9, nib=existing.nib),  # already registered
        firm_row(10, capital="-5"),  # negative capital
        firm_row(11, contact_email="no-at-sign"),  # e-mail without @
        firm_row(12),  # good
    ]

    response = preview(admin_client_staff, csv_file(rows))

    assert response.status_code == 200
    rejected = {row["number"]: row for row in response.context["result"].rejected_rows}
    # Lines in the spreadsheet: the header is line 1, so firm n sits on line n + 1.
    assert sorted(rejected) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    reasons = {line: " ".join(row["problems"]) for line, row in rejected.items()}
    assert "npwp" in reasons[3] and "not a valid NPWP" in reasons[3]
    assert "nib" in reasons[4] and "13 digits" in reasons[4]
    assert "contact_phone" in reasons[5]
    assert "Unknown regency code “9999”" in reasons[6]
    assert "Unknown sector code “textiles”" in reasons[7]
    assert "Same NPWP as line 2 of this file" in reasons[8]
    assert "already registered (PT Sudah Ada)" in reasons[9]
    assert "already registered (PT Sudah Ada)" in reasons[10]
    assert "negative" in reasons[11]
    assert "contact_email" in reasons[12]
    html = response.content.decode()
    assert "10 rows will not be imported" in html
    assert "2 firms will be imported" in html
    assert 'name="confirm"' in html
    # Nothing was written by the preview.
    assert SME.objects.count() == 1
    assert not TimelineEvent.objects.exists()


@pytest.mark.django_db
def test_confirm_imports_the_good_rows_as_submitted_with_a_timeline_event(admin_client_staff, staff_user):
    rows = [firm_row(1), firm_row(2, nib="1"), firm_row(3, status="verified"), firm_row(4, status="draft")]
    rows[0]["legal_name"] = "PT Impor Baik"
    headers = [*HEADERS, "status"]
    response = preview(admin_client_staff, csv_file(rows, headers))
    confirm = response.context["confirm_form"]

    response = admin_client_staff.post(PROCESS_URL, {**confirm.initial, "confirm": "1"})

    assert response.status_code == 302
    imported = {sme.legal_name: sme for sme in SME.objects.all()}
    assert sorted(imported) == ["PT Impor 3", "PT Impor 4", "PT Impor Baik"]
    good = imported["PT Impor Baik"]
    # The consents the file gives are in the consent history, as imported by the staff member.
    given = {name for name in ("consent_publish", "consent_share_korea") if getattr(good, name)}
    assert given
    assert set(good.consent_changes.values_list("consent", "given", "source", "by")) == {
        (name, True, "import", staff_user.pk) for name in given
    }
    assert good.status == "submitted"
    assert good.reference and good.reference.startswith("UKM-")
    assert good.npwp == valid_npwp(81301)
    assert good.contact_phone == "+6281234567890"
    assert good.capital == 2_000_000_000
    assert good.size_class == "small"
    assert good.certifications == ["halal", "sni"]
    assert good.consent_publish and good.consent_publish_at is not None
    assert sorted(good.cooperation_interests.values_list("code", flat=True)) == ["investment", "training"]
    event = TimelineEvent.objects.get(sme=good)
    assert (event.from_state, event.to_state, event.actor) == ("draft", "submitted", staff_user)
    assert "Imported" in event.note
    assert imported["PT Impor 3"].status == "verified"
    assert list(
        TimelineEvent.objects.filter(sme=imported["PT Impor 3"]).values_list("to_state", flat=True)
    ) == [
        "verified",
        "submitted",
    ]
    assert imported["PT Impor 4"].status == "draft"
    assert imported["PT Impor 4"].reference is None


@pytest.mark.django_db
def test_a_row_missing_what_submission_needs_is_refused_with_the_reason(admin_client_staff):
    row = firm_row(1, contact_email="", consent_data_processing="0")

    response = preview(admin_client_staff, csv_file([row]))

    (rejected,) = response.context["result"].rejected_rows
    reasons = " ".join(rejected["problems"])
    assert "contact e-mail" in reasons
    assert "processing of your data" in reasons
    assert 'name="confirm"' not in response.content.decode()
    assert "No row of this file can be imported" in response.content.decode()


@pytest.mark.django_db
def test_a_large_firm_cannot_be_imported_as_submitted(admin_client_staff):
    row = firm_row(1, annual_sales="60.000.000.000")

    response = preview(admin_client_staff, csv_file([row]))

    (rejected,) = response.context["result"].rejected_rows
    assert "above the limits for a medium enterprise" in " ".join(rejected["problems"])


@pytest.mark.django_db
def test_xlsx_import_reads_numeric_cells(admin_client_staff):
    headers = ["legal_name", "legal_form", "npwp", "nib", "regency", "sector", "capital", "status"]
    rows = [
        # A 16-digit NPWP starting with 0 typed into a number cell loses its zero; NIB as a number.
        ["PT Angka", "PT", int(valid_npwp(81350)), 8120000000001, 3201, "metal", 2_000_000_000, "draft"],
        ["PT Salah", "PT", 12345, 1, 3201, "metal", 1, "draft"],
    ]

    response = preview(admin_client_staff, xlsx_file(rows, headers))

    result = response.context["result"]
    assert [r["number"] for r in result.rejected_rows] == [3], result.rejected_rows
    confirm = response.context["confirm_form"]
    admin_client_staff.post(PROCESS_URL, {**confirm.initial, "confirm": "1"})
    sme = SME.objects.get()
    assert (sme.legal_name, sme.npwp, sme.nib, sme.regency_id, sme.status) == (
        "PT Angka",
        valid_npwp(81350),
        "8120000000001",
        "3201",
        "draft",
    )


@pytest.mark.django_db
def test_import_refuses_a_status_that_skips_the_workflow(admin_client_staff):
    response = preview(admin_client_staff, csv_file([firm_row(1, status="rejected")], [*HEADERS, "status"]))

    (rejected,) = response.context["result"].rejected_rows
    assert "status" in rejected["problems"][0]


@pytest.mark.django_db
def test_resource_import_data_directly_reports_rejected_rows(staff_user):
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.append([firm_row(1)[h] for h in HEADERS])
    dataset.append([firm_row(2, regency="")[h] for h in HEADERS])

    result = SMEResource().import_data(dataset, dry_run=False, user=staff_user)

    assert not result.has_errors()
    assert [r["number"] for r in result.rejected_rows] == [3], result.rejected_rows
    assert list(SME.objects.values_list("legal_name", flat=True)) == ["PT Impor 1"]


# --- export from the admin respects the change list's filters -------------------------------------


def export_post(client, query: str, title: str):
    page = client.get(f"{EXPORT_URL}?{query}")
    fmt = format_index(page, title)
    data = {"format": fmt, "resource": "0"}
    # The selectable-fields export form: tick every field of the resource.
    for name in page.context["form"].fields:
        if name not in ("format", "resource", "export_items"):
            data[name] = "on"
    return client.post(f"{EXPORT_URL}?{query}", data)


@pytest.mark.django_db
def test_admin_export_csv_contains_exactly_the_filtered_changelist(admin_client_staff):
    make_sme(legal_name="PT Diajukan Satu", status="submitted")
    make_sme(legal_name="PT Diajukan Dua", status="submitted", sector="software")
    make_sme(legal_name="PT Terverifikasi", status="verified")

    response = export_post(admin_client_staff, "status__exact=submitted", "csv")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["legal_name"] for row in rows) == ["PT Diajukan Dua", "PT Diajukan Satu"]

    searched = export_post(admin_client_staff, "status__exact=submitted&q=Satu", "csv")
    rows = list(csv.DictReader(io.StringIO(searched.content.decode("utf-8-sig"))))
    assert [row["legal_name"] for row in rows] == ["PT Diajukan Satu"]


@pytest.mark.django_db
def test_admin_export_xlsx_contains_exactly_the_filtered_changelist(admin_client_staff):
    make_sme(legal_name="PT Bogor", regency="3201")
    make_sme(legal_name="PT Serang", regency="3604")

    response = export_post(admin_client_staff, "province__code__exact=36", "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [dict(zip(rows[0], row, strict=True))["legal_name"] for row in rows[1:]]
    assert names == ["PT Serang"]


@pytest.mark.django_db
def test_an_exported_file_imports_again_with_plain_numbers_in_any_language(admin_client_staff, settings):
    make_sme(
        legal_name="PT Bolak Balik",
        status="submitted",
        npwp=valid_npwp(5555),
        year_founded=2004,
        capital=3_300_000_000,
        annual_sales=4_650_000_000,
        contact_phone="+6281285359120",
        kbli_codes="24101, 25920",
        certifications=["halal", "iso9001"],
        cooperation_interests=["training", "investment"],
    )
    admin_client_staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"  # thousands separators in Indonesian
    exported = admin_client_staff.get(
        reverse("smes:staff_export"), {"status": "all", "format": "csv"}
    ).getvalue()
    row = next(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert (row["year_founded"], row["capital"], row["annual_sales"]) == ("2004", "3300000000", "4650000000")
    SME.objects.all().delete()

    response = preview(
        admin_client_staff, SimpleUploadedFile("export.csv", exported, content_type="text/csv")
    )
    assert response.context["result"].rejected_rows == []
    admin_client_staff.post(PROCESS_URL, {**response.context["confirm_form"].initial, "confirm": "1"})

    sme = SME.objects.get()
    assert (sme.legal_name, sme.status, sme.year_founded, sme.capital, sme.npwp) == (
        "PT Bolak Balik",
        "submitted",
        2004,
        3_300_000_000,
        valid_npwp(5555),
    )
    assert sme.certifications == ["halal", "iso9001"]
    assert sorted(sme.cooperation_interests.values_list("code", flat=True)) == ["investment", "training"]
