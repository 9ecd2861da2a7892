"""Template helpers for the portal's forms."""

from django import template
from django.utils.html import strip_tags

register = template.Library()

# Inputs that a re-rendered form cannot give back: browsers never send a file again, and
# password inputs are never rendered with their value.
NOT_KEPT_WIDGETS = {"password", "file", "clearablefile"}


@register.filter
def has_fields_not_kept(form) -> bool:
    """Whether ``form`` has a password or file input, which must be entered again after a reload."""
    return any(field.widget_type in NOT_KEPT_WIDGETS for field in form)


@register.inclusion_tag("smes/includes/error_summary.html")
def error_summary(*forms):
    """One summary of the errors of one or several forms on a page, each linked to its field.

    A page with two forms (the registration: account and firm) shows one box, not one per form.
    """
    forms = [form for form in forms if form is not None and hasattr(form, "errors")]
    items = []
    for form in forms:
        items.extend((None, "", error) for error in form.non_field_errors())
        for field in form:
            # Radio buttons and check boxes have no single input to point at: their wrapper then.
            anchor = field.id_for_label or (f"div_{field.auto_id}" if field.auto_id else "")
            items.extend((anchor, strip_tags(field.label or ""), error) for error in field.errors)
    return {
        "items": items,
        "not_kept": any(has_fields_not_kept(form) for form in forms),
        "summary_id": "form-errors-" + (next((form.prefix for form in forms if form.prefix), None) or "main"),
    }


@register.simple_tag
def size_scale():
    """The size classes and their thresholds (``smes.models.size_scale``), for the page and its script."""
    from smes.models import size_scale as scale

    return scale()


@register.filter
def phone(value) -> str:
    """A stored E.164 phone number in the form people dial (``smes.validators.format_phone``)."""
    from smes.validators import format_phone

    return format_phone(str(value or ""))
