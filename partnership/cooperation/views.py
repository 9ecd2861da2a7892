"""Pages of Korean partners, matching, cooperation proposals and the proposals board.

Who sees what: the partner registry, its import and export and the board are for staff and the
Korean team; the matches of a firm and its proposals are also for the firm's owner. Objects are
fetched through ``_get_partner``, ``_get_roster_entry`` and ``proposals.get_proposal_for``, which
give 403/404 for anyone else. Every write is a POST and goes through ``partnership.proposals``.
"""

import base64
import io

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from partnership.cooperation import matching, proposals
from partnership.cooperation.filters import PartnerFilter, ProposalFilter
from partnership.cooperation.forms import (
    CommentForm,
    MoveForm,
    OutcomeForm,
    PartnerForm,
    PartnerImportForm,
    ProposalForm,
    duplicate_brn_message,
)
from partnership.cooperation.resources import BoardResource, KoreanPartnerResource
from partnership.lib import roles
from partnership.lib.access import login_required, team_required
from partnership.lib.exports import export_filtered
from partnership.lib.input import parse_id
from partnership.models import CooperationProposal, KoreanPartner, RosterEntry
from smes.models import CooperationForm

P = CooperationProposal.Status
PAGE_SIZE = 25
BOARD_PAGE_SIZE = 50
IMPORT_SESSION_KEY = "cooperation_partner_import"


def _get_partner(user, pk: int) -> KoreanPartner:
    # The role is checked by the views' @team_required.
    return get_object_or_404(KoreanPartner.objects.select_related("region", "sector"), pk=pk)


