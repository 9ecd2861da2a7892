"""Shared pieces of the Django admin: the staff group's access, and actions that call a service."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext

from . import roles
from .forms import ReasonForm


class MinistryStaffAdminMixin:
    """The "Ministry staff" group works the registry in the admin without per-model permissions.

    Deleting stays off unless a model admin allows it: nothing people entered is deleted.
    """

    def _is_staff(self, request) -> bool:
        return roles.is_ministry_staff(request.user)

    def has_module_permission(self, request):
        return self._is_staff(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_staff(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_staff(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_staff(request) or super().has_add_permission(request, *args)

    def action_checkbox(self, obj):
        """Django's checkbox of a changelist row, written directly: rendering a form widget through
        the template engine for each of the 50 rows cost a fifth of the page."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


class ReadOnlyAdminMixin(MinistryStaffAdminMixin):
    """Rows that people see in the admin but change elsewhere (migrations, the workflow)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def apply_each(modeladmin, request, objects, apply, *, label, done_message) -> None:
    """Call ``apply(obj)`` for each object; the refused ones are named with the reason, not crashed on."""
    done, refused = 0, []
    for obj in objects:
        try:
            apply(obj)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            refused.append(f"{label(obj)}: {reason}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request, gettext("Not changed: %(items)s") % {"items": "; ".join(refused)}, messages.WARNING
        )


def ask_reason_then(modeladmin, request, queryset, apply, *, title, label, done_message):
    """An admin action that asks for a reason on an intermediate page, then applies a service."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        apply_each(
            modeladmin,
            request,
            queryset,
            lambda obj: apply(obj, reason),
            label=label,
            done_message=done_message,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "objects": [label(obj) for obj in queryset],
        "selected": queryset.values_list("pk", flat=True),
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "partnership/roster_admin_reason.html", context)
