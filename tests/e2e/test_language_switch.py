"""Switching the language never loses what was typed: the registration form and the profile edit.

The language buttons submit the page's form to its own view (static/js/language-switch.js), which
shows what was typed in the new language without saving it (partnership/language_switch.py).
Passwords are the one exception. Without JavaScript the switch still works; the form starts empty.
"""

import re

import pytest
from playwright.sync_api import expect

from smes.models import SME, CooperationForm, Sector
from tests.factories import make_sme, make_user, valid_npwp

from .conftest import login

pytestmark = pytest.mark.browser

PASSWORD = "Biogas-digester-2007"


@pytest.fixture
def journey_page(django_db_serialized_rollback, page):
    return page


def switch_to(page, language: str) -> None:
    page.locator(f"button[data-language={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


# ---------------------------------------------------------------- registration (anonymous)

REGISTRATION_TEXT = {
    "username": "tangki",
    "email": "owner@tangki.example",
    "legal_name": "PT Tangki Biogas Nusantara",
    "nib": "9120301234567",
    "npwp": valid_npwp(4343),
}
REGISTRATION_SELECTS = {"legal_form": "cv", "language": "en"}


def fill_registration(form) -> None:
    for name, value in REGISTRATION_TEXT.items():
        form.locator(f"input[name={name}]").fill(value)
    for name, value in REGISTRATION_SELECTS.items():
        form.locator(f"select[name={name}]").select_option(value)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)


def expect_registration_kept(form) -> None:
    for name, value in REGISTRATION_TEXT.items():
        expect(form.locator(f"input[name={name}]")).to_have_value(value)
    for name, value in REGISTRATION_SELECTS.items():
        expect(form.locator(f"select[name={name}]")).to_have_value(value)
    # The honest exception: passwords are never sent back, and the page says so.
    expect(form.locator("input[name=password1]")).to_have_value("")
    expect(form.locator("input[name=password2]")).to_have_value("")
    expect(form.locator("#retype-password")).to_be_visible()


