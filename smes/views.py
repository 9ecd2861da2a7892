"""Pages of the SME owner: registration, my firm, profile editing, documents.

Staff and the Korean team have their own pages; here every page is about the signed-in owner's
own firm, except the document download, which any permitted viewer may use.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from partnership.lib import access_log, language_switch, roles
from partnership.lib.access import login_required, owner_required
from partnership.lib.i18n import set_language_cookie

from . import consents, intake, permissions, services
from .forms import AccountForm, DocumentForm, FirmStartForm, SMEProfileForm, duplicate_message
from .models import SME, ConsentChange, SMEDocument

S = SME.Status

STATUS_EXPLANATIONS = {
    S.DRAFT: gettext_lazy(
        "Your registration is a draft that only you can see. Complete the profile and submit it "
        "to the ministry for verification."
    ),
    S.SUBMITTED: gettext_lazy(
        "The ministry is checking your registration. You will receive an e-mail when it has decided; "
        "you can still correct your profile in the meantime."
    ),
    S.NEEDS_INFO: gettext_lazy(
        "The ministry needs more information before it can verify your firm. Read the ministry's "
        "note, update your profile and submit it again."
    ),
    S.VERIFIED: gettext_lazy(
        "Your firm is verified and can be considered for the programme's roster of candidates. "
        "If you change the legal name, NIB, NPWP, sector or regency, the ministry verifies the firm again."
    ),
    S.REJECTED: gettext_lazy(
        "The ministry did not accept your registration. The reason is in the timeline below; "
        "if you have questions, write to the programme team."
    ),
}

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _own_sme(request) -> SME | None:
    """The signed-in user's firm, with what the owner's pages show selected."""
    return (
        SME.objects.select_related("sector", "regency", "province", "owner")
        .filter(owner_id=request.user.pk)
        .first()
    )


def _no_firm(request):
    """Where a signed-in user without a firm goes: registration, or 403 for the programme team."""
    if roles.is_programme_team(request.user):
        raise PermissionDenied(_("This page is for firm owners. Staff use the staff pages."))
    messages.info(request, _("Register your firm first."))
    return redirect("smes:register")


# The owner's pages: the view receives the signed-in user's firm.
own_firm_required = owner_required(_own_sme, when_missing=_no_firm)


def _explain_integrity_error(form, *, exclude_pk=None, account_form=None) -> None:
    """Turn a unique-constraint race into the same messages that form validation gives."""
    explained = False
    for field in ("nib", "npwp"):
        value = form.cleaned_data.get(field)
        if value and SME.objects.filter(**{field: value}).exclude(pk=exclude_pk).exists():
            form.add_error(field, duplicate_message(field))
            explained = True
    if account_form is not None:
        username = account_form.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            account_form.add_error("username", _("A user with that username already exists."))
            explained = True
    if not explained:
        form.add_error(
            None,
            _(
                "Your data could not be saved because the same records changed at the same moment. Please try again."
            ),
        )


@require_http_methods(["GET", "POST"])
def register(request):
    """Create the owner's account and the firm's draft in one step, then open the profile form."""
    user = request.user
    if user.is_authenticated:
        if SME.objects.filter(owner_id=user.pk).exists():
            return redirect("smes:my_firm")
        if roles.is_programme_team(user):
            raise PermissionDenied(_("Staff and Korean team accounts cannot register a firm."))
        if roles.is_korean_firm(user):
            raise PermissionDenied(_("A Korean firm's account cannot register an Indonesian firm."))
    switched = language_switch.activate_switch(request)
    account_form = None if user.is_authenticated else AccountForm(request.POST or None)
    firm_form = FirmStartForm(request.POST or None)
    if language_switch.switch_requested(request):
        language_switch.show_as_typed(account_form, firm_form)
    elif request.method == "POST":
        # Validate both so that every error shows at once.
        firm_ok = firm_form.is_valid()
        account_ok = account_form is None or account_form.is_valid()
        if firm_ok and account_ok:
            try:
                with transaction.atomic():
                    owner = account_form.save() if account_form is not None else user
                    sme = firm_form.save(commit=False)
                    sme.owner = owner
                    services.start_registration(sme, by=owner, source=services.PORTAL)
            except IntegrityError:
                _explain_integrity_error(firm_form, account_form=account_form)
            else:
                if account_form is not None:
                    login(request, owner, backend=MODEL_BACKEND)
                with translation.override(sme.language):
                    messages.success(
                        request,
                        _("Welcome! Your firm's draft is saved. Complete the profile, then submit it."),
                    )
                response = redirect("smes:edit")
                set_language_cookie(response, sme.language)
                return response
    response = render(
        request,
        "smes/register.html",
        {
            "account_form": account_form,
            "firm_form": firm_form,
            "full_roster": intake.full_roster(),
        },
    )
    return language_switch.remember(response, switched)


def _my_firm_context(request, sme: SME, *, upload_form=None) -> dict:
    events = list(sme.events.filter(visible_to_sme=True).select_related("actor"))
    ministry_note = ""
    if sme.status == S.NEEDS_INFO:
        ministry_note = next(
            (e.note for e in events if e.workflow == "registration" and e.to_state == S.NEEDS_INFO),
            "",
        )
    can_submit = permissions.can_submit(request.user, sme)
    return {
        "sme": sme,
        "events": events,
        "ministry_note": ministry_note,
        "status_explanation": STATUS_EXPLANATIONS[sme.status],
        "cooperation_interests": list(sme.cooperation_interests.all()),
        "documents": list(sme.documents.filter(is_archived=False)),
        "upload_form": upload_form or DocumentForm(),
        "can_edit": permissions.can_edit(request.user, sme),
        "can_upload": permissions.can_upload_documents(request.user, sme),
        "can_submit": can_submit,
        "submission_problems": services.submission_problems(sme) if can_submit else [],
        "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
        "full_roster": intake.full_roster() if sme.status not in {S.VERIFIED, S.REJECTED} else None,
        "max_document_size": settings.MAX_DOCUMENT_SIZE,
    }


@own_firm_required
@require_http_methods(["GET", "HEAD"])
def my_firm(request, sme):
    return render(request, "smes/my_firm.html", _my_firm_context(request, sme))


# Fields compared before and after an edit to find key-field changes (services.KEY_FIELDS).
def _key_values(sme: SME) -> dict:
    return {name: sme.serializable_value(name) for name in services.KEY_FIELDS}


def _mark_missing_fields(form: SMEProfileForm, sme: SME) -> None:
    """Show next to each field what keeps the firm from being submitted."""
    for name, message in services.submission_field_errors(sme).items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


@own_firm_required
@require_http_methods(["GET", "POST"])
def edit(request, sme):
    """The profile form: "Save draft" keeps what is valid; "Save and submit" also submits."""
    if not permissions.can_edit(request.user, sme):
        messages.error(request, _("A rejected registration can no longer be changed."))
        return redirect("smes:my_firm")
    switched = language_switch.activate_switch(request)
    # The form works on its own copy, so the page header keeps showing the stored firm on an error.
    form = SMEProfileForm(request.POST or None, instance=SME.objects.get(pk=sme.pk))
    blocked: list[str] = []
    not_saved = False
    showing_typed = language_switch.switch_requested(request)
    if showing_typed:
        language_switch.show_as_typed(form)
    elif request.method == "POST":
        wants_submit = request.POST.get("action") == "submit"
        if form.is_valid():
            before = _key_values(sme)
            try:
                with transaction.atomic():
                    saved = form.save()
                    consents.record_consents(
                        saved, form.consents_before, by=request.user, source=ConsentChange.Source.REGISTRATION
                    )
                    after = _key_values(saved)
                    changed = [name for name in services.KEY_FIELDS if before[name] != after[name]]
                    saved = services.after_profile_edit(saved, by=request.user, changed=changed)
                    sent_back = sme.status == S.VERIFIED and saved.status == S.SUBMITTED
                    submitted = False
                    if wants_submit and permissions.can_submit(request.user, saved):
                        blocked = services.submission_problems(saved)
                        if not blocked:
                            saved = services.submit(saved, by=request.user)
                            submitted = True
            except IntegrityError:
                _explain_integrity_error(form, exclude_pk=sme.pk)
            except ValidationError as exc:
                # A move was refused after the checks above (e.g. a concurrent change); the
                # transaction rolled back, so nothing of this edit was written.
                blocked = exc.messages
                not_saved = True
                sme = _own_sme(request)
            else:
                if submitted:
                    messages.success(
                        request,
                        _(
                            "Your registration was submitted. Your reference number is %(ref)s; "
                            "a confirmation is on its way by e-mail."
                        )
                        % {"ref": saved.reference},
                    )
                    return redirect("smes:my_firm")
                if sent_back:
                    messages.warning(
                        request,
                        _(
                            "Your changes were saved. Because you changed a key field, the ministry "
                            "verifies your firm again."
                        ),
                    )
                    return redirect("smes:my_firm")
                if blocked:
                    sme = _own_sme(request)
                    _mark_missing_fields(form, sme)
                else:
                    messages.success(request, _("Your changes were saved."))
                    response = redirect("smes:edit")
                    if saved.language != sme.language:
                        # The portal follows the language the firm just chose.
                        set_language_cookie(response, saved.language)
                    return response
    problems = blocked
    if (
        not problems
        and (request.method == "GET" or showing_typed)
        and permissions.can_submit(request.user, sme)
    ):
        problems = services.submission_problems(sme)
    response = render(
        request,
        "smes/edit.html",
        {
            "sme": sme,
            "form": form,
            "blocked": bool(blocked),
            "not_saved": not_saved,
            "problems": problems,
            "can_submit": permissions.can_submit(request.user, sme),
            "key_fields": [str(SME._meta.get_field(name).verbose_name) for name in services.KEY_FIELDS],
        },
    )
    return language_switch.remember(response, switched)


@require_POST
@own_firm_required
def submit(request, sme):
    """Submit (or resubmit) the firm from the "my firm" page."""
    if not permissions.can_submit(request.user, sme):
        messages.error(request, _("Your registration cannot be submitted in its current state."))
        return redirect("smes:my_firm")
    try:
        sme = services.submit(sme, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("smes:edit")
    except PermissionDenied:
        messages.error(request, _("Your registration cannot be submitted in its current state."))
        return redirect("smes:my_firm")
    messages.success(
        request,
        _(
            "Your registration was submitted. Your reference number is %(ref)s; a confirmation is on its way by e-mail."
        )
        % {"ref": sme.reference},
    )
    return redirect("smes:my_firm")


@require_POST
@own_firm_required
def upload_document(request, sme):
    if not permissions.can_upload_documents(request.user, sme):
        raise PermissionDenied(_("A rejected registration can no longer be changed."))
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        document = form.save(commit=False)
        document.sme = sme
        document.content_type = form.content_type
        document.original_name = Path(upload.name).name[:255]
        document.size = upload.size
        document.uploaded_by = request.user
        with transaction.atomic():
            document.save()
        messages.success(request, _("The document “%(name)s” was uploaded.") % {"name": document})
        return redirect(reverse("smes:my_firm") + "#documents")
    return render(request, "smes/my_firm.html", _my_firm_context(request, sme, upload_form=form))


@require_POST
@own_firm_required
def archive_document(request, sme, pk):
    """Documents are never deleted: the owner archives one, and staff can still read it."""
    document = get_object_or_404(SMEDocument, pk=pk, is_archived=False)
    if document.sme_id != sme.pk or not permissions.can_upload_documents(request.user, sme):
        raise PermissionDenied
    document.is_archived = True
    document.save(update_fields=["is_archived"])
    messages.success(request, _("The document “%(name)s” was archived.") % {"name": document})
    return redirect(reverse("smes:my_firm") + "#documents")


@login_required
@require_http_methods(["GET", "HEAD"])
def document_download(request, pk):
    """Serve one document to a permitted viewer, always as a download, never sniffed."""
    document = get_object_or_404(SMEDocument.objects.select_related("sme"), pk=pk)
    permissions.get_sme_for(request.user, document.sme_id, "view_documents")
    if not permissions.can_view_document(request.user, document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("This file is missing.")) from exc
    access_log.record_access(
        request, access_log.DOCUMENT, document.sme_id, detail=f"{document.kind} #{document.pk}"
    )
    name = f"{Path(document.original_name).stem or 'document'}.{document.extension}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
