"""The outbox in the admin: read-only for the staff, with "send again" for failed mails."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership.lib import roles
from partnership.lib.admin import ReadOnlyAdminMixin, apply_each

from . import services
from .models import OutboxMail


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "subject",
        "to",
        "language",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
    )
    list_filter = ("status", "language", "template")
    search_fields = ("to", "cc", "bcc")
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboxMail._meta.fields]
    fields = (
        ("status", "attempts"),
        ("created_at", "sent_at", "next_attempt_at"),
        "last_error",
        ("from_email", "language", "template"),
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
        "html_body",
        "headers",
    )

    def has_send_again_permission(self, request):
        return roles.is_ministry_staff(request.user)

    @admin.action(description=_("Send the selected failed mails again"), permissions=["send_again"])
    def send_again(self, request, queryset):
        def apply(mail):
            if not services.send_again(mail):
                raise ValidationError(_("only a failed mail is sent again"))

        apply_each(
            self,
            request,
            queryset,
            apply,
            label=str,
            done_message=lambda count: ngettext(
                "%(count)d mail queued again.", "%(count)d mails queued again.", count
            ),
        )
