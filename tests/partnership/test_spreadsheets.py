"""No CSV or XLSX download of the portal carries a formula ("CSV injection"), on site pages and in the admin."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.checks import Error
from django.urls import reverse
from django.utils import timezone

from partnership.cooperation.admin import KoreanPartnerAdmin
from partnership.cooperation.resources import KoreanPartnerResource
from partnership.lib import spreadsheets
from partnership.lib.spreadsheets import neutralise, restore, write_dataset
from partnership.models import CooperationProposal, KoreanPartner
from smes.models import SME
from smes.resources import SMEResource
from surveys.models import ShortlistEntry, SurveyVisit

from .. import factories

# One value per text field that an export writes, each starting with a character that makes a
# spreadsheet program run the cell, each unique so that the test finds it in the file.
EVIL = {
    "legal_name": '=HYPERLINK("http://evil.example";"PT Jahat")',
    "trade_name": "+SUM(1;2)",
    "address": "-2+3",
    "products": "@SUM(A1:A2)",
    "export_markets": "\t=1+1 Malaysia",
    "eco_practices": "\r=1+2 recycle",
    "contact_name": "=cmd|' /C calc'!A0",
    "contact_position": "-Direktur+1",
    "stage_name": "=Tahap+1",
    "withdrawal_reason": "@reason",
    "selection_justification": "+justified",
    "partner_name_en": "=Evil Korea Co.",
    "partner_name_ko": "+악성 기업",
    "offers": "-offers",
    "needs": "@needs",
    "partner_contact": "=Kim",
    "title": "=proposal()",
    "technology": "+technology",
    "outcome_technology": "-outcome",
    "outcome_export_markets": "@Timor-Leste",
    "investment_currency": "=K",
}


def _values(*keys):
    return [EVIL[key] for key in keys]


FIRM = (
    "legal_name",
    "trade_name",
    "address",
    "products",
    "export_markets",
    "eco_practices",
    "contact_name",
    "contact_position",
)
PARTNER = ("partner_name_en", "partner_name_ko", "offers", "needs", "partner_contact")

# Each export and the evil values it must contain.
SITE_EXPORTS = {
    "smes:staff_export": FIRM,
    "partnership:roster_export": (
        "legal_name",
        "trade_name",
        "stage_name",
        "withdrawal_reason",
        "selection_justification",
    ),
    "surveys:shortlist_export": ("legal_name",),
    "surveys:ranking_export": ("legal_name",),
    "cooperation:partner_export": PARTNER,
    "cooperation:board_export": (
        "title",
        "legal_name",
        "partner_name_en",
        "technology",
        "outcome_technology",
        "outcome_export_markets",
        "investment_currency",
    ),
}
ADMIN_EXPORTS = {
    "admin:smes_sme_export": FIRM,
    "admin:partnership_koreanpartner_export": PARTNER,
}


@pytest.fixture
def evil_world(db, staff_user):
    programme = factories.make_programme()
    sme = factories.make_sme(**{field: EVIL[field] for field in FIRM})
    stage = factories.make_stage(programme, name=EVIL["stage_name"], regencies=["3201"])
    entry = factories.make_roster_entry(
        sme,
        programme=programme,
        status="shortlisted",
        selection_justification=EVIL["selection_justification"],
    )
    # A withdrawn firm, so that the roster's withdrawal reason column is filled too.
    factories.make_roster_entry(
        factories.make_sme(legal_name="PT Mundur"),
        programme=programme,
        status="withdrawn",
        withdrawal_reason=EVIL["withdrawal_reason"],
    )
    shortlisted = ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    SurveyVisit.objects.create(
        shortlist_entry=shortlisted,
        scheduled_for=timezone.now(),
        status=SurveyVisit.Status.DONE,
        place="Ciomas",
    )
    partner = factories.make_partner(
        name_en=EVIL["partner_name_en"],
        name_ko=EVIL["partner_name_ko"],
        offers=EVIL["offers"],
        needs=EVIL["needs"],
        contact_name=EVIL["partner_contact"],
    )
    CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title=EVIL["title"],
        technology=EVIL["technology"],
        investment_amount=Decimal("-1500"),
        investment_currency=EVIL["investment_currency"],
        outcome_technology=EVIL["outcome_technology"],
        outcome_export_markets=EVIL["outcome_export_markets"],
        status=CooperationProposal.Status.SUBMITTED,
        author=staff_user,
        author_side=CooperationProposal.Side.STAFF,
        submitted_at=timezone.now(),
    )
    return {"slug": programme.slug, "stage": stage.pk}


def _site_url(name, world, fmt):
    if name == "smes:staff_export":
        return reverse(name) + f"?status=all&format={fmt}"
    kwargs = {}
    if name.startswith("surveys:"):
        kwargs = {"pk": world["stage"]}
    elif name.startswith("partnership:"):
        kwargs = {"slug": world["slug"]}
    return reverse(name, kwargs=kwargs) + f"?format={fmt}"


def _admin_export(client, name, fmt):
    """The admin's export page, submitted as it comes (every field), in ``fmt``."""
    url = reverse(name)
    form = client.get(url).context["form"]
    data = {}
    for field_name, field in form.fields.items():
        initial = form.initial.get(field_name, field.initial)
        if field_name == "format":
            data[field_name] = next(value for value, label in field.choices if label.lower() == fmt)
        elif isinstance(initial, bool) or field.widget.input_type == "checkbox":
            if initial is not False:
                data[field_name] = "on"
        elif initial is not None:
            data[field_name] = initial
    return client.post(url, data)


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text[1:], newline="")) for cell in row]


