"""Filters of a stage's shortlist and ranking (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partnership.lib.filters import BootstrapFilterSet
from partnership.roster.filters import text_query
from smes.models import Province, Sector

from .models import ShortlistEntry


class ShortlistFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="roster_entry__sme__sector",
        queryset=Sector.objects.all(),
        empty_label=_("All sectors"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="roster_entry__sme__province",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )

    class Meta:
        model = ShortlistEntry
        fields = ["q", "sector", "province"]

    def filter_text(self, queryset, name, value):
        return text_query(queryset, "roster_entry__sme__", value)
