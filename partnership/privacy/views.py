"""The privacy pages: the notice, the firm's rights (UU 27/2022), and the staff's side of them."""

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnership.lib import access_log
from partnership.lib.access import role_required, staff_required
from partnership.lib.exports import export_response, requested_format
from partnership.lib.input import parse_id
from smes.models import SME, ConsentChange
from smes.views import own_firm_required

from . import services, tasks
from .breach import BreachResource, people_concerned
from .forms import (
    AccessLogFilterForm,
    BreachReportForm,
    ConsentForm,
    ContactCorrectionForm,
    ErasureForm,
    RefusalForm,
)
from .models import AccessLog, DataRequest

K, S = DataRequest.Kind, DataRequest.Status
LOG_PAGE = 200


def _can_read_log(user) -> bool:
    return user.has_perm("mitra_privacy.view_accesslog")


log_readers = role_required(_can_read_log, _("Reading the access log needs its own permission."))


@require_safe
def notice(request):
    return render(
        request,
        "privacy/notice.html",
        {
            "controller": settings.PRIVACY_CONTROLLER,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
            "retention_months": settings.PRIVACY_RETENTION_MONTHS,
            "deadline_hours": settings.PRIVACY_REQUEST_DEADLINE_HOURS,
        },
    )


# --- the owner -----------------------------------------------------------------------------------


@own_firm_required
@require_safe
def rights(request, sme):
    requests = list(DataRequest.objects.filter(sme=sme).select_related("handled_by"))
    return render(
        request,
        "privacy/rights.html",
        {
            "sme": sme,
            "requests": requests,
            "consent_rows": [
                (name, getattr(sme, name), label) for name, label in ConsentChange.Consent.choices
            ],
            "consent_history": list(ConsentChange.objects.filter(sme=sme)[:50]),
            "open_erasure": next((r for r in requests if r.kind == K.ERASURE and r.status == S.OPEN), None),
            "latest_export": next((r for r in requests if r.kind == K.ACCESS and r.status == S.DONE), None),
            "export_link_hours": settings.PRIVACY_EXPORT_LINK_HOURS,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
            "deadline_hours": settings.PRIVACY_REQUEST_DEADLINE_HOURS,
        },
    )


@require_POST
@own_firm_required
def consent(request, sme):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown consent."))
    name, given = form.cleaned_data["consent"], form.cleaned_data["given"]
    services.change_consent(sme, name, given, by=request.user)
    label = ConsentChange.Consent(name).label
    if given:
        messages.success(request, _("Consent given: %s. It applies from now on.") % label)
    else:
        messages.success(request, _("Consent withdrawn: %s. It applies at once on every page.") % label)
    return redirect("privacy:rights")


@own_firm_required
@require_http_methods(["GET", "POST"])
def correction(request, sme):
    form = ContactCorrectionForm(request.POST or None, instance=SME.objects.get(pk=sme.pk))
    if request.method == "POST" and form.is_valid():
        services.correct_contact(sme, form.cleaned_data, by=request.user)
        messages.success(request, _("The contact person's data were corrected."))
        return redirect("privacy:rights")
    return render(
        request, "privacy/correction.html", {"sme": sme, "form": form}, status=400 if form.errors else 200
    )


@own_firm_required
@require_http_methods(["GET", "POST"])
def erasure(request, sme):
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_erasure(sme, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your erasure request was received. The ministry answers within %(hours)d hours.")
                % {"hours": settings.PRIVACY_REQUEST_DEADLINE_HOURS},
            )
            return redirect("privacy:rights")
    return render(
        request,
        "privacy/erasure.html",
        {"sme": sme, "form": form, "deadline_hours": settings.PRIVACY_REQUEST_DEADLINE_HOURS},
        status=400 if form.errors else 200,
    )


@require_POST
@own_firm_required
def export_request(request, sme):
    data_request = services.request_export(sme, by=request.user)
    # The task worker writes the ZIP (documents included, it can be large) once the request is
    # committed, and mails the link.
    transaction.on_commit(lambda: tasks.prepare_export.enqueue(data_request.pk))
    messages.success(
        request,
        _("The copy of your data is being prepared. You will receive the link by e-mail in a few minutes."),
    )
    return redirect("privacy:rights")