def _xlsx_cells(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _check(content: bytes, fmt: str, expected: list[str], where: str) -> None:
    if fmt == "csv":
        cells = _csv_cells(content)
        formulas = [c for c in cells if c.startswith(spreadsheets.FORMULA_STARTS) and not _is_number(c)]
        assert not formulas, f"{where}: cells a spreadsheet runs: {formulas}"
        missing = [value for value in expected if "'" + value not in cells]
    else:
        cells = _xlsx_cells(content)
        formulas = [c.value for c in cells if c.value is not None and c.data_type not in ("s", "n", "d", "b")]
        assert not formulas, f"{where}: cells that are not text, numbers or dates: {formulas}"
        texts = {c.value for c in cells if c.data_type == "s"}
        missing = [value for value in expected if value not in texts]
    assert not missing, f"{where}: values not written as text: {missing}"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(SITE_EXPORTS))
def test_site_exports_write_no_formula(name, fmt, client, staff_user, evil_world):
    client.force_login(staff_user)
    response = client.get(_site_url(name, evil_world, fmt))
    assert response.status_code == 200
    _check(response.getvalue(), fmt, _values(*SITE_EXPORTS[name]), f"{name} {fmt}")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(ADMIN_EXPORTS))
def test_admin_exports_write_no_formula(name, fmt, client, staff_user, evil_world):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    response = _admin_export(client, name, fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _check(response.content, fmt, _values(*ADMIN_EXPORTS[name]), f"{name} {fmt}")


def test_numbers_stay_numbers():
    dataset = tablib.Dataset(headers=["amount", "text"])
    dataset.append([-1500, "-1500"])
    assert neutralise(-1500) == -1500
    assert _csv_cells(write_dataset(dataset, "csv").encode())[2:] == ["-1500", "'-1500"]
    amount, text = _xlsx_cells(write_dataset(dataset, "xlsx"))[2:]
    assert (amount.value, amount.data_type) == (-1500, "n")
    assert (text.value, text.data_type) == ("-1500", "s")


def test_an_error_code_is_text_in_xlsx_and_plain_text_is_untouched():
    dataset = tablib.Dataset(headers=["a"])
    dataset.append(["#N/A"])
    dataset.append(["PT Swen Inovasi Transfer"])
    cells = _xlsx_cells(write_dataset(dataset, "xlsx"))
    assert [(c.value, c.data_type) for c in cells[1:]] == [("#N/A", "s"), ("PT Swen Inovasi Transfer", "s")]
    assert _csv_cells(write_dataset(dataset, "csv").encode())[1:] == ["#N/A", "PT Swen Inovasi Transfer"]


def test_a_control_character_does_not_break_the_xlsx():
    dataset = tablib.Dataset(headers=["a"])
    dataset.append(["PT\x01 Rusak"])
    assert [c.value for c in _xlsx_cells(write_dataset(dataset, "xlsx"))] == ["a", "PT\ufffd Rusak"]


@pytest.mark.parametrize("value", ["'=1+1", "'+62812", "'-x", "'@x", "'\tx", "'\rx"])
def test_restore_takes_off_the_mark_it_put(value):
    assert restore(value) == value[1:]
    assert restore(neutralise(value[1:])) == value[1:]


@pytest.mark.parametrize("value", ["'quoted'", "'", "Rumah 'Kita'", "plain", 5, None])
def test_restore_leaves_other_values_alone(value):
    assert restore(value) == value


def test_an_exported_firm_imports_again_without_an_apostrophe(db, staff_user):
    """Round trip through the CSV: the legal name comes back as it was, not as "'=…"."""
    sme = factories.make_valid_sme(legal_name="=PT Rumus", trade_name="+Dagang", contact_position="-Kepala")
    exported = write_dataset(SMEResource().export(queryset=SME.objects.filter(pk=sme.pk)), "csv")
    assert "'=PT Rumus" in exported
    sme.delete()  # the same firm, imported anew
    dataset = tablib.Dataset().load(exported.lstrip("\ufeff"), format="csv")
    result = SMEResource().import_data(dataset, dry_run=False, user=staff_user)
    assert not result.has_errors() and not result.rejected_rows
    imported = SME.objects.get()
    assert (imported.legal_name, imported.trade_name, imported.contact_position) == (
        "=PT Rumus",
        "+Dagang",
        "-Kepala",
    )


def test_an_exported_partner_imports_again_without_an_apostrophe(db):
    partner = factories.make_partner(name_en="=Evil Korea", offers="@offers")
    exported = write_dataset(
        KoreanPartnerResource().export(queryset=KoreanPartner.objects.filter(pk=partner.pk)), "csv"
    )
    dataset = tablib.Dataset().load(exported.lstrip("\ufeff"), format="csv")
    result = KoreanPartnerResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    partner.refresh_from_db()
    assert (partner.name_en, partner.offers) == ("=Evil Korea", "@offers")


def test_the_check_refuses_an_admin_that_exports_with_the_plain_formats(monkeypatch):
    from django.contrib import admin
    from import_export.formats import base_formats

    model_admin = admin.site._registry[KoreanPartner]
    assert isinstance(model_admin, KoreanPartnerAdmin)
    assert spreadsheets.admin_exports_are_safe(None) == []
    monkeypatch.setattr(model_admin, "formats", [base_formats.CSV, base_formats.XLSX])
    errors = spreadsheets.admin_exports_are_safe(None)
    assert [error.id for error in errors] == ["mitra.E101", "mitra.E101"]
    assert all(isinstance(error, Error) for error in errors)


def test_no_code_writes_a_spreadsheet_but_the_one_writer():
    """A new export must go through ``write_dataset`` (via ``dataset_response`` or the admin formats)."""
    import re
    from pathlib import Path

    root = Path(spreadsheets.__file__).resolve().parents[2]
    writers = re.compile(
        r"\.export\(\s*(fmt|[\"'](csv|xlsx|tsv|ods|xls)[\"'])|export_set\(|csv\.writer|Workbook\("
    )
    offenders = [
        str(path.relative_to(root))
        for app in ("smes", "surveys", "partnership")
        for path in (root / app).rglob("*.py")
        if path.name != "spreadsheets.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"Spreadsheets written outside partnership/lib/spreadsheets.py: {offenders}"
