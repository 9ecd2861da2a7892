"""Pages of Korean firms: registration, the firm's page, the staff's review, finding Indonesian firms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership.cooperation import matching
from partnership.cooperation.forms import duplicate_brn_message
from partnership.cooperation.matching import firms_for
from partnership.lib import access_log, language_switch, roles
from partnership.lib.access import login_required, staff_required
from partnership.lib.i18n import set_language_cookie
from partnership.lib.input import parse_id
from partnership.models import KoreanPartner
from smes.forms import AccountForm
from smes.models import SME

from . import invitations, permissions, services
from .forms import DecisionForm, FirmSearchForm, InvitationForm, KoreanFirmForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PAGE_SIZE = 50
S = KoreanPartner.Status


@require_http_methods(["GET", "POST"])
def register(request):
    """A Korean firm creates its account and submits its registration in one step (Korean first)."""
    if not permissions.can_register(request.user):
        if permissions.partner_of(request.user) is not None:
            return redirect("partners:my_firm")
        raise PermissionDenied(
            _("This account already has a role in the portal; log out to register a Korean firm.")
        )
    switched = language_switch.activate_switch(request)
    if switched is None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Korean by default (kept in the cookie, so that the next pages and the form's errors stay
        # Korean); the language buttons switch to English without losing what was typed.
        translation.activate("ko")
        request.LANGUAGE_CODE = switched = "ko"
    account_form = (
        None if request.user.is_authenticated else AccountForm(request.POST or None, prefix="account")
    )
    firm_form = KoreanFirmForm(
        request.POST or None,
        initial={
            "language": translation.get_language() if translation.get_language() in ("ko", "en") else "en"
        },
    )
    if language_switch.switch_requested(request):
        language_switch.show_as_typed(account_form, firm_form)
    elif request.method == "POST":
        firm_ok = firm_form.is_valid()
        account_ok = account_form is None or account_form.is_valid()
        if firm_ok and account_ok:
            try:
                with transaction.atomic():
                    user = account_form.save() if account_form is not None else request.user
                    partner = firm_form.save(commit=False)
                    services.register(partner, user=user, form_data_m2m=firm_form.save_m2m)
            except IntegrityError:
                _explain_integrity_error(firm_form, account_form)
            else:
                if account_form is not None:
                    login(request, user, backend=MODEL_BACKEND)
                with translation.override(partner.language):
                    messages.success(
                        request,
                        _("Thank you. Your registration is sent; the programme's staff will verify it."),
                    )
                response = redirect("partners:my_firm")
                set_language_cookie(response, partner.language)
                return response
    response = render(
        request, "partners/register.html", {"account_form": account_form, "firm_form": firm_form}
    )
    return language_switch.remember(response, switched)


def _explain_integrity_error(firm_form, account_form) -> None:
    """A race on the unique number or username: the same messages as the form's validation."""
    brn = firm_form.cleaned_data.get("brn")
    existing = KoreanPartner.objects.filter(brn=brn).first() if brn else None
    if existing is not None:
        firm_form.add_error("brn", duplicate_brn_message(existing))
    elif account_form is not None:
        account_form.add_error("username", _("A user with that username already exists."))
    else:
        firm_form.add_error(None, _("Your data could not be saved. Please try again."))


@require_GET
@login_required
def home(request):
    """Where a Korean firm's user lands: the Indonesian firms once verified, else its own page."""
    if permissions.is_verified_korean_firm(request.user):
        return redirect("partners:firm_list")
    if permissions.partner_of(request.user) is not None:
        return redirect("partners:my_firm")
    raise PermissionDenied(_("This page is for Korean firms."))


