"""The base of every filter set of the staff and team pages (django-filter)."""

from collections.abc import Iterable
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q


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


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
