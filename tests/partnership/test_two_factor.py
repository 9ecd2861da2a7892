"""Two-factor authentication: enrolment, the code step of the login, recovery codes, throttling,
and the rule that staff (with MITRA_2FA_REQUIRED) reach nothing before they enrol."""

import re
import time
from binascii import unhexlify

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts import twofactor
from tests import factories

pytestmark = pytest.mark.django_db

ENROL = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/code/"
STATUS = "/accounts/two-factor/"
CODES = "/accounts/two-factor/recovery-codes/"
DISABLE = "/accounts/two-factor/turn-off/"
STAFF_PAGE = "/sme/staff/"


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrol(client) -> tuple[str, list[str]]:
    """Enrol the logged-in user; return the device key and the recovery codes."""
    client.get(ENROL)
    key = client.session[twofactor.PENDING_KEY]
    response = client.post(ENROL, {"code": code_for(key)})
    assert response.status_code == 302, response.context["form"].errors
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8})</li>", client.get(CODES).content.decode())
    return key, codes


def log_in_with_password(client, user):
    client.logout()
    response = client.post("/accounts/login/", {"username": user.username, "password": "pass-1234-word"})
    assert response.status_code == 302


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# Enrolment ---------------------------------------------------------------------------------------
def test_the_enrolment_page_shows_an_inline_svg_qr_code_and_the_secret(staff_client):
    body = staff_client.get(ENROL).content.decode()
    key = staff_client.session[twofactor.PENDING_KEY]
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert "<path" in svg
    assert "style=" not in svg and "data:" not in body and "<script>" not in body
    assert twofactor.manual_secret(key) in body
    assert "Pindai" in body or "QR" in body
    # Reloading keeps the same secret until it is confirmed.
    staff_client.get(ENROL)
    assert staff_client.session[twofactor.PENDING_KEY] == key


def test_a_wrong_first_code_is_refused_and_nothing_is_written(staff_client, staff_user):
    staff_client.get(ENROL)
    key = staff_client.session[twofactor.PENDING_KEY]
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = staff_client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert wrong in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff_user).exists()


def test_enrolment_creates_a_device_and_shows_ten_recovery_codes_once(staff_client, staff_user):
    key, codes = enrol(staff_client)
    device = TOTPDevice.objects.get(user=staff_user)
    assert device.confirmed and device.key == key
    assert len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=staff_user).values_list("token", flat=True)) == set(
        codes
    )
    assert staff_client.get(CODES).status_code == 302  # shown once
    assert staff_client.get(STAFF_PAGE).status_code == 200  # the enrolling session is verified


def test_setting_up_again_replaces_the_device_and_the_recovery_codes(staff_client, staff_user):
    old_key, old_codes = enrol(staff_client)
    staff_client.get(ENROL)
    new_key = staff_client.session[twofactor.PENDING_KEY]
    assert new_key != old_key
    staff_client.post(ENROL, {"code": code_for(new_key)})
    assert list(TOTPDevice.objects.filter(user=staff_user).values_list("key", flat=True)) == [new_key]
    assert not StaticToken.objects.filter(token__in=old_codes, device__user=staff_user).exists()


def test_an_owner_cannot_enrol(client, owner_user):
    client.force_login(owner_user)
    assert client.get(ENROL).status_code == 403
    assert client.get(STATUS).status_code == 403