@require_http_methods(["GET", "POST"])
@login_required
def my_firm(request):
    """The firm's own page: its state, the staff's note, its timeline; resubmission after a question."""
    partner = permissions.partner_of(request.user)
    if partner is None:
        raise PermissionDenied(_("This page is for Korean firms."))
    form = None
    if partner.status == S.NEEDS_INFO:
        form = KoreanFirmForm(
            request.POST or None,
            instance=partner,
            initial={"consent_contact": bool(partner.consent_contact_at)},
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
                    services.resubmit(partner, by=request.user)
            except (IntegrityError, ValidationError):
                form.add_error(None, _("Your data could not be saved. Please try again."))
            else:
                messages.success(request, _("Your registration is sent again for verification."))
                return redirect("partners:my_firm")
    elif request.method == "POST":
        return redirect("partners:my_firm")
    events = list(partner.events.select_related("actor"))
    note = next((event.note for event in reversed(events) if event.to_state == partner.status), "")
    return render(
        request,
        "partners/my_firm.html",
        {
            "partner": partner,
            "events": events,
            "note": note,
            "form": form,
            "is_admin": permissions.is_firm_admin(request.user, partner),
            "members": partner.members.select_related("user"),
            "invitations": partner.invitations.select_related("invited_by", "accepted_by")[:20],
            "invitation_form": InvitationForm(),
        },
    )


@require_GET
@staff_required
def staff_list(request):
    status = request.GET.get("status", S.SUBMITTED)
    queryset = KoreanPartner.objects.select_related("region", "sector").order_by("-submitted_at", "pk")
    queryset = queryset.exclude(submitted_at=None)
    if status in S.values:
        queryset = queryset.filter(status=status)
    return render(
        request,
        "partners/staff_list.html",
        {"partners": queryset[:PAGE_SIZE], "status": status, "statuses": S.choices},
    )


@require_GET
@staff_required
def staff_detail(request, pk):
    partner = permissions.get_registration_to_review(request.user, parse_id(pk))
    return render(request, "partners/staff_detail.html", _review_context(partner, DecisionForm()))


def _review_context(partner, form):
    return {
        "partner": partner,
        "events": partner.events.select_related("actor"),
        "members": partner.members.select_related("user"),
        "form": form,
        "invitations": partner.invitations.select_related("invited_by", "accepted_by")[:20],
        "invitation_form": InvitationForm(initial={"email": partner.contact_email}),
        "can_decide": partner.status == S.SUBMITTED,
        "can_reject": partner.status in (S.SUBMITTED, S.NEEDS_INFO),
    }


@require_POST
@staff_required
def staff_decide(request, pk):
    partner = permissions.get_registration_to_review(request.user, parse_id(pk))
    form = DecisionForm(request.POST)
    if form.is_valid():
        move = {
            DecisionForm.VERIFY: services.verify,
            DecisionForm.NEEDS_INFO: services.request_info,
            DecisionForm.REJECT: services.reject,
        }[form.cleaned_data["decision"]]
        try:
            move(partner, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded and the firm is told by e-mail."))
            return redirect("partners:staff_detail", pk=partner.pk)
    return render(request, "partners/staff_detail.html", _review_context(partner, form), status=400)


@require_GET
@login_required
def firm_list(request):
    """The Indonesian firms a verified Korean firm may find, filtered, and its suggested matches."""
    partner = permissions.require_verified_korean_firm(request.user)
    visible = SME.objects.filter(permissions.firms_visible_to_korean_firm(request.user))
    form = FirmSearchForm(request.GET or None)
    firms = (form.filter(visible) if form.is_bound else visible).select_related("sector", "province")
    firms = firms.order_by("legal_name", "pk").distinct()[:PAGE_SIZE]
    matches = firms_for(partner, visible, limit=10)
    return render(
        request,
        "partners/firm_list.html",
        {"partner": partner, "form": form, "firms": firms, "matches": matches},
    )


@require_GET
@login_required
def firm_detail(request, pk):
    """An Indonesian firm's public profile for a Korean firm; the access log records the view."""
    sme = permissions.get_firm_for_korean_firm(request.user, parse_id(pk))
    partner = permissions.partner_of(request.user)
    access_log.record_access(
        request, access_log.DOSSIER, sme.pk, detail=f"Korean firm {partner.name_en} ({partner.brn})"
    )
    return render(
        request,
        "partners/firm_detail.html",
        {"sme": sme, "interests": sme.cooperation_interests.all()},
    )


@require_GET
@login_required
def partner_profile(request, pk):
    """A Korean firm's public profile: no contact person, e-mail or phone."""
    partner = permissions.get_partner_profile(request.user, parse_id(pk))
    return render(
        request,
        "partners/partner_profile.html",
        {
            "partner": partner,
            "forms": partner.cooperation_forms.all(),
            "provinces": partner.preferred_provinces.all(),
            "is_owner": roles.is_sme_owner(request.user),
        },
    )


def _back_to(request, partner) -> str:
    """Staff go back to the firm's review page, the firm's administrator to its own page."""
    if roles.is_ministry_staff(request.user):
        return reverse("partners:staff_detail", args=[partner.pk])
    return reverse("partners:my_firm")


@require_POST
@login_required
def invite(request, pk):
    """Staff invite a record they keep to claim its account; the firm's administrator a colleague."""
    partner = permissions.get_partner_to_invite_for(request.user, parse_id(pk))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("email", [])))
        return redirect(_back_to(request, partner))
    try:
        services.invite(partner, email=form.cleaned_data["email"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    return redirect(_back_to(request, partner))


@require_POST
@login_required
def revoke_invitation(request, pk):
    invitation = permissions.get_invitation_to_revoke(request.user, parse_id(pk))
    try:
        services.revoke(invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is revoked: its link no longer works."))
    return redirect(_back_to(request, invitation.partner))


@require_http_methods(["GET", "POST"])
def claim(request, token):
    """The invitation's link: choose a user name and password, and become a user of the firm."""
    invitation = invitations.invitation_for(token)
    if invitation is None:
        return render(request, "partners/claim_invalid.html", status=404)
    if request.user.is_authenticated:
        raise PermissionDenied(_("Log out first: the invitation creates a new account."))
    partner = invitation.partner
    switched = language_switch.activate_switch(request)
    if switched is None and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(partner.language)
        request.LANGUAGE_CODE = switched = partner.language
    form = AccountForm(request.POST or None, initial={"email": invitation.email}, prefix="account")
    if language_switch.switch_requested(request):
        language_switch.show_as_typed(form)
    elif request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                services.accept(invitation, user=user)
        except IntegrityError:
            form.add_error("username", _("A user with that username already exists."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, _("Welcome! Your account belongs to %(firm)s.") % {"firm": partner})
            return redirect("partners:home")
    response = render(request, "partners/claim.html", {"form": form, "partner": partner})
    return language_switch.remember(response, switched)


@require_GET
@login_required
def for_owner(request):
    """The Indonesian owner's side: the Korean firms that fit its firm, with the reasons."""
    sme = permissions.get_own_verified_firm(request.user)
    return render(
        request,
        "partners/for_owner.html",
        {"sme": sme, "matches": matching.matches_for(sme, limit=20)},
    )
