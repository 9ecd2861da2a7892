"""Stage pages: stages and rubrics, the shortlist builder, survey visits and the ranking.

Ministry staff manage everything here; the Korean team reads the stages and works the survey
visits of the firms that consented to sharing. Every view checks its viewer through
:mod:`surveys.permissions`; every write is a POST that calls :mod:`surveys.services` or
:mod:`partnership.roster.services`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnership.lib import roles
from partnership.lib.access import staff_required, team_required
from partnership.lib.capacity import Fill
from partnership.lib.exports import export_filtered
from partnership.lib.forms import ReasonForm
from partnership.lib.input import parse_id
from partnership.models import Programme, RosterEntry, shared_with_korean_team
from partnership.roster import services as roster_services
from partnership.roster.permissions import firms_visible_to

from . import permissions, services
from .filters import ShortlistFilter
from .forms import RescheduleForm, SelectionForm, StageForm, SurveyForm, VisitForm, rubric_formset
from .models import Criterion, ShortlistEntry, Stage, SurveyVisit
from .ranking import next_undecided, ranking
from .resources import RankingResource, ShortlistResource

V = SurveyVisit.Status


MANAGE_STAGES = staff_required.because(gettext_lazy("Only ministry staff can change stages and shortlists."))
OPEN_STAGES = team_required.because(
    gettext_lazy("Only ministry staff and the Korean team can open the stages.")
)
OPEN_VISITS = team_required.because(
    gettext_lazy("Only ministry staff and the Korean team can open survey visits.")
)


def shortlist_fill(stage: Stage, taken: int) -> Fill:
    return Fill(taken=taken, capacity=stage.capacity)


# --- Stages ------------------------------------------------------------------------------------


@OPEN_STAGES
@require_safe
def stage_list(request):
    is_staff = roles.is_ministry_staff(request.user)
    shared = firms_visible_to(request.user, "shortlist__roster_entry__")
    stages = (
        Stage.objects.select_related("programme")
        .prefetch_related("eligible_provinces", "eligible_regencies")
        .annotate(
            taken=Count("shortlist", filter=Q(shortlist__is_active=True), distinct=True),
            visible=Count("shortlist", filter=Q(shortlist__is_active=True) & shared, distinct=True),
            surveyed=Count(
                "shortlist__visits",
                filter=Q(shortlist__is_active=True, shortlist__visits__status=V.DONE) & shared,
                distinct=True,
            ),
        )
        .order_by("programme__year", "programme__name", "number")
    )
    rows = [(stage, shortlist_fill(stage, stage.taken)) for stage in stages]
    return render(
        request,
        "surveys/stage_list.html",
        {"rows": rows, "can_manage": is_staff, "programmes": Programme.objects.filter(is_active=True)},
    )


def _stage_form_page(request, stage: Stage | None):
    creating = stage is None
    instance = stage or Stage()
    has_survey = (
        bool(stage) and SurveyVisit.objects.filter(shortlist_entry__stage=stage, status=V.DONE).exists()
    )
    initial = {}
    if creating:
        programme = Programme.objects.filter(is_active=True).first()
        if programme:
            last = programme.stages.order_by("-number").first()
            number = (last.number if last else 0) + 1
            initial = {"programme": programme, "number": number, "name": f"Tahap {number}"}
    form = StageForm(request.POST if request.method == "POST" else None, instance=instance, initial=initial)
    formset = None
    if not has_survey:
        formset = rubric_formset(
            data=request.POST if request.method == "POST" else None, instance=instance, offer_default=creating
        )
    if request.method == "POST":
        valid = form.is_valid()
        if formset is not None:
            # Validate the rubric against the stage being saved (a new one has no pk yet).
            formset.instance = form.instance
            valid = formset.is_valid() and valid
        if valid:
            with transaction.atomic():
                saved = form.save()
                if formset is not None:
                    formset.instance = saved
                    formset.save()
            messages.success(request, _("The stage %(stage)s was saved.") % {"stage": saved.name})
            return redirect("surveys:shortlist", saved.pk)
    return render(
        request,
        "surveys/stage_form.html",
        {
            "form": form,
            "formset": formset,
            "stage": stage,
            "has_survey": has_survey,
            "creating": creating,
            "criteria": Criterion.objects.filter(stage=stage) if has_survey else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@MANAGE_STAGES
@require_http_methods(["GET", "HEAD", "POST"])
def stage_create(request):
    return _stage_form_page(request, None)


@MANAGE_STAGES
@require_http_methods(["GET", "HEAD", "POST"])
def stage_edit(request, pk):
    stage = permissions.get_stage(request.user, pk, manage=True)
    return _stage_form_page(request, stage)


# --- Shortlist ---------------------------------------------------------------------------------


def shortlist_queryset(stage: Stage, user):
    planned = SurveyVisit.objects.filter(shortlist_entry=OuterRef("pk"), status=V.PLANNED)
    done = SurveyVisit.objects.filter(shortlist_entry=OuterRef("pk"), status=V.DONE)
    queryset = (
        stage.shortlist.filter(is_active=True)
        .select_related(
            "roster_entry",
            "roster_entry__programme",
            "roster_entry__sme",
            "roster_entry__sme__sector",
            "roster_entry__sme__regency",
            "roster_entry__sme__province",
        )
        .annotate(
            planned_visit_id=Subquery(planned.values("pk")[:1]),
            planned_for=Subquery(planned.values("scheduled_for")[:1]),
            done_visit_id=Subquery(done.values("pk")[:1]),
        )
        .order_by("-is_pilot", "roster_entry__sme__legal_name", "pk")
    )
    return queryset.filter(firms_visible_to(user, "roster_entry__"))


def candidate_rows(stage: Stage, taken: int) -> tuple[list, list]:
    """Roster firms that can join the shortlist, and the others with the reasons why not.

    Two queries: the roster with each firm's current shortlist stage, and (prefetched) regions.
    """
    active = ShortlistEntry.objects.filter(roster_entry=OuterRef("pk"), is_active=True)
    roster = (
        RosterEntry.objects.filter(programme_id=stage.programme_id)
        .exclude(shortlist_entries__stage=stage, shortlist_entries__is_active=True)
        .select_related("sme", "sme__sector", "sme__regency", "sme__province")
        .annotate(active_stage_name=Subquery(active.values("stage__name")[:1]))
        .order_by("sme__legal_name", "pk")
    )
    eligible, ineligible = [], []
    for entry in roster:
        problems = services.shortlist_problems(
            stage, entry, active_count=taken, active_stage_name=entry.active_stage_name
        )
        if problems:
            ineligible.append((entry, problems))
        else:
            eligible.append(entry)
    return eligible, ineligible


@OPEN_STAGES
@require_safe
def shortlist(request, pk):
    """The shortlist builder (staff) or the shortlist of the stage (the Korean team)."""
    stage = permissions.get_stage(request.user, pk)
    stage = Stage.objects.prefetch_related("eligible_provinces", "eligible_regencies").get(pk=stage.pk)
    is_staff = roles.is_ministry_staff(request.user)
    taken = stage.shortlist.filter(is_active=True).count()
    filterset = ShortlistFilter(request.GET or None, queryset=shortlist_queryset(stage, request.user))
    entries = list(filterset.qs)
    context = {
        "stage": stage,
        "programme": stage.programme,
        "fill": shortlist_fill(stage, taken),
        "filterset": filterset,
        "entries": entries,
        "can_manage": is_staff,
        "query": request.GET.urlencode(),
        "hidden_count": 0,
    }
    if is_staff:
        context["eligible"], context["ineligible"] = candidate_rows(stage, taken)
    else:
        context["hidden_count"] = (
            taken - stage.shortlist.filter(shared_with_korean_team("roster_entry__"), is_active=True).count()
        )
    return render(request, "surveys/shortlist.html", context)


@OPEN_STAGES
@require_safe
def shortlist_export(request, pk):
    stage = permissions.get_stage(request.user, pk)
    filterset = ShortlistFilter(request.GET or None, queryset=shortlist_queryset(stage, request.user))
    return export_filtered(
        request,
        ShortlistResource(),
        filterset,
        filename=f"shortlist-stage-{stage.number}",
        firms=lambda rows: rows.values_list("roster_entry__sme_id", flat=True),
    )


@MANAGE_STAGES
@require_POST
def shortlist_add(request, pk):
    stage = permissions.get_stage(request.user, pk, manage=True)
    roster_entry = get_object_or_404(
        RosterEntry.objects.select_related("sme"),
        pk=parse_id(request.POST.get("roster_entry")) or 0,
        programme_id=stage.programme_id,
    )
    try:
        services.shortlist_add(stage, roster_entry, by=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("%(firm)s cannot be added: %(reasons)s")
            % {"firm": roster_entry.sme.legal_name, "reasons": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("%(firm)s is on the shortlist of %(stage)s.")
            % {"firm": roster_entry.sme.legal_name, "stage": stage.display_name},
        )
    return redirect("surveys:shortlist", stage.pk)


@MANAGE_STAGES
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist_remove(request, pk, entry_pk):
    stage = permissions.get_stage(request.user, pk, manage=True)
    entry = permissions.get_shortlist_entry(request.user, stage, entry_pk, manage=True)
    if not entry.is_active:
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shortlist_remove(entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(firm)s was taken off the shortlist; its place is free.")
                % {"firm": entry.roster_entry.sme.legal_name},
            )
            return redirect("surveys:shortlist", stage.pk)
    return render(
        request,
        "surveys/shortlist_remove.html",
        {"stage": stage, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@MANAGE_STAGES
@require_POST
def shortlist_pilot(request, pk, entry_pk):
    stage = permissions.get_stage(request.user, pk, manage=True)
    entry = permissions.get_shortlist_entry(request.user, stage, entry_pk, manage=True)
    make_pilot = request.POST.get("pilot") == "1"
    try:
        services.set_pilot(entry, by=request.user, is_pilot=make_pilot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if make_pilot:
            messages.success(
                request,
                _("%(firm)s is the pilot firm of %(stage)s.")
                % {"firm": entry.roster_entry.sme.legal_name, "stage": stage.display_name},
            )
        else:
            messages.success(
                request,
                _("%(firm)s is no longer the pilot firm.") % {"firm": entry.roster_entry.sme.legal_name},
            )
    return redirect("surveys:shortlist", stage.pk)


# --- Survey visits -----------------------------------------------------------------------------


@OPEN_VISITS
@require_http_methods(["GET", "HEAD", "POST"])
def visit_plan(request, pk, entry_pk):
    stage = permissions.get_stage(request.user, pk)
    entry = permissions.get_shortlist_entry(request.user, stage, entry_pk)
    if not permissions.can_work_on_visits(request.user, entry):
        raise Http404
    sme = entry.roster_entry.sme
    initial = {"place": ", ".join(str(part) for part in (sme.address, sme.regency) if part)}
    form = VisitForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.plan_visit(
                entry,
                scheduled_for=form.cleaned_data["scheduled_for"],
                place=form.cleaned_data["place"],
                surveyors=form.cleaned_data["surveyors"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error, "scheduled_for", {"outside_window"})
        else:
            messages.success(request, _("The visit to %(firm)s is planned.") % {"firm": sme.legal_name})
            return redirect("surveys:visit", visit.pk)
    return render(
        request,
        "surveys/visit_plan.html",
        {"stage": stage, "entry": entry, "sme": sme, "form": form},
        status=400 if form.errors else 200,
    )


def _add_errors(form, error: ValidationError, field: str, field_codes: set[str]) -> None:
    """Put a service's refusal next to ``field`` when it is about that field, else on top."""
    if getattr(error, "code", None) in field_codes:
        form.add_error(field, error)
    else:
        form.add_error(None, error)


