"""Template helpers for the portal's forms."""

from django import template

register = template.Library()

# Inputs that a re-rendered form cannot give back: browsers never send a file again, and
# password inputs are never rendered with their value.
NOT_KEPT_WIDGETS = {"password", "file", "clearablefile"}


@register.filter
def has_fields_not_kept(form) -> bool:
    """Whether ``form`` has a password or file input, which must be entered again after a reload."""
    return any(field.widget_type in NOT_KEPT_WIDGETS for field in form)
