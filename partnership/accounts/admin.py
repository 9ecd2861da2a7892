"""The user admin with the portal's permission model (see ``policy``).

Django's own ``UserAdmin`` lets anyone with ``auth.change_user`` make themselves a superuser.
Here a staff member (not a superuser) gets a change form for the accounts of SME owners and the
Korean team only, without privilege fields and without typing passwords; every other account is
read-only to them, and a POST to it is refused (403) by Django's change view.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import policy, services
from .forms import StaffAccountChangeForm, StaffAccountCreationForm

STAFF_FIELDSETS = (
    (None, {"fields": ("username",)}),
    (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
    (_("Account"), {"fields": ("is_active", "groups")}),
    (_("Granted by a superuser"), {"fields": ("is_staff", "is_superuser")}),
    (_("Important dates"), {"fields": ("last_login", "date_joined")}),
)
STAFF_ADD_FIELDSETS = (
    (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email", "groups")}),
)
STAFF_READONLY_FIELDS = ("is_staff", "is_superuser", "last_login", "date_joined")


class MitraUserAdmin(SimpleHistoryAdmin, UserAdmin):
    actions = ["send_password_reset", "deactivate"]

    # Object permissions ---------------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or policy.can_manage_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted (their history points at them); superusers only.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    # Forms ----------------------------------------------------------------------------------
    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return STAFF_ADD_FIELDSETS if obj is None else STAFF_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return STAFF_READONLY_FIELDS

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = StaffAccountCreationForm if obj is None else StaffAccountChangeForm
        # Skip UserAdmin.get_form, which would put back Django's creation form with passwords.
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not policy.is_managed_account(obj):
            # Defence in depth: the forms cannot produce this, whatever was posted.
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser and not policy.is_managed_account(form.instance):
            raise PermissionDenied
        if not change and isinstance(form, StaffAccountCreationForm):
            if services.send_password_reset(form.instance, new_account=True):
                messages.info(
                    request,
                    _("An e-mail with a link to choose a password is on its way to %(email)s.")
                    % {"email": form.instance.email},
                )

    def user_change_password(self, request, id, form_url=""):
        # Staff send the reset e-mail (the action "Send a password-reset e-mail") instead.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    # Actions --------------------------------------------------------------------------------
    def _manageable(self, request, queryset):
        selected = list(queryset.prefetch_related("groups", "user_permissions"))
        allowed = [user for user in selected if policy.can_manage_account(request.user, user)]
        refused = len(selected) - len(allowed)
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d account was left alone: only a superuser manages staff and superuser accounts.",
                    "%(count)d accounts were left alone: only a superuser manages staff and superuser accounts.",
                    refused,
                )
                % {"count": refused},
            )
        return allowed

    @admin.action(description=_("Send a password-reset e-mail"), permissions=["change"])
    def send_password_reset(self, request, queryset):
        sent = skipped = 0
        with transaction.atomic():
            for user in self._manageable(request, queryset):
                if services.send_password_reset(user):
                    sent += 1
                else:
                    skipped += 1
        if sent:
            messages.success(
                request,
                ngettext(
                    "A password-reset e-mail is on its way to %(count)d account.",
                    "A password-reset e-mail is on its way to %(count)d accounts.",
                    sent,
                )
                % {"count": sent},
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d account has no e-mail address or is inactive: no e-mail was sent.",
                    "%(count)d accounts have no e-mail address or are inactive: no e-mail was sent.",
                    skipped,
                )
                % {"count": skipped},
            )

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        users = [user for user in self._manageable(request, queryset) if user.is_active]
        User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
        for user in users:
            self.log_change(request, user, [{"changed": {"fields": ["is_active"]}}])
        messages.success(
            request,
            ngettext("%(count)d account was deactivated.", "%(count)d accounts were deactivated.", len(users))
            % {"count": len(users)},
        )


admin.site.unregister(User)
admin.site.register(User, MitraUserAdmin)