def _get_roster_entry(user, pk: int) -> RosterEntry:
    """A roster entry the user may propose for (staff; Korean team if shared; the owner); else 404."""
    entry = (
        proposals.proposable_roster(user)
        .select_related("sme__sector", "sme__province", "sme__regency", "programme")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404(_("No such firm on the roster."))
    return entry


# ---------------------------------------------------------------------------------------------
# Korean partners


def partner_queryset():
    return (
        KoreanPartner.objects.select_related("region", "sector")
        .prefetch_related("cooperation_forms")
        .order_by("name_en", "pk")
    )


@require_safe
@team_required
def partner_list(request):
    filterset = PartnerFilter(request.GET, queryset=partner_queryset())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnership/partner_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_safe
@team_required
def partner_export(request):
    filterset = PartnerFilter(request.GET, queryset=KoreanPartner.objects.order_by("name_en", "pk"))
    resource = KoreanPartnerResource()
    return export_filtered(
        request, resource, filterset, filename="korean-partners", rows=resource.export_queryset
    )


@require_safe
@team_required
def partner_detail(request, pk):
    partner = _get_partner(request.user, pk)
    partner_proposals = (
        proposals.visible_proposals(request.user)
        .filter(partner=partner)
        .select_related("roster_entry__sme")
        .prefetch_related("forms")
    )
    return render(
        request,
        "partnership/partner_detail.html",
        {
            "partner": partner,
            "forms": partner.cooperation_forms.all(),
            "provinces": partner.preferred_provinces.all(),
            "proposals": partner_proposals,
        },
    )


def _save_partner(request, form) -> KoreanPartner | None:
    """Save the form; a number registered meanwhile by someone else becomes a form error."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        existing = KoreanPartner.objects.filter(brn=form.cleaned_data.get("brn")).first()
        form.add_error("brn", duplicate_brn_message(existing))
        return None


@team_required
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = _save_partner(request, form)
        if partner is not None:
            messages.success(request, _("The Korean partner was added to the registry."))
            return redirect("cooperation:partner_detail", pk=partner.pk)
    return render(request, "partnership/partner_form.html", {"form": form, "partner": None})


@team_required
def partner_edit(request, pk):
    partner = _get_partner(request.user, pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        if _save_partner(request, form) is not None:
            messages.success(request, _("The Korean partner was saved."))
            return redirect("cooperation:partner_detail", pk=partner.pk)
    return render(request, "partnership/partner_form.html", {"form": form, "partner": partner})


def _dataset_from_upload(upload) -> tuple[tablib.Dataset, str, bytes]:
    raw = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return tablib.Dataset().load(io.BytesIO(raw), format="xlsx"), "xlsx", raw
    text = raw.decode("utf-8-sig")
    return tablib.Dataset().load(text, format="csv"), "csv", raw


def _dataset_from_session(stored: dict) -> tablib.Dataset:
    raw = base64.b64decode(stored["data"])
    if stored["format"] == "xlsx":
        return tablib.Dataset().load(io.BytesIO(raw), format="xlsx")
    return tablib.Dataset().load(raw.decode("utf-8-sig"), format="csv")


def _preview_rows(result) -> list[dict]:
    rows = []
    for number, row in enumerate(result.rows, start=1):
        errors = [str(error.error) for error in row.errors]
        for field, field_errors in row.validation_error.message_dict.items() if row.validation_error else []:
            errors.extend(f"{field}: {message}" for message in field_errors)
        rows.append(
            {
                "number": number,
                "type": row.import_type,
                "brn": (row.instance.brn if row.instance is not None else "") or "",
                "name": (row.instance.name_en if row.instance is not None else "") or "",
                "errors": errors,
            }
        )
    for error in result.base_errors:
        rows.append({"number": "–", "type": "error", "brn": "", "name": "", "errors": [str(error.error)]})
    return rows


@team_required
def partner_import(request):
    """Upload a sheet, see every row with its problems, then confirm: nothing is written before."""
    resource = KoreanPartnerResource()
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, _("The uploaded file has expired. Please upload it again."))
            return redirect("cooperation:partner_import")
        dataset = _dataset_from_session(stored)
        result = resource.import_data(dataset, dry_run=False, use_transactions=True)
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, _("The file has errors; nothing was imported."))
            return render(
                request,
                "partnership/partner_import.html",
                {"form": PartnerImportForm(), "rows": _preview_rows(result), "can_confirm": False},
            )
        del request.session[IMPORT_SESSION_KEY]
        totals = result.totals
        messages.success(
            request,
            _("Import done: %(new)d added, %(update)d updated, %(skip)d unchanged.")
            % {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)},
        )
        return redirect("cooperation:partner_list")

    form = PartnerImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "rows": None, "can_confirm": False}
    if request.method == "POST" and form.is_valid():
        try:
            dataset, fmt, raw = _dataset_from_upload(form.cleaned_data["file"])
        except Exception:  # noqa: BLE001 - any unreadable file is the same problem for the user
            form.add_error("file", _("This file could not be read as CSV (UTF-8) or Excel."))
            return render(request, "partnership/partner_import.html", context)
        missing = {"brn", "name_en", "name_ko", "region", "sector", "size"} - set(dataset.headers or [])
        if missing:
            form.add_error(
                "file", _("These columns are missing: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
            )
            return render(request, "partnership/partner_import.html", context)
        result = resource.import_data(dataset, dry_run=True, use_transactions=True)
        rows = _preview_rows(result)
        ok = not (result.has_errors() or result.has_validation_errors())
        if ok:
            request.session[IMPORT_SESSION_KEY] = {"format": fmt, "data": base64.b64encode(raw).decode()}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        context.update(rows=rows, can_confirm=ok, bad_rows=sum(1 for row in rows if row["errors"]))
    return render(request, "partnership/partner_import.html", context)


# ---------------------------------------------------------------------------------------------
# Matching


@require_safe
@login_required
def matches(request, roster_pk):
    entry = _get_roster_entry(request.user, roster_pk)
    sme = entry.sme
    results = matching.matches_for(sme, limit=20)
    max_score, scale = matching.score_scale(CooperationForm.objects.count())
    return render(
        request,
        "partnership/match_list.html",
        {
            "entry": entry,
            "sme": sme,
            "matches": results,
            "interests": sme.cooperation_interests.all(),
            "max_score": max_score,
            "scale": scale,
        },
    )


@require_POST
@login_required
def draft_from_match(request, roster_pk, partner_pk):
    """One click: a draft proposal between the firm and the partner, prefilled from the match."""
    entry = _get_roster_entry(request.user, roster_pk)
    partner = get_object_or_404(KoreanPartner, pk=partner_pk, is_active=True)
    profiles = matching.load_partners(KoreanPartner.objects.filter(pk=partner.pk))
    match = matching.score(
        matching.firm_profile(entry.sme),
        profiles[0],
        {form.code: form.name for form in CooperationForm.objects.all()},
    )
    codes = match.form_codes
    proposal = proposals.create_draft(
        roster_entry=entry,
        partner=partner,
        forms=list(CooperationForm.objects.filter(code__in=codes)),
        by=request.user,
        title=_("Cooperation between %(firm)s and %(partner)s")
        % {"firm": entry.sme.legal_name, "partner": partner.name_en},
        summary="\n".join(reason.text for reason in match.reasons),
    )
    messages.success(
        request, _("A draft proposal was created. Complete the details of each form, then submit it.")
    )
    return redirect("cooperation:proposal_edit", pk=proposal.pk)


# ---------------------------------------------------------------------------------------------
# Proposals


def _form_context(form, proposal) -> dict:
    codes = {str(pk): code for pk, code in CooperationForm.objects.values_list("pk", "code")}
    return {"form": form, "proposal": proposal, "form_codes": codes}


@login_required
def proposal_create(request):
    if not proposals.proposable_roster(request.user).exists():
        raise PermissionDenied(_("You cannot write a proposal for any firm."))
    initial = {}
    if request.method == "GET":
        for name in ("roster_entry", "partner"):
            if pk := parse_id(request.GET.get(name)):
                initial[name] = pk
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        proposal = proposals.create_draft(
            roster_entry=form.cleaned_data["roster_entry"], by=request.user, **form.service_arguments()
        )
        messages.success(request, _("The draft proposal was saved. Submit it when it is ready."))
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(request, "partnership/proposal_form.html", _form_context(form, None))


@login_required
def proposal_edit(request, pk):
    proposal = proposals.get_proposal_for(request.user, pk)
    if not proposals.can_edit(request.user, proposal):
        raise PermissionDenied(_("Only the author can change a proposal, and only while it is a draft."))
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        proposals.update_draft(proposal, by=request.user, **form.service_arguments())
        messages.success(request, _("The draft proposal was saved."))
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(request, "partnership/proposal_form.html", _form_context(form, proposal))


MOVE_LABELS = {
    P.SUBMITTED: gettext_lazy("Submit the proposal"),
    P.UNDER_REVIEW: gettext_lazy("Start the review"),
    P.ACCEPTED: gettext_lazy("Accept"),
    P.DECLINED: gettext_lazy("Decline"),
    P.ACTIVE: pgettext_lazy("proposal", "Mark as active"),
    P.COMPLETED: gettext_lazy("Mark as completed"),
    P.WITHDRAWN: gettext_lazy("Withdraw"),
}
MOVE_STYLES = {P.ACCEPTED: "success", P.DECLINED: "danger", P.WITHDRAWN: "outline-danger"}


def _detail_context(
    request, proposal, *, move_form=None, move_target=None, comment_form=None, outcome_form=None
):
    user = request.user
    held = proposals.proposal_roles(user, proposal)
    targets = proposals.allowed_moves(user, proposal)
    moves = [
        {
            "target": target,
            "label": MOVE_LABELS[target],
            "style": MOVE_STYLES.get(target, "primary"),
            "form": move_form if target == move_target else MoveForm(initial={"target": target}),
            "comment_required": target in proposals.COMMENT_REQUIRED,
        }
        for target in targets
    ]
    events = proposal.events.select_related("actor").order_by("at", "id")
    forms = list(proposal.forms.all())
    codes = {form.code for form in forms}
    return {
        "proposal": proposal,
        "sme": proposal.roster_entry.sme,
        "forms": forms,
        "codes": codes,
        "events": events,
        "moves": moves,
        "is_addressee": proposals.ADDRESSEE in held,
        "is_author": proposals.AUTHOR in held,
        "can_edit": proposals.can_edit(user, proposal),
        "can_comment": proposals.can_comment(user, proposal),
        "comment_form": comment_form or CommentForm(),
        "can_record_outcomes": proposals.can_record_outcomes(user, proposal),
        "outcome_form": outcome_form or OutcomeForm(instance=proposal),
        "problems": proposals.submission_problems(proposal) if P.SUBMITTED in targets else [],
        "is_team": roles.is_programme_team(user),
    }


@require_safe
@login_required
def proposal_detail(request, pk):
    proposal = proposals.get_proposal_for(request.user, pk)
    return render(request, "partnership/proposal_detail.html", _detail_context(request, proposal))


@require_POST
@login_required
def proposal_move(request, pk):
    proposal = proposals.get_proposal_for(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["target"]
        try:
            proposals.move(proposal, target, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("comment" if target in proposals.COMMENT_REQUIRED else None, message)
            return render(
                request,
                "partnership/proposal_detail.html",
                _detail_context(request, proposal, move_form=form, move_target=target),
                status=400,
            )
        messages.success(
            request,
            _("The proposal is now “%(status)s”.") % {"status": P(target).label},
        )
    else:
        messages.error(request, _("This move is not possible."))
    return redirect("cooperation:proposal_detail", pk=proposal.pk)


@require_POST
@login_required
def proposal_comment(request, pk):
    proposal = proposals.get_proposal_for(request.user, pk)
    if not proposals.can_comment(request.user, proposal):
        raise PermissionDenied(_("You cannot comment on this proposal."))
    form = CommentForm(request.POST)
    if form.is_valid():
        proposals.add_comment(proposal, by=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, _("Your comment was added."))
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "partnership/proposal_detail.html",
        _detail_context(request, proposal, comment_form=form),
        status=400,
    )


@require_POST
@login_required
def proposal_outcomes(request, pk):
    proposal = proposals.get_proposal_for(request.user, pk)
    if not proposals.can_record_outcomes(request.user, proposal):
        raise PermissionDenied(_("Only ministry staff record outcomes, for active and completed proposals."))
    form = OutcomeForm(request.POST, instance=CooperationProposal.objects.get(pk=proposal.pk))
    if form.is_valid():
        proposals.record_outcomes(
            proposal, by=request.user, **{name: form.cleaned_data[name] for name in proposals.OUTCOME_FIELDS}
        )
        messages.success(request, _("The outcomes were recorded."))
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "partnership/proposal_detail.html",
        _detail_context(request, proposal, outcome_form=form),
        status=400,
    )


# ---------------------------------------------------------------------------------------------
# Board


def _board_queryset(user):
    return (
        proposals.visible_proposals(user)
        .select_related("roster_entry__sme__sector", "roster_entry__programme", "partner")
        .prefetch_related("forms")
        .order_by("-updated_at", "-id")
    )


@require_safe
@team_required
def board(request):
    filterset = ProposalFilter(request.GET, queryset=_board_queryset(request.user))
    filtered = filterset.qs
    page = Paginator(filtered, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    by_status = proposals.counts_by_status(filtered)
    by_form = proposals.counts_by_form(filtered)
    form_names = list(CooperationForm.objects.all())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnership/board.html",
        {
            "filter": filterset,
            "page": page,
            "status_counts": [(status, P(status).label, n) for status, n in by_status.items()],
            "form_counts": [(form.code, form.name, by_form.get(form.code, 0)) for form in form_names],
            "query": query.urlencode(),
        },
    )


@require_safe
@team_required
def board_export(request):
    filterset = ProposalFilter(request.GET, queryset=_board_queryset(request.user))
    return export_filtered(
        request,
        BoardResource(),
        filterset,
        filename="proposals",
        firms=lambda rows: rows.values_list("roster_entry__sme_id", flat=True),
    )


def proposal_url(proposal) -> str:
    return reverse("cooperation:proposal_detail", args=[proposal.pk])