# The code step of the login --------------------------------------------------------------------
def test_after_the_password_an_enrolled_user_must_enter_a_code(staff_client, staff_user):
    key, _ = enrol(staff_client)
    log_in_with_password(staff_client, staff_user)
    response = staff_client.get(STAFF_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert staff_client.get("/admin/").status_code == 302  # the admin too
    assert staff_client.post("/admin/auth/user/", {}).status_code == 302

    response = staff_client.post(VERIFY, {"code": "000000", "next": STAFF_PAGE})
    assert response.status_code == 200
    assert "Kode tersebut tidak valid" in response.content.decode()
    assert staff_client.get(STAFF_PAGE).status_code == 302


def test_a_right_code_verifies_the_session(staff_client, staff_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, _ = enrol(staff_client)
    log_in_with_password(staff_client, staff_user)
    response = staff_client.post(VERIFY, {"code": code_for(key, steps_ahead=1), "next": STAFF_PAGE})
    assert response.status_code == 302 and response["Location"] == STAFF_PAGE
    assert staff_client.get(STAFF_PAGE).status_code == 200
    assert staff_client.get("/admin/").status_code == 200


def test_a_code_is_not_accepted_twice(staff_client, staff_user):
    # The clock stands still, so that the login's code is the enrolment's.
    with time_machine.travel(time.time(), tick=False):
        key, _ = enrol(staff_client)
        log_in_with_password(staff_client, staff_user)
        response = staff_client.post(VERIFY, {"code": code_for(key)})
    assert response.status_code == 200
    assert staff_client.get(STAFF_PAGE).status_code == 302


def test_a_recovery_code_logs_in_once(staff_client, staff_user, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    _, codes = enrol(staff_client)
    log_in_with_password(staff_client, staff_user)
    response = staff_client.post(VERIFY, {"code": codes[0].upper(), "next": STAFF_PAGE}, follow=True)
    assert response.redirect_chain[-1][0] == STAFF_PAGE
    assert "9" in response.content.decode()  # codes left
    log_in_with_password(staff_client, staff_user)
    response = staff_client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=staff_user).count() == 9


def test_wrong_codes_are_throttled_even_before_a_right_one(staff_client, staff_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    key, _ = enrol(staff_client)
    log_in_with_password(staff_client, staff_user)
    staff_client.post(VERIFY, {"code": "000000"})
    response = staff_client.post(VERIFY, {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 200
    assert "Terlalu banyak kode yang salah" in response.content.decode()
    assert staff_client.get(STAFF_PAGE).status_code == 302
    assert TOTPDevice.objects.get(user=staff_user).throttling_failure_count == 1


def test_the_code_page_does_not_follow_a_foreign_next(staff_client, staff_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, _ = enrol(staff_client)
    log_in_with_password(staff_client, staff_user)
    response = staff_client.post(
        VERIFY, {"code": code_for(key, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_user_without_a_device_is_not_asked_for_a_code(client, korean_user):
    client.force_login(korean_user)
    assert client.get("/stages/").status_code == 200
    assert client.get(VERIFY).status_code == 302


def test_an_enrolled_korean_team_member_is_asked_for_a_code(client, korean_user):
    client.force_login(korean_user)
    enrol(client)
    log_in_with_password(client, korean_user)
    response = client.get("/stages/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


# Required for staff --------------------------------------------------------------------------------
def test_with_2fa_required_staff_reach_only_the_enrolment_page(staff_client, settings):
    settings.MITRA_2FA_REQUIRED = True
    for url in (STAFF_PAGE, "/admin/", "/admin/auth/user/", "/"):
        response = staff_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), url
    assert staff_client.get(ENROL).status_code == 200
    enrol(staff_client)
    assert staff_client.get(STAFF_PAGE).status_code == 200


def test_with_2fa_required_a_superuser_must_enrol_too(client, settings):
    settings.MITRA_2FA_REQUIRED = True
    client.force_login(factories.make_user("root", is_staff=True, is_superuser=True))
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_with_2fa_required_owners_and_the_korean_team_are_not_held(client, owner_user, korean_user, settings):
    settings.MITRA_2FA_REQUIRED = True
    client.force_login(korean_user)
    assert client.get("/stages/").status_code == 200
    client.force_login(owner_user)
    assert client.get("/sme/my-firm/").status_code in {200, 302}
    assert not client.get("/sme/my-firm/").get("Location", "").startswith(ENROL)


def test_a_setting_requires_2fa_for_the_korean_team(client, korean_user, settings):
    settings.MITRA_2FA_REQUIRED_KOREAN_TEAM = True
    client.force_login(korean_user)
    assert client.get("/stages/")["Location"].startswith(ENROL)


def test_with_2fa_required_it_cannot_be_turned_off(staff_client, staff_user, settings):
    settings.MITRA_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, _ = enrol(staff_client)
    response = staff_client.post(DISABLE, {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=staff_user).exists()


# Turning it off -------------------------------------------------------------------------------------
def test_turning_it_off_needs_a_valid_code(staff_client, staff_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key, _ = enrol(staff_client)
    response = staff_client.post(DISABLE, {"code": "000000"})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=staff_user).exists()
    assert staff_client.get(DISABLE).status_code == 405
    response = staff_client.post(DISABLE, {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    log_in_with_password(staff_client, staff_user)
    assert staff_client.get(STAFF_PAGE).status_code == 200


# Settings ----------------------------------------------------------------------------------------
def test_2fa_is_required_in_production_and_relaxed_with_debug_or_the_setting():
    from tests.test_settings import _settings_value

    assert _settings_value("s.MITRA_2FA_REQUIRED") == "True"
    assert _settings_value("s.MITRA_2FA_REQUIRED", DEBUG="1") == "False"
    assert _settings_value("s.MITRA_2FA_REQUIRED", MITRA_2FA_REQUIRED="false") == "False"
    assert _settings_value("s.MITRA_2FA_REQUIRED_KOREAN_TEAM") == "False"


def test_the_deploy_check_warns_when_2fa_is_not_required(settings):
    from partnership.accounts.checks import two_factor_is_required

    settings.MITRA_2FA_REQUIRED = False
    assert [w.id for w in two_factor_is_required(None)] == ["mitra.W101"]
    settings.MITRA_2FA_REQUIRED = True
    assert two_factor_is_required(None) == []