def test_the_registration_form_keeps_what_was_typed_across_language_switches(journey_page):
    page = journey_page
    page.goto("/sme/register/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    form = page.locator("form.registration-form")
    fill_registration(form)

    switch_to(page, "ko")
    expect(page.locator("h1")).to_have_text("기업 등록하기")
    expect(page).to_have_url(re.compile(r"/sme/register/$"))
    expect_registration_kept(form)
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert not SME.objects.exists()

    switch_to(page, "en")
    expect(page.locator("h1")).to_have_text("Register your firm")
    expect_registration_kept(form)

    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    # Enter in a field still submits the registration, not a language switch.
    form.locator("input[name=password2]").press("Enter")
    expect(page).to_have_url(re.compile(r"/sme/my-firm/edit/$"))

    sme = SME.objects.select_related("owner").get()
    assert (sme.legal_name, sme.legal_form, sme.nib, sme.language) == (
        "PT Tangki Biogas Nusantara",
        "cv",
        "9120301234567",
        "en",
    )
    assert (sme.owner.username, sme.owner.email) == ("tangki", "owner@tangki.example")
    assert sme.owner.check_password(PASSWORD)

    # Nothing typed before lingers anywhere: a reload shows the saved firm.
    page.reload()
    expect(page.locator("form.profile-form input[name=legal_name]")).to_have_value(
        "PT Tangki Biogas Nusantara"
    )


def test_without_javascript_the_switch_still_changes_the_language_and_saves_nothing(
    browser, live_server, journey_page
):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/sme/register/")
        form = page.locator("form.registration-form")
        fill_registration(form)

        switch_to(page, "ko")

        # A plain POST to set_language: same page, in Korean, and (honestly) an empty form.
        expect(page).to_have_url(re.compile(r"/sme/register/$"))
        expect(page.locator("h1")).to_have_text("기업 등록하기")
        expect(form.locator("input[name=legal_name]")).to_have_value("")
        assert not SME.objects.exists()
    finally:
        context.close()


# ---------------------------------------------------------------- profile edit (the owner)


@pytest.fixture
def owner_page(journey_page):
    owner = make_user("pemilik-uji")
    make_sme(
        owner=owner,
        status=SME.Status.DRAFT,
        legal_name="PT Lama",
        cooperation_interests=[],
        consent_publish=False,
        consent_share_korea=False,
        consent_data_processing=False,
    )
    login(journey_page, "pemilik-uji")
    return journey_page


def profile_values() -> dict:
    sector = str(Sector.objects.get(code="food_processing").pk)
    interests = [
        str(pk)
        for pk in CooperationForm.objects.filter(code__in=["investment", "training"]).values_list(
            "pk", flat=True
        )
    ]
    return {
        "text": {
            "legal_name": "PT Tangki Biogas Nusantara",
            "trade_name": "Tangki Hijau",
            "nib": "9120301234999",
            "npwp": valid_npwp(4444),
            "owner_nik": "3603011508850001",
            "postal_code": "15710",
            "kbli_codes": "25112, 28291",
            "export_markets": "Malaysia, Korea",
            "capital": "3.000.000.000",
            "annual_sales": "12.000.000.000",
            "contact_name": "Siti Rahma",
            "contact_position": "Direktur",
            "contact_email": "siti@tangki.example",
            "contact_phone": "0812 9876 5432",
        },
        "number": {"year_founded": "2007", "employees": "42"},
        "textarea": {
            "address": "Jl. Raya Serang Km. 3",
            "products": "Fibreglass biogas digesters",
            "eco_practices": "Biogas from cattle waste",
        },
        # In page order: the province before its regency (regions.js narrows the regency list).
        "select": {
            "legal_form": "cv",
            "province": "36",
            "regency": "3603",
            "sector": sector,
            "language": "ko",
        },
        "checked": {"full_year_sales", "consent_share_korea", "consent_data_processing"},
        "unchecked": {"consent_publish"},
        "multiple": {"certifications": ["halal", "iso9001"], "cooperation_interests": interests},
    }


def fill_profile(form, values) -> None:
    for kind in ("text", "number"):
        for name, value in values[kind].items():
            form.locator(f"input[name={name}]").fill(value)
    for name, value in values["textarea"].items():
        form.locator(f"textarea[name={name}]").fill(value)
    for name, value in values["select"].items():
        form.locator(f"select[name={name}]").select_option(value)
    for name in values["checked"]:
        form.locator(f"input[name={name}]").check()
    for name, chosen in values["multiple"].items():
        for value in chosen:
            form.locator(f"input[name={name}][value='{value}']").check()


def expect_profile(form, values) -> None:
    for kind in ("text", "number"):
        for name, value in values[kind].items():
            expect(form.locator(f"input[name={name}]")).to_have_value(value)
    for name, value in values["textarea"].items():
        expect(form.locator(f"textarea[name={name}]")).to_have_value(value)
    for name, value in values["select"].items():
        expect(form.locator(f"select[name={name}]")).to_have_value(value)
    for name in values["checked"]:
        expect(form.locator(f"input[name={name}]")).to_be_checked()
    for name in values["unchecked"]:
        expect(form.locator(f"input[name={name}]")).not_to_be_checked()
    for name, chosen in values["multiple"].items():
        boxes = form.locator(f"input[name={name}]")
        for i in range(boxes.count()):
            box = boxes.nth(i)
            if box.get_attribute("value") in chosen:
                expect(box).to_be_checked()
            else:
                expect(box).not_to_be_checked()
    # The dependent select still lists only the chosen province's regencies.
    regencies = form.locator("select[name=regency] option:not([value=''])")
    codes = regencies.evaluate_all("options => options.map(o => o.value)")
    assert codes and all(code.startswith(values["select"]["province"]) for code in codes)


def test_the_profile_form_keeps_what_was_typed_across_language_switches(owner_page):
    page = owner_page
    page.goto("/sme/my-firm/edit/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    form = page.locator("form.profile-form")
    values = profile_values()
    fill_profile(form, values)

    switch_to(page, "ko")
    expect(page.locator("h1")).to_contain_text("PT Lama 프로필")  # the stored firm until it is saved
    expect(page).to_have_url(re.compile(r"/sme/my-firm/edit/$"))
    expect_profile(form, values)
    expect(page.locator(".alert-danger")).to_have_count(0)
    assert SME.objects.get().legal_name == "PT Lama"

    switch_to(page, "en")
    expect(page.locator("h1")).to_contain_text("Profile of PT Lama")
    expect_profile(form, values)

    form.locator("button[name=action][value=save]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    sme = SME.objects.get()
    assert sme.legal_name == "PT Tangki Biogas Nusantara"
    assert (sme.regency_id, sme.province_id, sme.employees, sme.year_founded) == ("3603", "36", 42, 2007)
    assert sme.kbli_codes == "25112, 28291"
    assert sorted(sme.certifications) == ["halal", "iso9001"]
    assert sorted(sme.cooperation_interests.values_list("code", flat=True)) == ["investment", "training"]
    assert (sme.full_year_sales, sme.consent_publish, sme.consent_share_korea) == (True, False, True)
    assert sme.language == "ko"

    # The saved profile, not a stale copy, is what a reload shows; unsaved edits do not linger.
    form.locator("input[name=trade_name]").fill("Not saved")
    page.reload()
    expect(form.locator("input[name=trade_name]")).to_have_value("Tangki Hijau")
    expect(form.locator("input[name=legal_name]")).to_have_value("PT Tangki Biogas Nusantara")
    expect(form.locator("select[name=regency]")).to_have_value("3603")


def test_switching_elsewhere_keeps_the_current_url(journey_page):
    page = journey_page
    page.goto("/sme/directory/?q=biogas")

    switch_to(page, "ko")

    expect(page).to_have_url(re.compile(r"/sme/directory/\?q=biogas$"))
    expect(page.locator("form.directory-filters input[name=q]")).to_have_value("biogas")
