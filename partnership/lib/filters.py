"""The base of every filter set of the staff and team pages (django-filter)."""

import django_filters
from django import forms


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
