"""Holds a logged-in but unverified session at the code page, or at the enrolment page where
two-factor authentication is required and the account has no device yet. After django-otp's
``OTPMiddleware``; covers every URL, the Django admin included."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import policy, twofactor

# What a held session may still open.
OPEN_WHILE_UNVERIFIED = {"accounts:verify", "logout", "admin:logout", "set_language"}
OPEN_WHILE_UNENROLLED = {
    "accounts:two_factor",
    "accounts:enrol",
    "accounts:recovery_codes",
    "logout",
    "admin:logout",
    "set_language",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        held = self.hold(request)
        return held if held is not None else self.get_response(request)

    def hold(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if twofactor.has_device(request):
            target, open_names = "accounts:verify", OPEN_WHILE_UNVERIFIED
        elif policy.two_factor_required(user):
            target, open_names = "accounts:enrol", OPEN_WHILE_UNENROLLED
        else:
            return None
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = None
        if name in open_names:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
