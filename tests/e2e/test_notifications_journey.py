"""Notifications in headless Chromium: staff verify a firm, its owner sees the bell's count, opens
the list, follows the link to the firm and marks the rest read."""

import re

import pytest
from playwright.sync_api import expect

from partnership.notifications.models import Notification
from smes.models import SME
from tests.factories import make_sme, make_staff, make_user

from .conftest import login

pytestmark = pytest.mark.browser

FIRM = "PT Lonceng Nusantara"


@pytest.fixture
def journey_page(django_db_serialized_rollback, page):
    return page


def test_the_owner_is_notified_of_the_verification_and_reads_it(journey_page):
    page = journey_page
    make_staff("verifier")
    owner = make_user("lonceng")
    make_sme(owner=owner, legal_name=FIRM, status=SME.Status.SUBMITTED, reference="UKM-2026-0777")
    # An older notification that the owner has not read yet.
    Notification.objects.create(recipient=owner, kind="roster_added", params={"programme": "ASEIC 2026"})

    login(page, "verifier")
    page.goto("/sme/staff/")
    page.get_by_role("link", name=FIRM).click()
    decision = page.locator("form.decision-form")
    decision.locator("input[name=decision][value=verified]").check()
    decision.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(FIRM)

    page.context.clear_cookies()
    login(page, "lonceng")
    page.goto("/")
    bell = page.locator("a.notification-bell")
    expect(bell.locator(".notification-count")).to_have_text("2")
    bell.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    items = page.locator("li.notification")
    expect(items).to_have_count(2)
    newest = items.first
    # In the reader's language (Indonesian here), whatever language the mail was in.
    expect(newest).to_contain_text("UKM-2026-0777")
    expect(newest).to_contain_text("terverifikasi")
    newest.locator("button.notification-open").click()
    expect(page).to_have_url(re.compile(r"/sme/my-firm/$"))
    expect(page.locator("h1")).to_contain_text(FIRM)
    expect(page.locator("a.notification-bell .notification-count")).to_have_text("1")

    page.locator("a.notification-bell").click()
    expect(page.locator("li.notification-unread")).to_have_count(1)
    page.locator("li.notification-unread button.notification-mark-read").click()
    expect(page.locator("li.notification-unread")).to_have_count(0)
    expect(page.locator("a.notification-bell .notification-count")).to_have_count(0)
    expect(page.locator("a.notification-bell")).to_have_attribute("data-unread", "0")
