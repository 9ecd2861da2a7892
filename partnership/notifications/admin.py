"""What ``send_reminders`` has sent, for staff to check (read-only: the command writes it)."""

from django.contrib import admin

from partnership.lib.admin import ReadOnlyAdminMixin

from .models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("sent_at", "kind", "object_key", "situation")
    list_filter = ("kind",)
    search_fields = ("object_key", "situation")
    date_hierarchy = "sent_at"
    ordering = ("-sent_at", "-id")