def local_copy_key(visit: SurveyVisit) -> str:
    """The name of the survey form's copy on the surveyor's device (static/js/local-copy.js)."""
    return f"survey-visit-{visit.pk}"


@OPEN_VISITS
@require_http_methods(["GET", "HEAD", "POST"])
def visit(request, pk):
    """A survey visit: its details and, while planned, the survey form that completes it."""
    visit = permissions.get_visit(request.user, pk)
    entry = visit.shortlist_entry
    stage = entry.stage
    criteria = list(Criterion.objects.filter(stage=stage))
    form = None
    if visit.status == V.PLANNED:
        # "Save as draft" keeps the answers and leaves the visit planned; completing is its own action.
        as_draft = request.method == "POST" and request.POST.get("action") == "draft"
        form = SurveyForm(
            request.POST if request.method == "POST" else None,
            criteria=criteria,
            draft=as_draft,
            saved=visit.draft,
        )
        if request.method == "POST" and form.is_valid():
            try:
                if as_draft:
                    services.save_visit_draft(
                        visit,
                        scores=form.draft_scores(),
                        recommendation=form.cleaned_data["recommendation"] or "",
                        notes=form.cleaned_data["notes"],
                        by=request.user,
                    )
                else:
                    services.complete_visit(
                        visit,
                        scores=form.scores(),
                        recommendation=form.cleaned_data["recommendation"],
                        notes=form.cleaned_data["notes"],
                        by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                firm = entry.roster_entry.sme.legal_name
                # The message tells survey-form's local copy (local-copy.js) that the form arrived.
                sent = f"local-copy:{local_copy_key(visit)}"
                if as_draft:
                    messages.success(
                        request,
                        _("The draft of the survey of %(firm)s is saved. The visit is not completed yet.")
                        % {"firm": firm},
                        extra_tags=sent,
                    )
                    return redirect("surveys:visit", visit.pk)
                messages.success(
                    request, _("The survey of %(firm)s is recorded.") % {"firm": firm}, extra_tags=sent
                )
                return redirect("surveys:ranking", stage.pk)
    elif request.method == "POST":
        messages.error(
            request,
            _("This visit is %(status)s: it cannot be changed.") % {"status": visit.get_status_display()},
        )
        return redirect("surveys:visit", visit.pk)
    scores = visit.scores.select_related("criterion") if visit.status == V.DONE else []
    return render(
        request,
        "surveys/visit.html",
        {
            "visit": visit,
            "entry": entry,
            "stage": stage,
            "sme": entry.roster_entry.sme,
            "form": form,
            "scores": scores,
            "local_copy_key": local_copy_key(visit),
        },
        status=400 if form is not None and form.errors else 200,
    )


@OPEN_VISITS
@require_http_methods(["GET", "HEAD", "POST"])
def visit_reschedule(request, pk):
    visit = permissions.get_visit(request.user, pk)
    if visit.status != V.PLANNED:
        raise Http404
    form = RescheduleForm(
        request.POST if request.method == "POST" else None, initial={"scheduled_for": visit.scheduled_for}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reschedule_visit(
                visit,
                scheduled_for=form.cleaned_data["scheduled_for"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error, "scheduled_for", {"outside_window", "same_date"})
        else:
            messages.success(request, _("The visit is rescheduled."))
            return redirect("surveys:visit", visit.pk)
    return render(
        request,
        "surveys/visit_change.html",
        {"visit": visit, "form": form, "title": _("Reschedule the visit"), "submit": _("Reschedule")},
        status=400 if form.errors else 200,
    )


@OPEN_VISITS
@require_http_methods(["GET", "HEAD", "POST"])
def visit_cancel(request, pk):
    visit = permissions.get_visit(request.user, pk)
    if visit.status != V.PLANNED:
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_visit(visit, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The visit is cancelled."))
            return redirect("surveys:shortlist", visit.shortlist_entry.stage_id)
    return render(
        request,
        "surveys/visit_change.html",
        {
            "visit": visit,
            "form": form,
            "title": _("Cancel the visit"),
            "submit": _("Cancel the visit"),
            "danger": True,
        },
        status=400 if form.errors else 200,
    )


# --- Ranking and selection ---------------------------------------------------------------------


def _filtered_ranking(request, stage: Stage):
    criteria, ranked = ranking(stage, viewer=request.user)
    filterset = ShortlistFilter(request.GET or None, queryset=stage.shortlist.filter(is_active=True))
    if filterset.is_bound and any(value for key, value in request.GET.items() if key in filterset.filters):
        allowed = set(filterset.qs.values_list("pk", flat=True))
        ranked = [row for row in ranked if row.shortlist_entry.pk in allowed]
    return criteria, ranked, filterset


@OPEN_STAGES
@require_safe
def ranking_page(request, pk):
    stage = permissions.get_stage(request.user, pk)
    criteria, ranked, filterset = _filtered_ranking(request, stage)
    can_decide = roles.is_ministry_staff(request.user)
    return render(
        request,
        "surveys/ranking.html",
        {
            "stage": stage,
            "criteria": criteria,
            "ranked": ranked,
            "filterset": filterset,
            "can_decide": can_decide,
            "next_row": next_undecided(ranked) if can_decide else None,
            "query": request.GET.urlencode(),
        },
    )


@OPEN_STAGES
@require_safe
def ranking_export(request, pk):
    stage = permissions.get_stage(request.user, pk)
    criteria, ranked, filterset = _filtered_ranking(request, stage)
    return export_filtered(
        request,
        RankingResource(criteria),
        filterset,
        filename=f"ranking-stage-{stage.number}",
        rows=lambda _qs: ranked,
        firms=lambda rows: [row.shortlist_entry.roster_entry.sme_id for row in rows],
    )


@MANAGE_STAGES
@require_http_methods(["GET", "HEAD", "POST"])
def selection(request, pk, entry_pk):
    stage = permissions.get_stage(request.user, pk, manage=True)
    entry = permissions.get_shortlist_entry(request.user, stage, entry_pk, manage=True)
    roster_entry = entry.roster_entry
    # A decision is recorded, and revised, for a surveyed firm.
    if roster_entry.status not in RosterEntry.SURVEYED_OR_BEYOND:
        messages.error(request, _("Only a surveyed firm can be selected or not selected."))
        return redirect("surveys:ranking", stage.pk)
    current = roster_entry.status if roster_entry.status in RosterEntry.DECISIONS else ""
    form = SelectionForm(request.POST if request.method == "POST" else None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            roster_services.record_selection(
                roster_entry,
                form.cleaned_data["decision"],
                by=request.user,
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The decision on %(firm)s is recorded.") % {"firm": roster_entry.sme.legal_name}
            )
            return redirect(reverse("surveys:ranking", args=[stage.pk]))
    criteria, ranked = ranking(stage)
    row = next((row for row in ranked if row.shortlist_entry.pk == entry.pk), None)
    return render(
        request,
        "surveys/selection.html",
        {
            "stage": stage,
            "entry": entry,
            "sme": roster_entry.sme,
            "form": form,
            "row": row,
            "criteria": criteria,
            "current_decision": current and roster_entry.get_status_display(),
            "justification": roster_entry.selection_justification if current else "",
            "next_row": next_undecided(ranked, after=row),
        },
        status=400 if form.errors else 200,
    )
