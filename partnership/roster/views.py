"""The programme's roster (ministry staff) and the firms' dossiers (staff and the Korean team)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, FilteredRelation, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from partnership.lib import access_log
from partnership.lib.access import login_required, staff_required, team_required
from partnership.lib.capacity import Fill
from partnership.lib.exports import export_filtered
from partnership.lib.forms import ReasonForm
from partnership.lib.i18n import active_language
from partnership.lib.input import parse_id
from partnership.models import Programme, RosterEntry
from partnership.roster import permissions, services
from partnership.roster.filters import RosterFilter, VerifiedFirmFilter
from partnership.roster.forms import AddFirmsForm, WithdrawForm
from partnership.roster.resources import RosterResource
from smes.models import SME, SMEDocument, TimelineEvent
from smes.pagination import keyset_page

PICKER_PAGE_SIZE = 50

ROSTER_VIEWERS = staff_required.because(gettext_lazy("Only ministry staff can open the roster."))
ROSTER_MANAGERS = staff_required.because(gettext_lazy("Only ministry staff can change the roster."))
DOSSIER_VIEWERS = team_required.because(
    gettext_lazy("Only ministry staff and the Korean team can open a dossier.")
)


def roster_queryset(programme: Programme):
    # A firm is on at most one live shortlist (a constraint of surveys.ShortlistEntry): one join.
    return (
        programme.roster.select_related("sme", "sme__sector", "sme__regency", "sme__province", "added_by")
        .annotate(
            active_shortlist=FilteredRelation(
                "shortlist_entries", condition=Q(shortlist_entries__is_active=True)
            ),
            stage_name=F("active_shortlist__stage__name"),
            stage_id=F("active_shortlist__stage_id"),
        )
        .order_by("sme__legal_name", "pk")
    )


def fill_level(programme: Programme) -> Fill:
    """Places taken on the roster (every entry but the withdrawn ones), for the fill bar."""
    return programme.fill()


@ROSTER_VIEWERS
@require_safe
def current_roster(request):
    """The roster of the active programme (the navigation bar's link)."""
    programme = Programme.objects.filter(is_active=True).first()
    if programme is None:
        raise Http404
    permissions.get_programme_for_roster(request.user, programme.slug)
    return redirect("partnership:roster", programme.slug)


@ROSTER_VIEWERS
@require_safe
def roster(request, slug):
    programme = permissions.get_programme_for_roster(request.user, slug)
    filterset = RosterFilter(request.GET or None, queryset=roster_queryset(programme), programme=programme)
    live = programme.roster.live()
    by_sector = (
        live.values(
            "sme__sector__code", "sme__sector__name_en", "sme__sector__name_id", "sme__sector__name_ko"
        )
        .annotate(count=Count("pk"))
        .order_by("-count", "sme__sector__code")
    )
    by_province = (
        live.values("sme__province__code", "sme__province__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "sme__province__name")
    )
    by_status = dict(programme.roster.values_list("status").annotate(count=Count("pk")).order_by())
    context = {
        "programme": programme,
        "filterset": filterset,
        "entries": filterset.qs,
        "fill": fill_level(programme),
        "by_sector": [_sector_row(row) for row in by_sector],
        "by_province": list(by_province),
        "by_status": [(value, label, by_status.get(value, 0)) for value, label in RosterEntry.Status.choices],
        "query": request.GET.urlencode(),
    }
    return render(request, "partnership/roster.html", context)


def _sector_row(row: dict) -> dict:

    language = active_language()
    name = row.get(f"sme__sector__name_{language}") or row["sme__sector__name_en"] or _("No sector")
    return {"code": row["sme__sector__code"], "name": name, "count": row["count"]}


@ROSTER_VIEWERS
@require_safe
def roster_export(request, slug):
    programme = permissions.get_programme_for_roster(request.user, slug)
    filterset = RosterFilter(request.GET or None, queryset=roster_queryset(programme), programme=programme)
    return export_filtered(
        request,
        RosterResource(),
        filterset,
        filename=f"roster-{programme.slug}",
        firms=lambda rows: rows.values_list("sme_id", flat=True),
    )


def _picker_queryset(programme: Programme):
    # Verified firms without a live place on this roster (a withdrawn firm may come back).
    on_roster = RosterEntry.objects.live().filter(programme=programme, sme=OuterRef("pk"))
    from django.db.models import Exists

    return (
        SME.objects.verified()
        .exclude(size_class="large")
        .filter(~Exists(on_roster))
        .select_related("sector", "regency", "province")
    )


@ROSTER_MANAGERS
@require_http_methods(["GET", "HEAD", "POST"])
def roster_add(request, slug):
    """The picker: verified firms not on the roster, with filters; add one or tick several."""
    programme = permissions.get_programme_for_roster(request.user, slug, manage=True)
    data = request.GET.copy()
    data.pop("after", None)
    data.pop("before", None)
    filterset = VerifiedFirmFilter(data or None, queryset=_picker_queryset(programme))
    form = AddFirmsForm(request.POST if request.method == "POST" else None)
    selected: set[int] = set()
    if request.method == "POST":
        selected = {pk for value in request.POST.getlist("sme") if (pk := parse_id(value))}
        if form.is_valid():
            firms = list(form.cleaned_data["sme"])
            try:
                if len(firms) == 1:
                    services.roster_add(programme, firms[0], by=request.user)
                else:
                    services.roster_add_many(programme, firms, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s firm was added to the roster.",
                        "%(count)s firms were added to the roster.",
                        len(firms),
                    )
                    % {"count": len(firms)},
                )
                url = reverse("partnership:roster_add", args=[programme.slug])
                query = request.POST.get("query", "")
                return redirect(f"{url}?{query}" if query else url)
    page = keyset_page(
        filterset.qs,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        per_page=PICKER_PAGE_SIZE,
    )
    context = {
        "programme": programme,
        "filterset": filterset,
        "page": page,
        "form": form,
        "selected": selected,
        "fill": fill_level(programme),
        "query": data.urlencode(),
    }
    return render(request, "partnership/roster_add.html", context, status=400 if form.errors else 200)


@ROSTER_MANAGERS
@require_http_methods(["GET", "HEAD", "POST"])
def roster_withdraw(request, slug, pk):
    programme = permissions.get_programme_for_roster(request.user, slug, manage=True)
    entry = permissions.get_roster_entry_to_manage(request.user, programme, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if entry.status == RosterEntry.Status.WITHDRAWN:
        messages.info(request, _("%(firm)s was already withdrawn.") % {"firm": entry.sme.legal_name})
        return redirect("partnership:roster", programme.slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_withdraw(entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(
                request,
                _("%(firm)s was withdrawn from the roster; its place is free.")
                % {"firm": entry.sme.legal_name},
            )
            return redirect("partnership:roster", programme.slug)
    return render(
        request,
        "partnership/roster_withdraw.html",
        {"programme": programme, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roster_leave(request, slug, pk):
    """The SME owner withdraws its own firm from a programme, with a reason."""
    entry = permissions.get_own_roster_entry(request.user, slug, pk)
    if entry.status == RosterEntry.Status.WITHDRAWN:
        messages.info(request, _("Your firm has already withdrawn from this programme."))
        return redirect("smes:my_firm")
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_withdraw(entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your firm has withdrawn from %(programme)s.") % {"programme": entry.programme}
            )
            return redirect("smes:my_firm")
    return render(
        request,
        "partnership/roster_leave.html",
        {"entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@DOSSIER_VIEWERS
@require_safe
def dossier(request, slug, pk):
    """A firm's dossier for the programme team; printable on A4."""
    programme = get_object_or_404(Programme, slug=slug)
    entry = permissions.get_roster_entry_for_dossier(request.user, programme, pk)
    sme = entry.sme
    show_identifiers = permissions.can_view_identifiers(request.user, sme)
    access_log.record_access(
        request,
        access_log.DOSSIER,
        sme.pk,
        detail=f"{programme.slug}" + (" (with NIK and NPWP)" if show_identifiers else ""),
    )
    documents = SMEDocument.objects.filter(sme=sme, is_archived=False)
    if not show_identifiers:
        # The NPWP card carries the NPWP: never for the Korean team.
        documents = documents.exclude(kind=SMEDocument.Kind.NPWP)
    events = list(TimelineEvent.objects.filter(sme=sme).select_related("actor"))
    # The timeline keeps the programme's and the stages' names as they were written (Indonesian):
    # show them in the reader's language.
    names = {programme.name: programme.display_name}
    names.update((stage.name, stage.display_name) for stage in programme.stages.all())
    for event in events:
        event.subject = names.get(event.subject, event.subject)
    # The firm's shortlists and visits, through the roster entry's relations (visits are ordered by
    # date, scores by criterion, in their models).
    shortlist = entry.shortlist_entries.select_related("stage").prefetch_related("visits__scores__criterion")
    context = {
        "programme": programme,
        "entry": entry,
        "sme": sme,
        "show_identifiers": show_identifiers,
        "show_contact": permissions.can_view_contact_details(request.user, sme),
        "interests": list(sme.cooperation_interests.all()),
        "documents": documents,
        "events": events,
        "shortlist": shortlist,
    }
    return render(request, "partnership/dossier.html", context)
