"""Ministry staff pages: firms awaiting a decision, a firm's full record, verification decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnership.lib import access_log
from partnership.lib.access import staff_required
from partnership.lib.exports import export_filtered
from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached

from .filters import StaffSMEFilter, regency_rows_script
from .forms_staff import DECISION_SERVICES, DecisionForm, decisions_for
from .models import SME
from .pagination import keyset_page, result_count
from .resources import SMEResource
from .rows import address_of, escape, with_card_names

STAFF_PAGE_SIZE = 50


# The columns of a row of the staff list (the names come from smes.rows.with_card_names).
ROW_FIELDS = (
    "id",
    "legal_name",
    "trade_name",
    "reference",
    "status",
    "size_class",
    "submitted_at",
    "sector",
    "regency",
    "province",
)


def _staff_queryset():
    return SME.objects.select_related("sector", "regency", "province")


def staff_rows(firms: list) -> list[str]:
    """The HTML of each firm's row in the staff list (every value escaped).

    Built here rather than in the template: fifty rows, a lookup, an include and a filter at a time,
    were half of the page's rendering (bench/RESULTS.md, "HTTP"). The status badge is the one of
    ``smes/includes/status_badge.html``."""
    detail = address_of("smes:staff_detail")
    statuses = {value: escape(capfirst(label)) for value, label in SME.Status.choices}
    sizes = {value: escape(capfirst(label)) for value, label in SME._meta.get_field("size_class").choices}
    rows = []
    for sme in firms:
        href = detail(sme.pk)
        trade = (
            f'<div class="small text-body-secondary fw-normal">{escape(sme.trade_name)}</div>'
            if sme.trade_name
            else ""
        )
        sector = escape(sme.sector.name) if sme.sector else "—"
        if sme.regency:
            province = escape(sme.province.name) if sme.province else ""
            region = f'{escape(sme.regency.name)}<div class="small text-body-secondary">{province}</div>'
        else:
            region = "—"
        if sme.submitted_at:
            submitted = timezone.localtime(sme.submitted_at)
            when = (
                f'<time datetime="{dateformat.format(submitted, "c")}">'
                f"{escape(date_format(submitted, 'SHORT_DATE_FORMAT'))}</time>"
            )
        else:
            when = "—"
        rows.append(
            mark_safe(  # noqa: S308 (every value is escaped)
                f'<tr><th scope="row"><a href="{href}">{escape(sme.legal_name)}</a>{trade}</th>'
                f'<td class="text-nowrap">{escape(sme.reference or "—")}</td>'
                f'<td><span class="badge text-bg-{sme.status_colour}">{statuses.get(sme.status, "")}</span></td>'
                f"<td>{sector}</td><td>{region}</td><td>{sizes.get(sme.size_class) or '—'}</td>"
                f'<td class="text-nowrap">{when}</td></tr>'
            )
        )
    return rows


@require_safe
@staff_required
def staff_list(request):
    filterset = StaffSMEFilter(request.GET, queryset=SME.objects.only(*ROW_FIELDS))
    filtered = filterset.qs
    page = keyset_page(
        filtered, after=request.GET.get("after"), before=request.GET.get("before"), per_page=STAFF_PAGE_SIZE
    )
    with_card_names(page.items, interests=False)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)

    def filter_form() -> str:
        return render_to_string("smes/staff_filter_fields.html", {"form": filterset.form}, request)

    # The queue as it opens (no filter chosen): its form is always the same, kept until a write.
    form_html = cached(("staff_filter_form", active_language()), filter_form) if not query else filter_form()
    return render(
        request,
        "smes/staff_list.html",
        {
            "filter": filterset,
            "filter_form_html": form_html,
            "page": page,
            "rows": staff_rows(page.items),
            "count": result_count(filtered, page),
            "query": query.urlencode(),
            "regencies_script": regency_rows_script(),
        },
    )


@require_safe
@staff_required
def staff_export(request):
    """Exactly the filtered staff list (every page of it), as ``?format=csv`` or ``xlsx``."""
    filterset = StaffSMEFilter(request.GET, queryset=_staff_queryset())
    return export_filtered(
        request,
        SMEResource(),
        filterset,
        filename="smes",
        rows=lambda qs: qs.order_by("legal_name", "id"),
        firms=lambda rows: rows.values_list("pk", flat=True),
    )


def _get_sme(pk) -> SME:
    return get_object_or_404(_staff_queryset().select_related("owner"), pk=pk)


def _detail_context(sme: SME, form: DecisionForm) -> dict:
    return {
        "sme": sme,
        "documents": sme.documents.select_related("uploaded_by"),
        "events": sme.events.select_related("actor"),
        "interests": sme.cooperation_interests.all(),
        "form": form,
        "decisions": decisions_for(sme),
        # The next firm of the queue, so that a decision leads on to the next one.
        "next_in_queue": SME.objects.awaiting_verification()
        .exclude(pk=sme.pk)
        .only("pk", "legal_name")
        .first(),
    }


@require_safe
@staff_required
def staff_detail(request, pk):
    sme = _get_sme(pk)
    # The page shows the NIK, the NPWP and the contact person.
    access_log.record_access(
        request, access_log.IDENTIFIERS, sme.pk, detail="staff detail: NIK, NPWP, contact"
    )
    return render(request, "smes/staff_detail.html", _detail_context(sme, DecisionForm(sme=sme)))


@require_POST
@staff_required
def staff_decide(request, pk):
    sme = _get_sme(pk)
    form = DecisionForm(request.POST, sme=sme)
    if not form.is_valid():
        messages.error(request, _("The decision was not recorded: please correct the form below."))
        return render(request, "smes/staff_detail.html", _detail_context(sme, form), status=400)
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        sme = DECISION_SERVICES[decision](sme, by=request.user, note=note)
    except (ValidationError, PermissionDenied) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(
            request,
            _("This decision cannot be taken on a firm that is “%(status)s”. %(reason)s")
            % {"status": sme.get_status_display(), "reason": reason},
        )
        return redirect("smes:staff_detail", pk=sme.pk)
    messages.success(
        request,
        {
            SME.Status.VERIFIED: _("%(name)s is verified."),
            SME.Status.NEEDS_INFO: _("%(name)s was asked for more information by e-mail."),
            SME.Status.REJECTED: _("The registration of %(name)s was rejected."),
        }[decision]
        % {"name": sme.legal_name},
    )
    return redirect("smes:staff_detail", pk=sme.pk)
