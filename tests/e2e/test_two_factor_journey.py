"""A staff member, required to use two-factor authentication, enrols from the page (QR code and
secret), logs out, and logs in again with password and code; a wrong code is refused."""

import re
import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import make_staff

from .conftest import login

pytestmark = pytest.mark.browser


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """What the phone's app would show for the secret read from the page."""
    compact = secret.replace(" ", "")
    key = b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_staff_enrol_then_log_in_with_password_and_code(django_db_serialized_rollback, page, settings):
    settings.MITRA_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    make_staff("staf-2fa")
    staff_list = reverse("smes:staff_list")

    # Held at the enrolment page: the staff list is out of reach until enrolled.
    login(page, "staf-2fa")
    page.goto(staff_list)
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:enrol"))))
    expect(page.locator(".qr-code-box svg")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text()

    page.fill("input[name=code]", code_from_secret(secret))
    page.locator("form.enrol-form button[type=submit]").click()
    codes = page.locator("ul.recovery-codes li")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Saya sudah menyimpan kode saya").click()
    expect(page).to_have_url(re.compile(re.escape(staff_list) + "$"))

    # Log out, log in with the password: the code is asked for.
    page.locator("nav .dropdown-toggle").last.click()
    page.locator("nav form[action$='/logout/'] button").click()
    login(page, "staf-2fa")
    page.goto(staff_list)
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:verify"))))

    # A wrong code is refused with a message; the right one leads on to the staff list.
    wrong = f"{(int(code_from_secret(secret, steps_ahead=1)) + 1) % 1_000_000:06d}"
    page.fill("input[name=code]", wrong)
    page.locator("form.verify-form button[type=submit]").click()
    expect(page.locator("form.verify-form")).to_contain_text("Kode tersebut tidak valid")
    page.fill("input[name=code]", code_from_secret(secret, steps_ahead=1))
    page.locator("form.verify-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(staff_list) + "$"))
    expect(page.locator("h1")).to_be_visible()
