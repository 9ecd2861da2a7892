"""The base of every filter set of the staff and team pages (django-filter)."""

from collections.abc import Iterable
from functools import reduce
from html import escape
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


def text_condition(value: str, fields: Iterable[str]) -> Q:
    """``value`` within any of ``fields`` (``icontains``; the fields may follow relations)."""
    return reduce(or_, (Q(**{f"{name}__icontains": value}) for name in fields))


def text_search(queryset, value: str, fields: Iterable[str]):
    """The free-text search box of a list: ``value``, trimmed, within any of ``fields``.

    Blank text leaves ``queryset`` as it is.
    """
    value = (value or "").strip()
    if not value:
        return queryset
    return queryset.filter(text_condition(value, fields))


class QuickSelect(forms.Select):
    """Django's select, its options written in Python: the stock widget renders a template per
    option, which on a list page's filters (provinces, regencies, sectors) cost milliseconds a page.
    The same markup as ``django/forms/widgets/select.html``: the attributes as ``flatatt`` writes
    them (``True`` as a bare name, ``False`` and ``None`` left out), every value escaped."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{escape(str(widget["name"]))}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'<optgroup label="{escape(str(group_name))}">')
            html.extend(
                f'<option value="{escape(str(option["value"]))}"{flatatt(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>"
                for option in options
            )
            if group_name:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("\n".join(html))  # noqa: S308 (every value is escaped)


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry Bootstrap's classes, its selects :class:`QuickSelect`."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                # The same widget (its choices, attributes), rendered without a template per option.
                field.widget.__class__ = QuickSelect
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
