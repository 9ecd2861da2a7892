"""Each right of UU 27/2022 end to end in the browser: the owner asks, staff act where they must,
the owner sees the result (access, consent, correction, erasure carried out, erasure refused)."""

import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_sme, make_staff, make_user

from .conftest import login

pytestmark = pytest.mark.browser


def _owner_firm(username="pemilik"):
    owner = make_user(username, email=f"{username}@example.com")
    return owner, make_sme(owner=owner, legal_name=f"PT Data {username.title()}")


def _open_rights(page):
    page.goto(reverse("smes:my_firm"))
    page.locator("#privacy-rights-link").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("privacy:rights")) + "$"))


def _log_out(page):
    page.context.clear_cookies()


def test_access_the_owner_downloads_the_zip_from_the_link_it_was_sent(django_db_serialized_rollback, page):
    owner, sme = _owner_firm()
    login(page, "pemilik")
    _open_rights(page)
    page.locator("button[data-action=export]").click()
    expect(page.locator(".export-ready")).to_be_visible()
    link = next(line for m in mail.outbox for line in m.body.splitlines() if "/export/" in line).strip()
    with page.expect_download() as download_info:
        # The mail's link, opened from a page of the portal (a download, not a page).
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }",
            link.removeprefix(settings.SITE_URL),
        )
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    data = json.loads(archive.read("data.json"))
    assert data["profile"][0]["legal_name"] == sme.legal_name
    expect(page.locator("table.requests tr[data-kind=access][data-status=done]")).to_have_count(1)


def test_consent_withdrawn_then_given_again_shows_at_once_in_the_directory(
    django_db_serialized_rollback, page
):
    owner, sme = _owner_firm()
    login(page, "pemilik")
    _open_rights(page)
    page.locator("[data-consent=consent_publish] button").click()
    expect(page.locator("[data-consent=consent_publish] .badge.text-bg-secondary")).to_be_visible()
    expect(page.locator("ul.consent-history li")).to_have_count(1)
    _log_out(page)
    page.goto(reverse("smes:directory"))
    expect(page.get_by_text(sme.legal_name)).to_have_count(0)
    login(page, "pemilik")
    _open_rights(page)
    page.locator("[data-consent=consent_publish] button").click()
    expect(page.locator("ul.consent-history li")).to_have_count(2)
    _log_out(page)
    page.goto(reverse("smes:directory"))
    expect(page.get_by_text(sme.legal_name).first).to_be_visible()


def test_correction_the_staff_see_the_new_contact_and_the_owner_sees_the_staff_access(
    django_db_serialized_rollback, page
):
    owner, sme = _owner_firm()
    make_staff("staf")
    login(page, "pemilik")
    _open_rights(page)
    page.locator(f"a[href='{reverse('privacy:correction')}']").click()
    page.fill("input[name=contact_email]", "bukan-alamat")
    page.fill("input[name=contact_name]", "Sari Dewi")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=contact_name]")).to_have_value("Sari Dewi")  # kept on the error
    page.fill("input[name=contact_email]", "sari@example.com")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("table.requests tr[data-kind=correction][data-status=done]")).to_have_count(1)
    _log_out(page)
    login(page, "staf")
    page.goto(reverse("smes:staff_detail", args=[sme.pk]))
    expect(page.get_by_text("Sari Dewi")).to_be_visible()
    _log_out(page)
    login(page, "pemilik")
    page.goto(reverse("privacy:who_accessed"))
    expect(page.locator("table.access-lines tr[data-what=identifiers]")).to_have_count(1)


def _ask_erasure(page):
    login(page, "pemilik")
    _open_rights(page)
    page.locator(f"a[href='{reverse('privacy:erasure')}']").click()
    page.fill("textarea[name=reason]", "Usaha kami berhenti.")
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("table.requests tr[data-kind=erasure][data-status=open]")).to_have_count(1)
    _log_out(page)


def test_erasure_carried_out_the_owner_is_told_and_can_no_longer_log_in(django_db_serialized_rollback, page):
    owner, sme = _owner_firm()
    make_staff("staf")
    _ask_erasure(page)
    login(page, "staf")
    page.goto(reverse("privacy:staff_requests"))
    page.locator("table.open-requests a").first.click()
    page.locator("form:has(input[value=erase]) button").click()
    expect(page.get_by_text("Tidak ada permintaan yang belum ditangani.")).to_be_visible()
    _log_out(page)
    assert any(owner.email in m.to and "dihapus" in m.subject for m in mail.outbox)
    login(page, "pemilik")
    expect(page).to_have_url(re.compile(re.escape("/accounts/login/")))


def test_erasure_refused_the_owner_reads_the_reason(django_db_serialized_rollback, page):
    owner, sme = _owner_firm()
    make_staff("staf")
    _ask_erasure(page)
    login(page, "staf")
    page.goto(reverse("privacy:staff_requests"))
    page.locator("table.open-requests a").first.click()
    page.locator("form:has(input[value=refuse]) button").click()
    expect(page.locator("textarea[name=reason]")).to_be_visible()  # a reason is needed
    page.fill("textarea[name=reason]", "Arsip wajib disimpan selama 10 tahun.")
    page.locator("form:has(input[value=refuse]) button").click()
    _log_out(page)
    login(page, "pemilik")
    page.goto(reverse("privacy:rights"))
    expect(page.locator("table.requests tr[data-kind=erasure][data-status=refused]")).to_contain_text(
        "Arsip wajib disimpan selama 10 tahun."
    )
