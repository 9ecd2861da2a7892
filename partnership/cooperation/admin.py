"""Admin for Korean partners (with spreadsheet import and export) and cooperation proposals.

Proposals are read-only here except through the actions, which call the proposal service like
the pages do: the admin never changes a status by itself.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from partnership.cooperation import proposals
from partnership.cooperation.forms import PartnerForm
from partnership.cooperation.resources import KoreanPartnerResource
from partnership.lib.spreadsheets import SPREADSHEET_FORMATS, SpreadsheetExportForm
from partnership.models import CooperationProposal, KoreanPartner, ProposalEvent

P = CooperationProposal.Status


@admin.register(KoreanPartner)
class KoreanPartnerAdmin(SimpleHistoryAdmin, ImportExportModelAdmin):
    form = PartnerForm
    resource_classes = [KoreanPartnerResource]
    export_form_class = SpreadsheetExportForm
    formats = SPREADSHEET_FORMATS
    list_display = ("name_en", "name_ko", "brn", "region", "sector", "size", "status", "is_active")
    list_filter = ("status", "is_active", "region", "sector", "size", "cooperation_forms")
    search_fields = ("name_en", "name_ko", "brn", "offers", "needs", "contact_name")
    list_select_related = ("region", "sector")
    filter_horizontal = ("cooperation_forms", "preferred_provinces")
    # The status moves through the verification workflow (partnership.partners), never here.
    readonly_fields = ("status", "submitted_at", "verified_at", "created_at", "updated_at")
    actions = ("deactivate", "activate")
    fieldsets = (
        (_("Company"), {"fields": ("name_ko", "name_en", "brn", "region", "sector", "size", "website")}),
        (_("Cooperation"), {"fields": ("offers", "needs", "cooperation_forms", "preferred_provinces")}),
        (_("Contact person"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (
            None,
            {"fields": ("is_active", "status", "submitted_at", "verified_at", "created_at", "updated_at")},
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Partners are archived (inactive), never deleted: proposals refer to them.
        return False

    @admin.action(description=_("Mark as inactive (no new proposals)"))
    def deactivate(self, request, queryset):
        n = queryset.update(is_active=False)
        self.message_user(request, gettext("%(n)d partners marked inactive.") % {"n": n})

    @admin.action(description=_("Mark as active"))
    def activate(self, request, queryset):
        # A registration that staff have not verified stays inactive (the workflow verifies it).
        n = queryset.filter(status=KoreanPartner.Status.VERIFIED).update(is_active=True)
        self.message_user(request, gettext("%(n)d partners marked active.") % {"n": n})


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    fields = ("at", "kind", "actor", "from_state", "to_state", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("at", "id")

    def has_add_permission(self, request, obj=None):
        return False


def _move_action(target: str, description):
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for proposal in queryset.select_related("roster_entry__sme"):
            try:
                proposals.move(proposal, target, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(getattr(exc, "messages", [str(exc)]))
                refused.append(f"{proposal.title}: {reason}")
        if done:
            modeladmin.message_user(request, gettext("%(n)d proposals moved.") % {"n": done})
        for line in refused:
            modeladmin.message_user(request, line, level=messages.WARNING)

    action.__name__ = f"move_to_{target}"
    return admin.action(description=description)(action)


@admin.register(CooperationProposal)
class CooperationProposalAdmin(SimpleHistoryAdmin):
    list_display = ("title", "roster_entry", "partner", "status", "author_side", "updated_at")
    list_filter = ("status", "author_side", "forms", "roster_entry__sme__sector", "roster_entry__programme")
    search_fields = ("title", "roster_entry__sme__legal_name", "partner__name_en", "partner__name_ko")
    list_select_related = ("roster_entry__sme", "roster_entry__programme", "partner")
    date_hierarchy = "created_at"
    inlines = [ProposalEventInline]
    actions = [
        _move_action(P.UNDER_REVIEW, _("Start the review of the selected proposals")),
        _move_action(P.ACTIVE, _("Mark the selected accepted proposals as active")),
        _move_action(P.COMPLETED, _("Mark the selected active proposals as completed")),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Changes go through the pages and the service (moves, drafts, outcomes).
        return [field.name for field in self.model._meta.fields] + ["forms"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProposalEvent)
class ProposalEventAdmin(admin.ModelAdmin):
    list_display = ("proposal", "kind", "from_state", "to_state", "actor", "at")
    list_filter = ("kind", "to_state")
    search_fields = ("proposal__title", "comment")
    list_select_related = ("proposal", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
