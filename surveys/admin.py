"""Django admin for stages (with their rubric), shortlists and survey visits (with their scores).

The rubric inline refuses weights that do not add up to 100, like the stage page; a new stage is
offered the default rubric. Shortlist and visit moves are admin actions that call the services.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnership.lib.admin import MinistryStaffAdminMixin, apply_each, ask_reason_then

from . import services
from .forms import BaseRubricFormSet, CriterionForm
from .models import Criterion, Score, ShortlistEntry, Stage, SurveyVisit
from .rubric import DEFAULT_RUBRIC


class CriterionInline(MinistryStaffAdminMixin, admin.TabularInline):
    model = Criterion
    form = CriterionForm
    formset = BaseRubricFormSet
    fields = ("order", "code", "name_en", "name_id", "name_ko", "weight")
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return len(DEFAULT_RUBRIC) if obj is None else 1

    def has_delete_permission(self, request, obj=None):
        # A criterion that has scores stays (PROTECT); a rubric without surveys can be changed.
        return (
            obj is None
            or not SurveyVisit.objects.filter(
                shortlist_entry__stage=obj, status=SurveyVisit.Status.DONE
            ).exists()
        )


@admin.register(Stage)
class StageAdmin(MinistryStaffAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "programme",
        "number",
        "places_taken",
        "survey_start",
        "survey_end",
        "status",
        "page",
    )
    list_filter = ("programme", "status")
    search_fields = ("name",)
    filter_horizontal = ("eligible_provinces", "eligible_regencies")
    inlines = (CriterionInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("programme")
            .annotate(taken=Count("shortlist", filter=Q(shortlist__is_active=True)))
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CriterionInline) and not obj.pk and request.method == "GET":
            kwargs["initial"] = [dict(row, order=index) for index, row in enumerate(DEFAULT_RUBRIC, start=1)]
        return kwargs

    @admin.display(description=_("shortlisted"), ordering="taken")
    def places_taken(self, obj):
        return f"{obj.taken} / {obj.capacity}"

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("surveys:shortlist", args=[obj.pk]), gettext("Open")
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShortlistEntry)
class ShortlistEntryAdmin(MinistryStaffAdminMixin, SimpleHistoryAdmin):
    list_display = ("firm", "stage", "is_pilot", "is_active", "roster_status", "added_at")
    list_filter = ("stage", "is_active", "is_pilot", "roster_entry__status", "roster_entry__sme__province")
    search_fields = ("roster_entry__sme__legal_name", "roster_entry__sme__reference")
    list_select_related = ("stage", "roster_entry", "roster_entry__sme")
    readonly_fields = (
        "stage",
        "roster_entry",
        "is_pilot",
        "is_active",
        "removal_reason",
        "added_at",
        "added_by",
    )
    fields = readonly_fields
    actions = ("remove_selected", "mark_pilot")

    def has_add_permission(self, request):
        # Firms join a shortlist on the stage page, where eligibility is shown and checked.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("firm"), ordering="roster_entry__sme__legal_name")
    def firm(self, obj):
        return obj.roster_entry.sme

    @admin.display(description=_("roster status"), ordering="roster_entry__status")
    def roster_status(self, obj):
        return obj.roster_entry.get_status_display()

    @admin.action(description=_("Remove the selected firms from their shortlist"))
    def remove_selected(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset.select_related("stage", "roster_entry__sme"),
            lambda entry, reason: services.shortlist_remove(entry, by=request.user, reason=reason),
            title=gettext("Remove firms from the shortlist"),
            label=lambda entry: f"{entry.roster_entry.sme.legal_name} ({entry.stage.display_name})",
            done_message=lambda n: ngettext("Removed %(count)d firm.", "Removed %(count)d firms.", n),
        )

    @admin.action(description=_("Mark as the pilot firm of its stage"))
    def mark_pilot(self, request, queryset):
        apply_each(
            self,
            request,
            queryset.select_related("stage", "roster_entry__sme")[:1],
            lambda entry: services.set_pilot(entry, by=request.user),
            label=lambda entry: entry.roster_entry.sme.legal_name,
            done_message=lambda n: ngettext(
                "Marked %(count)d pilot firm.", "Marked %(count)d pilot firms.", n
            ),
        )


class ScoreInline(MinistryStaffAdminMixin, admin.TabularInline):
    model = Score
    fields = ("criterion", "value", "comment")
    readonly_fields = ("criterion", "value")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Scores are recorded with the survey form, which completes the visit.
        return False


@admin.register(SurveyVisit)
class SurveyVisitAdmin(MinistryStaffAdminMixin, SimpleHistoryAdmin):
    list_display = ("firm", "stage", "scheduled_for", "status", "recommendation", "surveyors")
    list_filter = ("status", "recommendation", "shortlist_entry__stage")
    search_fields = ("shortlist_entry__roster_entry__sme__legal_name", "surveyors", "place")
    date_hierarchy = "scheduled_for"
    list_select_related = ("shortlist_entry__stage", "shortlist_entry__roster_entry__sme")
    readonly_fields = (
        "shortlist_entry",
        "scheduled_for",
        "status",
        "recommendation",
        "cancellation_reason",
        "created_by",
        "created_at",
        "completed_at",
    )
    fields = (
        *readonly_fields[:2],
        "place",
        "surveyors",
        *readonly_fields[2:5],
        "notes",
        *readonly_fields[5:],
    )
    inlines = (ScoreInline,)
    actions = ("cancel_selected",)

    def has_add_permission(self, request):
        # Visits are planned on the stage page (date within the survey window, one at a time).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("firm"), ordering="shortlist_entry__roster_entry__sme__legal_name")
    def firm(self, obj):
        return obj.shortlist_entry.roster_entry.sme

    @admin.display(description=_("stage"), ordering="shortlist_entry__stage")
    def stage(self, obj):
        return obj.shortlist_entry.stage

    @admin.action(description=_("Cancel the selected visits"))
    def cancel_selected(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset.select_related("shortlist_entry__roster_entry__sme"),
            lambda visit, reason: services.cancel_visit(visit, by=request.user, reason=reason),
            title=gettext("Cancel survey visits"),
            label=lambda visit: (
                f"{visit.shortlist_entry.roster_entry.sme.legal_name} – {visit.scheduled_for:%Y-%m-%d}"
            ),
            done_message=lambda n: ngettext("Cancelled %(count)d visit.", "Cancelled %(count)d visits.", n),
        )
