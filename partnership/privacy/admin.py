"""The admin of the privacy part: the access log is read-only for everyone, superusers included."""

from django.contrib import admin

from partnership.lib.admin import ReadOnlyAdminMixin

from .models import AccessLog, DataRequest


class _NoOneChanges(ReadOnlyAdminMixin):
    """Read-only, and only for users with the view permission (not the whole staff group)."""

    def has_module_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}")


@admin.register(AccessLog)
class AccessLogAdmin(_NoOneChanges, admin.ModelAdmin):
    list_display = ("at", "username", "role", "what", "detail")
    list_filter = ("what", "role")
    search_fields = ("username", "detail", "firms__legal_name", "=firms__reference")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "username", "role", "what", "detail", "path", "firms")

    def get_actions(self, request):
        return {}


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Requests are handled on the staff pages (privacy:staff_requests); here they are read."""

    list_display = ("sme", "kind", "status", "made_at", "handled_by", "handled_at")
    list_filter = ("kind", "status")
    list_select_related = ("sme", "handled_by")
    search_fields = ("sme__legal_name", "=sme__reference")
    exclude = ("export_file",)
