"""The programme dashboard (staff and the Korean team) and the dated programme report (staff)."""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from partnership.dashboard import figures as dashboard
from partnership.dashboard.report import render_pdf, stage_rankings
from partnership.lib.access import staff_required, team_required
from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached
from partnership.models import Programme

EARLIEST_REPORT_DATE = datetime.date(2000, 1, 1)


DASHBOARD_VIEWERS = team_required.because(
    gettext_lazy("The dashboard is for ministry staff and the Korean team.")
)
REPORT_VIEWERS = staff_required.because(gettext_lazy("Programme reports are for ministry staff."))


def chart_data(figures: dict) -> dict:
    """The numbers the charts draw, with their labels already translated (read by dashboard.js)."""
    statuses = figures["proposal_statuses"]
    return {
        "labels": {
            "firms": _("Firms"),
            "registered": _("Registered"),
            "verified": _("Verified"),
            "roster": _("On the roster"),
            "proposals": _("Proposals"),
        },
        "funnel": {
            "labels": [step.label for step in figures["funnel"]],
            "values": [step.count for step in figures["funnel"]],
        },
        "by_sector": _groups(figures["by_sector"]),
        "by_province": _groups(figures["by_province"]),
        "by_size_class": _groups(figures["by_size_class"]),
        "proposals_by_status": {
            "labels": [row["label"] for row in figures["proposals_by_status"]],
            "values": [row["count"] for row in figures["proposals_by_status"]],
        },
        "proposals_by_form": {
            "labels": [row["label"] for row in figures["proposals_by_form"]],
            "series": [
                {"label": status, "values": [row["by_status"][i] for row in figures["proposals_by_form"]]}
                for i, status in enumerate(statuses)
            ],
        },
    }


def _groups(rows: list[dict]) -> dict:
    return {
        "labels": [row["label"] for row in rows],
        "registered": [row["registered"] for row in rows],
        "verified": [row["verified"] for row in rows],
        "roster": [row["roster"] for row in rows],
    }


@require_safe
@DASHBOARD_VIEWERS
def programme_dashboard(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    # Cached until the next move (partnership.lib.versioned_cache): the figures stay exact.
    figures = cached(
        ("programme_figures", programme.pk, active_language()), lambda: dashboard.programme_figures(programme)
    )
    return render(
        request,
        "partnership/dashboard.html",
        {
            "programme": programme,
            "figures": figures,
            "chart_data": chart_data(figures),
            "funnel_max": max((step.count for step in figures["funnel"]), default=0),
            "now": timezone.localtime(),
        },
    )


@require_safe
@DASHBOARD_VIEWERS
def current_dashboard(request):
    """The navigation bar's link: the dashboard of the active programme."""
    programme = Programme.objects.filter(is_active=True).first()
    if programme is None:
        raise Http404(_("There is no active programme."))
    return redirect("partnership:dashboard", slug=programme.slug)


class ReportDateForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Figures as of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=gettext_lazy("Year-month-day, e.g. 2015-04-30. The figures include that whole day."),
        error_messages={"invalid": gettext_lazy("Enter a real date as year-month-day, e.g. 2015-04-30.")},
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(
                _("The report cannot look into the future: choose today (%(today)s) or an earlier day."),
                params={"today": today.isoformat()},
            )
        if day < EARLIEST_REPORT_DATE:
            raise forms.ValidationError(_("Choose a day from the year 2000 on."))
        return day


def _report_context(request, programme: Programme):
    """The report's context, or ``None`` figures when the date is bad (the form says why)."""
    data = request.GET.copy()
    if not data.get("date"):
        data["date"] = timezone.localdate().isoformat()
    form = ReportDateForm(data)
    context = {"programme": programme, "form": form, "figures": None, "rankings": None}
    if form.is_valid():
        day = form.cleaned_data["date"]
        as_of = dashboard.end_of_day(day)
        context.update(
            day=day,
            as_of=as_of,
            figures=dashboard.programme_figures(programme, as_of),
            rankings=stage_rankings(programme, as_of),
            generated_at=timezone.localtime(),
        )
    return context


@require_safe
@REPORT_VIEWERS
def programme_report(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    context = _report_context(request, programme)
    return render(request, "partnership/report.html", context)


@require_safe
@REPORT_VIEWERS
def programme_report_pdf(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    context = _report_context(request, programme)
    if context["figures"] is None:
        # Same page as the HTML report, with the message next to the date field.
        return render(request, "partnership/report.html", context, status=400)
    pdf = render_pdf("partnership/report_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{programme.slug}-report-{context['day'].isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