@own_firm_required
@require_safe
def export_download(request, sme, token):
    data_request = services.request_for_token(token)
    if data_request is None or data_request.sme_id != sme.pk or not data_request.export_file:
        raise Http404(_("This link has expired. Ask for a new copy on the privacy page."))
    try:
        handle = data_request.export_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("This link has expired. Ask for a new copy on the privacy page.")) from exc
    access_log.record_access(request, access_log.EXPORT, sme.pk, detail="personal data export (ZIP)")
    stamp = timezone.localtime(data_request.handled_at).strftime("%Y%m%d-%H%M")
    response = FileResponse(
        handle, as_attachment=True, filename=f"mitra-ukm-data-{stamp}.zip", content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@own_firm_required
@require_safe
def who_accessed(request, sme):
    lines = list(AccessLog.objects.filter(firms=sme).exclude(role=AccessLog.Role.OWNER)[:LOG_PAGE])
    return render(request, "privacy/who_accessed.html", {"sme": sme, "lines": lines, "limit": LOG_PAGE})


# --- staff ---------------------------------------------------------------------------------------


@staff_required
@require_safe
def staff_requests(request):
    open_requests = list(
        DataRequest.objects.open().select_related("sme", "made_by").order_by("made_at", "id")
    )
    recent = list(
        DataRequest.objects.exclude(status=S.OPEN)
        .select_related("sme", "handled_by")
        .order_by("-handled_at")[:50]
    )
    return render(request, "privacy/staff_requests.html", {"open_requests": open_requests, "recent": recent})


def _get_request(pk) -> DataRequest:
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(DataRequest.objects.select_related("sme", "made_by", "handled_by"), pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_request(request, pk):
    data_request = _get_request(pk)
    form = RefusalForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "erase":
                services.carry_out_erasure(data_request, by=request.user, note=request.POST.get("note", ""))
                messages.success(request, _("The personal data of the firm were erased."))
                return redirect("privacy:staff_requests")
            if action == "refuse" and form.is_valid():
                services.refuse(data_request, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The request was refused; the firm was told the reason."))
                return redirect("privacy:staff_requests")
            if action not in {"erase", "refuse"}:
                return HttpResponseBadRequest(_("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, reason)
            return redirect("privacy:staff_request", pk=data_request.pk)
    return render(
        request,
        "privacy/staff_request.html",
        {"data_request": data_request, "sme": data_request.sme, "form": form},
        status=400 if form.errors else 200,
    )


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_end(day):
    return timezone.make_aware(datetime.combine(day, time.max))


@log_readers
@require_safe
def staff_access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    lines = AccessLog.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["firm"]:
            lines = lines.filter(
                Q(firms__legal_name__icontains=data["firm"]) | Q(firms__reference=data["firm"])
            )
        if data["user"]:
            lines = lines.filter(username__icontains=data["user"])
        if data["what"]:
            lines = lines.filter(what=data["what"])
        if data["after"]:
            lines = lines.filter(at__gte=_day_start(data["after"]))
        if data["before"]:
            lines = lines.filter(at__lte=_day_end(data["before"]))
    lines = list(lines.distinct().prefetch_related("firms")[:LOG_PAGE])
    return render(request, "privacy/staff_access_log.html", {"form": form, "lines": lines, "limit": LOG_PAGE})


@log_readers
@require_safe
def breach_report(request):
    form = BreachReportForm(request.GET or None)
    if "format" in request.GET:
        if requested_format(request) is None:
            return HttpResponseBadRequest(_("Unknown export format: use csv or xlsx."))
        if form.is_valid():
            data = form.cleaned_data
            people = people_concerned(
                after=_day_start(data["after"]) if data["after"] else None,
                before=_day_end(data["before"]) if data["before"] else None,
                references=data["references"],
                username=data["username"],
            )
            firm_ids = sorted({row.sme_id for row in people})
            access_log.record_access(request, access_log.EXPORT, firm_ids, detail="breach report")
            return export_response(request, BreachResource(), people, filename="breach-report")
    return render(request, "privacy/breach_report.html", {"form": form}, status=400 if form.errors else 200)
