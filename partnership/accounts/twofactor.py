"""Two-factor authentication on django-otp: one TOTP device plus recovery codes per account.

The session remembers at login whether the account has a confirmed device (``DEVICE_FLAG``), so
that the middleware asks no query on the requests of the many accounts without one.
"""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from . import policy

DEVICE_FLAG = "mitra_2fa_device"
PENDING_KEY = "mitra_2fa_pending_key"
NEW_CODES = "mitra_2fa_new_codes"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator"


def has_device(request) -> bool:
    """Does the logged-in account have a confirmed device? (cached in the session)"""
    flag = request.session.get(DEVICE_FLAG)
    if flag is None:
        flag = remember_device(request)
    return flag


def remember_device(request, user=None) -> bool:
    """Look the device up (at login, or when the session does not know) and remember it."""
    user = user or request.user
    flag = policy.two_factor_allowed(user) and user_has_device(user, confirmed=True)
    request.session[DEVICE_FLAG] = flag
    return flag


def pending_key(request) -> str:
    """The secret being enrolled, kept in the session until the first code confirms it."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = default_key()
        request.session[PENDING_KEY] = key
    return key


def manual_secret(key: str) -> str:
    """The secret as authenticator apps ask for it: base32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(user, key: str) -> str:
    """Inline SVG markup of the otpauth:// URI (no data: URI, no style attribute: CSP-safe)."""
    device = TOTPDevice(user=user, name=DEVICE_NAME, key=key)
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=2,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title=_("QR code for your authenticator app"),
    )


def confirm_enrolment(user, key: str, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Replace the account's devices by a TOTP device on ``key`` if ``code`` matches it.

    Returns the device and the new recovery codes, or None (nothing written) for a wrong code.
    """
    device = TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
        return None
    device.last_t = totp.t()  # the confirming code cannot be used again
    device.drift = totp.drift
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        remove_devices(user)
        device.save()
        static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=static, token=token) for token in codes)
    return device, codes


def remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its tokens go with it


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(user, code: str):
    """``(device, "")`` when ``code`` is valid for one of the user's devices, else ``(None, message)``.

    Six digits are an authenticator code, anything else a recovery code (used up by this call).
    Each device throttles itself (django-otp): after a wrong code it refuses every code for a
    delay that doubles with each further failure, whatever session or address the codes come from.
    """
    model = TOTPDevice if (code.isdigit() and len(code) == 6) else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        if not devices:
            return None, _("That code is not valid. Check it and try again.")
        for device in devices:
            allowed, extra = device.verify_is_allowed()
            if not allowed:
                if extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                    return None, _(
                        "Too many wrong codes (%(count)d). Wait a moment before you try again."
                    ) % {"count": extra.get("failure_count", 0)}
                return None, _("Codes cannot be checked right now. Try again later.")
            if device.verify_token(code):
                return device, ""
    return None, _("That code is not valid. Check it and try again.")
