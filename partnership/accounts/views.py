"""Two-factor pages: status, enrolment, recovery codes shown once, turning it off, the code step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from partnership.lib.access import login_required

from . import policy, twofactor
from .forms import TokenForm


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: anything else (another host, or a bare word that redirect() would
    # take for a view name) goes to the default page.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _require_allowed(request) -> None:
    if not policy.two_factor_allowed(request.user):
        raise PermissionDenied


@never_cache
@login_required
def two_factor(request):
    _require_allowed(request)
    user = request.user
    enrolled = twofactor.has_device(request)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enrolled": enrolled,
            "required": policy.two_factor_required(user),
            "codes_left": twofactor.recovery_codes_left(user) if enrolled else 0,
            "form": TokenForm(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    _require_allowed(request)
    key = twofactor.pending_key(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = twofactor.confirm_enrolment(request.user, key, form.cleaned_data["code"])
        if confirmed is None:
            form.add_error("code", _("That code does not match. Enter the code your app shows now."))
        else:
            device, codes = confirmed
            request.session.pop(twofactor.PENDING_KEY, None)
            otp_login(request, device)
            request.session[twofactor.DEVICE_FLAG] = True
            request.session[twofactor.NEW_CODES] = codes
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(
                reverse("accounts:recovery_codes") + "?" + urlencode({"next": _next_url(request)})
            )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(request.user, key),
            "secret": twofactor.manual_secret(key),
            "next": _next_url(request),
            "re_enrol": twofactor.has_device(request),
        },
    )


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, once: the session forgets them as the page is rendered."""
    _require_allowed(request)
    codes = request.session.pop(twofactor.NEW_CODES, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
@require_POST
def disable(request):
    _require_allowed(request)
    if policy.two_factor_required(request.user):
        messages.error(
            request, _("Two-factor authentication is required for your account: set it up again instead.")
        )
        return redirect("accounts:two_factor")
    form = TokenForm(request.POST)
    if form.is_valid():
        device, error = twofactor.verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            twofactor.remove_devices(request.user)
            request.session[twofactor.DEVICE_FLAG] = False
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("accounts:two_factor")
        form.add_error("code", error)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enrolled": True,
            "required": False,
            "codes_left": twofactor.recovery_codes_left(request.user),
            "form": form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of the login: a code from the app or a recovery code."""
    if not request.user.is_authenticated:
        return redirect(reverse("login") + "?" + urlencode({"next": _next_url(request)}))
    if request.user.is_verified() or not twofactor.remember_device(request):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = twofactor.verify_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if not isinstance(device, twofactor.TOTPDevice):
                left = twofactor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)d are left. Set up two-factor "
                        "authentication again to get new ones."
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", error)
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})
