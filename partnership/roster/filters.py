"""Filters of the roster page and of the picker of verified firms (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from partnership.lib.filters import BootstrapFilterSet, text_search
from partnership.models import RosterEntry
from smes.models import SME, Province, Regency, Sector


def text_query(queryset, prefix: str, value: str):
    """Free text over the firm's names, reference and products."""
    return text_search(
        queryset, value, (f"{prefix}{name}" for name in ("legal_name", "trade_name", "reference", "products"))
    )


class RosterFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RosterEntry.Status.choices, empty_label=_("All statuses")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sme__sector",
        queryset=Sector.objects.all(),
        empty_label=_("All sectors"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name="sme__province",
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
    stage = django_filters.ModelChoiceFilter(
        label=_("Stage"), queryset=None, method="filter_stage", empty_label=_("All stages")
    )

    class Meta:
        model = RosterEntry
        fields = ["q", "status", "sector", "province", "stage"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["stage"].queryset = programme.stages.all()
        # Only provinces that have firms on this roster: a short list, one query.
        self.filters["province"].queryset = Province.objects.filter(
            smes__roster_entries__programme=programme
        ).distinct()

    def filter_text(self, queryset, name, value):
        return text_query(queryset, "sme__", value)

    def filter_stage(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(shortlist_entries__stage=value, shortlist_entries__is_active=True)


class VerifiedFirmFilter(BootstrapFilterSet):
    """The picker: verified firms that are not on the roster."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("All sectors")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency or city"),
        queryset=Regency.objects.all(),
        method="filter_regency",
        empty_label=_("All regencies and cities"),
    )
    size_class = django_filters.ChoiceFilter(
        label=_("Size class"),
        choices=SME._meta.get_field("size_class").choices,
        empty_label=_("All sizes"),
    )

    class Meta:
        model = SME
        fields = ["q", "sector", "province", "regency", "size_class"]

    def filter_text(self, queryset, name, value):
        return text_query(queryset, "", value)

    def filter_regency(self, queryset, name, value):
        return queryset.filter(regency=value) if value else queryset
