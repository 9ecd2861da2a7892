"""Django admin for the programme and its roster.

Statuses are never edited as fields: the admin actions call the workflow services
(:mod:`partnership.roster.services`), which check the transition table and the cap and write the timeline,
as the staff pages do. Firms are added to the roster from the SME list (action "Add to the roster")
or from the roster's picker page.
"""

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnership.lib.admin import MinistryStaffAdminMixin, ask_reason_then
from partnership.models import Programme, RosterEntry
from partnership.roster import services
from smes.models import SME


@admin.register(Programme)
class ProgrammeAdmin(MinistryStaffAdminMixin, admin.ModelAdmin):
    list_display = ("name", "year", "capacity", "places_taken", "is_active", "roster_link")
    list_filter = ("is_active", "year")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(taken=Count("roster", filter=Q(roster__status__in=RosterEntry.LIVE_STATUSES)))
        )

    @admin.display(description=_("places taken"), ordering="taken")
    def places_taken(self, obj):
        return f"{obj.taken} / {obj.capacity}"

    @admin.display(description=_("roster"))
    def roster_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("partnership:roster", args=[obj.slug]), gettext("Open")
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RosterEntry)
class RosterEntryAdmin(MinistryStaffAdminMixin, SimpleHistoryAdmin):
    list_display = ("sme", "programme", "status", "sector", "province", "added_at")
    list_filter = ("status", "programme", "sme__sector", "sme__province", "sme__consent_share_korea")
    search_fields = ("sme__legal_name", "sme__trade_name", "sme__reference")
    list_select_related = ("sme", "programme", "sme__sector", "sme__province")
    readonly_fields = (
        "programme",
        "sme",
        "status",
        "added_at",
        "added_by",
        "withdrawal_reason",
        "selection_justification",
        "updated_at",
    )
    fields = readonly_fields
    actions = ("withdraw_selected",)

    def has_add_permission(self, request):
        # Firms join through the roster service (SME list action "Add to the roster", or the picker).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sector"), ordering="sme__sector")
    def sector(self, obj):
        return obj.sme.sector

    @admin.display(description=_("province"), ordering="sme__province__name")
    def province(self, obj):
        return obj.sme.province

    @admin.action(description=_("Withdraw the selected firms from the roster"))
    def withdraw_selected(self, request, queryset):
        return ask_reason_then(
            self,
            request,
            queryset.select_related("sme", "programme"),
            lambda entry, reason: services.roster_withdraw(entry, by=request.user, reason=reason),
            title=gettext("Withdraw firms from the roster"),
            label=lambda entry: entry.sme.legal_name,
            done_message=lambda n: ngettext("Withdrew %(count)d firm.", "Withdrew %(count)d firms.", n),
        )


@admin.action(description=_("Add to the roster of the active programme"))
def add_to_roster(modeladmin, request, queryset):
    """SME admin action: all the selected firms join the roster, or none when they do not fit."""
    programme = Programme.objects.filter(is_active=True).first()
    if programme is None:
        modeladmin.message_user(request, gettext("There is no active programme."), messages.ERROR)
        return
    firms = list(queryset.order_by("legal_name", "id"))
    try:
        services.roster_add_many(programme, firms, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        modeladmin.message_user(request, reason, messages.ERROR)
    else:
        modeladmin.message_user(
            request,
            ngettext(
                "Added %(count)d firm to the roster of %(programme)s.",
                "Added %(count)d firms to the roster of %(programme)s.",
                len(firms),
            )
            % {"count": len(firms), "programme": programme.display_name},
            messages.SUCCESS,
        )


def _offer_roster_action_on_the_sme_list() -> None:
    # The SME admin belongs to the registry; the roster action is the roster's, so it is added here.
    try:
        sme_admin = admin.site.get_model_admin(SME)
    except NotRegistered:
        return
    actions = list(sme_admin.actions or ())
    if add_to_roster not in actions:
        sme_admin.actions = (*actions, add_to_roster)


_offer_roster_action_on_the_sme_list()
