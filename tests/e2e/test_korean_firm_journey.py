"""A Korean firm's journey in headless Chromium: it registers in Korean (the page's default), staff
verify it, the firm logs in and finds the pilot firm among the Indonesian firms."""

import re

import pytest
from playwright.sync_api import expect

from partnership.cooperation.validators import with_check_digit
from smes.models import Sector
from tests.factories import make_sme, make_staff

from .conftest import login

pytestmark = pytest.mark.browser

PILOT = "PT Swen Inovasi Transfer"


@pytest.fixture
def journey_page(django_db_serialized_rollback, page):
    return page


def test_a_korean_firm_registers_is_verified_and_finds_the_pilot_firm(journey_page):
    page = journey_page
    make_staff("verifier")
    make_sme(legal_name=PILOT, products="fiberglass biogas digesters")
    make_sme(legal_name="PT Tidak Berbagi", consent_share_korea=False)

    page.goto("/korean-firms/register/")
    expect(page.locator("h1")).to_have_text("한국 기업 등록")
    form = page.locator("#korean-registration-form")
    form.locator("input[name=account-username]").fill("hanbit")
    form.locator("input[name=account-email]").fill("ceo@hanbit.example.kr")
    form.locator("input[name=account-password1]").fill("Seoul-biogas-2026")
    form.locator("input[name=account-password2]").fill("Seoul-biogas-2026")
    form.locator("input[name=name_ko]").fill("한빛바이오가스")
    form.locator("input[name=name_en]").fill("Hanbit Biogas")
    form.locator("input[name=brn]").fill(with_check_digit("305810909"))
    form.locator("select[name=region]").select_option("KR-44")
    form.locator("select[name=sector]").select_option(str(Sector.objects.get(code="metal").pk))
    form.locator("select[name=size]").select_option("small")
    form.locator("textarea[name=offers]").fill("Biogas digester design and fiberglass moulds")
    form.locator("textarea[name=needs]").fill("Fiberglass digester makers in Indonesia")
    form.locator("input[name=cooperation_forms]").first.check()
    form.locator("select[name=preferred_provinces]").select_option("32")
    form.locator("input[name=contact_name]").fill("김민수")
    form.locator("input[name=contact_email]").fill("minsu@hanbit.example.kr")
    form.locator("input[name=consent_contact]").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/korean-firms/my-firm/$"))
    expect(page.locator(".partner-status")).to_have_text("제출됨")

    # Before the verification, no Indonesian firm.
    response = page.goto("/korean-firms/firms/")
    assert response.status == 403

    page.context.clear_cookies()
    login(page, "verifier")
    page.goto("/korean-firms/staff/")
    page.get_by_role("link", name="한빛바이오가스").click()
    decision = page.locator("form.partner-decision-form")
    decision.locator("input[name=decision][value=verify]").check()
    decision.locator("button[type=submit]").click()
    expect(page.locator(".partner-status")).to_have_text(re.compile("terverifikasi|verified|검증 완료"))

    page.context.clear_cookies()
    login(page, "hanbit", "Seoul-biogas-2026")
    expect(page).to_have_url(re.compile(r"/korean-firms/firms/$"))
    expect(page.locator(".firm-table")).to_contain_text(PILOT)
    expect(page.locator(".firm-table")).not_to_contain_text("PT Tidak Berbagi")
    expect(page.locator(".suggested-matches")).to_contain_text(PILOT)
    page.locator(".firm-table").get_by_role("link", name=PILOT).click()
    expect(page.locator("h1")).to_have_text(PILOT)
    expect(page.locator("main")).not_to_contain_text("@example.com")
