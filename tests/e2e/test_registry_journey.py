"""The registry's main journey in headless Chromium: a firm registers through the real pages, staff
verify it on the staff page, it appears in the public directory; and the language switcher."""

import re

import pytest
from playwright.sync_api import expect

from smes.models import Sector
from tests.factories import make_staff, valid_npwp

from .conftest import login

pytestmark = pytest.mark.browser

FIRM = "PT Tangki Biogas Nusantara"


@pytest.fixture
def journey_page(django_db_serialized_rollback, page):
    # Serialized rollback keeps the reference data of the migrations (regencies, sectors) across
    # transactional tests.
    return page


def register_firm(page) -> None:
    page.goto("/sme/register/")
    form = page.locator("form.registration-form")
    form.locator("input[name=username]").fill("tangki")
    form.locator("input[name=email]").fill("owner@tangki.example")
    form.locator("input[name=password1]").fill("Biogas-digester-2007")
    form.locator("input[name=password2]").fill("Biogas-digester-2007")
    form.locator("input[name=legal_name]").fill(FIRM)
    form.locator("select[name=legal_form]").select_option("pt")
    form.locator("input[name=nib]").fill("9120301234567")
    form.locator("input[name=npwp]").fill(valid_npwp(4242))
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sme/my-firm/edit/$"))

    profile = page.locator("form.profile-form")
    profile.locator("input[name=year_founded]").fill("2007")
    profile.locator("textarea[name=address]").fill("Jl. Raya Ciomas No. 12")
    profile.locator("select[name=province]").select_option("32")
    profile.locator("select[name=regency]").select_option("3201")
    profile.locator("select[name=sector]").select_option(str(Sector.objects.get(code="metal").pk))
    profile.locator("textarea[name=products]").fill("Fibreglass biogas digesters")
    profile.locator("input[name=employees]").fill("25")
    profile.locator("input[name=capital]").fill("2.000.000.000")
    profile.locator("input[name=annual_sales]").fill("8.000.000.000")
    profile.locator("input[name=cooperation_interests]").first.check()
    profile.locator("input[name=contact_name]").fill("Budi Santoso")
    profile.locator("input[name=contact_email]").fill("budi@tangki.example")
    profile.locator("input[name=contact_phone]").fill("0812 3456 7890")
    profile.locator("input[name=consent_publish]").check()
    profile.locator("input[name=consent_data_processing]").check()
    profile.locator("button[name=action][value=submit]").click()

    expect(page).to_have_url(re.compile(r"/sme/my-firm/$"))
    expect(page.locator("main")).to_contain_text(re.compile(r"UKM-\d{4}-\d{4}"))


def test_a_registered_firm_is_verified_by_staff_and_appears_in_the_directory(journey_page):
    page = journey_page
    make_staff("verifier")

    register_firm(page)

    # Not in the directory before the ministry verifies it.
    page.context.clear_cookies()
    page.goto("/sme/directory/?q=Tangki")
    expect(page.locator(".directory-results")).to_have_count(0)

    login(page, "verifier")
    page.goto("/sme/staff/")
    page.get_by_role("link", name=FIRM).click()
    expect(page.locator("h1")).to_have_text(FIRM)
    decision = page.locator("form.decision-form")
    decision.locator("input[name=decision][value=verified]").check()
    decision.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(FIRM)
    expect(page.locator(".timeline")).to_contain_text("verifier")

    page.context.clear_cookies()
    page.goto("/sme/directory/")
    page.locator("form.directory-filters input[name=q]").fill("tangki")
    page.locator("form.directory-filters button[type=submit]").click()
    card = page.locator(".directory-card")
    expect(card).to_have_count(1)
    card.get_by_role("link", name=FIRM).click()
    expect(page.locator("h1")).to_have_text(FIRM)
    expect(page.locator("main")).to_contain_text("Fibreglass biogas digesters")
    expect(page.locator("main")).not_to_contain_text("Budi Santoso")
    expect(page.locator("main")).not_to_contain_text("budi@tangki.example")


def test_switching_the_language_to_korean_changes_the_page(journey_page):
    page = journey_page
    page.goto("/sme/directory/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text("Direktori UKM terverifikasi")

    page.locator("button[data-language=ko]").click()

    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("검증 완료 중소기업 디렉터리")
    expect(page.locator("button[data-language=ko]")).to_have_attribute("aria-current", "true")
    expect(page.locator("button[data-language=id]")).not_to_have_attribute("aria-current", "true")
    expect(page).to_have_url(re.compile(r"/sme/directory/$"))
