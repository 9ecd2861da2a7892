"""Filters of the public directory and the staff list (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.html import json_script
from django.utils.translation import gettext_lazy as _

from partnership.lib.filters import BootstrapFilterSet, text_condition
from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached, cached_for_the_process

from .models import SME, CooperationForm, Province, Regency, Sector, SizeClass

ELIGIBLE_SIZES = [(value, label) for value, label in SizeClass.choices if value != SizeClass.LARGE]


def search_text(queryset, value: str, *, staff: bool = False):
    """Free text: name, trade name and products (``icontains``; a trigram index on PostgreSQL).

    Staff can also find a firm by its reference (or its start), NIB or NPWP (indexed lookups).
    """
    value = (value or "").strip()
    if not value:
        return queryset
    condition = text_condition(value, ("legal_name", "trade_name", "products"))
    if staff:
        compact = "".join(ch for ch in value if ch.isalnum())
        # References are stored upper-case; a prefix match keeps the reference's index usable
        # (an icontains or iexact on one branch of the OR would make the database scan every row).
        condition |= Q(reference__startswith=value.upper())
        if compact.isdigit():
            condition |= Q(nib=compact) | Q(npwp=compact) | Q(npwp="0" + compact)
    return queryset.filter(condition)


# Provinces and regencies are read-only reference data (a migration changes them): kept for the
# process. Sectors and cooperation forms can be edited in the admin: kept until the next write.
STATIC_CHOICES = {"province", "regency"}


def use_cached_choices(field, *key) -> None:
    """Give a model choice field its options from the cache (``partnership.lib.versioned_cache``):
    the sectors, provinces and regencies are the same on every page, and reading them each time
    costs a query per list. A chosen value is still checked against the database."""
    keep = cached_for_the_process if key[0] in STATIC_CHOICES else cached
    # The widget renders the options; the field still validates a chosen value with its queryset.
    field.widget.choices = keep(
        ("filter_choices", *key, active_language()),
        lambda: [("" if value == "" else str(value), str(label)) for value, label in field.choices],
    )


def regency_rows() -> list:
    """For the province -> regency narrowing in the browser: [code, name, province code]."""
    return cached_for_the_process(
        ("regency_rows",),
        lambda: list(Regency.objects.order_by("name").values_list("code", "name", "province_id")),
    )


def regency_rows_script() -> str:
    """:func:`regency_rows` as the page's ``<script type="application/json">`` (built once: five
    hundred rows to encode and escape on every page otherwise)."""
    return cached_for_the_process(
        ("regency_rows_script",), lambda: json_script(regency_rows(), "regencies-data")
    )


class _RegionFilterSet(BootstrapFilterSet):
    """Province, and a regency limited to the chosen province."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.all(), empty_label=_("All provinces")
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency or city"), queryset=Regency.objects.none(), empty_label=_("All regencies and cities")
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        province = (data or {}).get("province") or ""
        regency_field = self.filters["regency"]
        if province:
            regency_field.queryset = Regency.objects.filter(province_id=province[:2])
        else:
            # No province yet: the regency list stays empty until one is chosen.
            regency_field.queryset = Regency.objects.none()
            regency_field.extra["help_text"] = _("Choose a province first.")
        # The form was built from the declared filters; point its field at the narrowed list.
        self.form.fields["regency"].queryset = regency_field.queryset
        for name in ("province", "sector", "cooperation"):
            if name in self.form.fields:
                use_cached_choices(self.form.fields[name], name)
        if province[:2].isdigit():  # a bounded key: at most 100 lists are ever kept
            use_cached_choices(self.form.fields["regency"], "regency", province[:2])
        if not province:
            self.form.fields["regency"].help_text = regency_field.extra["help_text"]
            self.form.fields["regency"].disabled = True


class DirectoryFilter(_RegionFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": _("Name or product"), "type": "search"}),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("All sectors")
    )
    size_class = django_filters.ChoiceFilter(
        label=_("Size class"), choices=ELIGIBLE_SIZES, empty_label=_("All sizes")
    )
    cooperation = django_filters.ModelChoiceFilter(
        label=_("Interested in"),
        field_name="cooperation_interests",
        queryset=CooperationForm.objects.all(),
        empty_label=_("Any form of cooperation"),
    )

    class Meta:
        model = SME
        fields = ["q", "sector", "province", "regency", "size_class", "cooperation"]

    def filter_text(self, queryset, name, value):
        return search_text(queryset, value)


class StaffSMEFilter(_RegionFilterSet):
    QUEUE = "queue"
    ALL = "all"
    STATUS_CHOICES = [
        (QUEUE, _("Awaiting a decision (submitted or waiting for information)")),
        *SME.Status.choices,
        (ALL, _("All statuses")),
    ]

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, product, reference, NIB or NPWP"), "type": "search"}
        ),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("All sectors")
    )
    size_class = django_filters.ChoiceFilter(
        label=_("Size class"), choices=SizeClass.choices, empty_label=_("All sizes")
    )

    class Meta:
        model = SME
        fields = ["status", "q", "sector", "province", "regency", "size_class"]

    def __init__(self, data=None, *args, **kwargs):
        # The staff list opens on the queue of firms that wait for a decision.
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = self.QUEUE
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == self.QUEUE:
            return queryset.filter(status__in=[SME.Status.SUBMITTED, SME.Status.NEEDS_INFO])
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)

    def filter_text(self, queryset, name, value):
        return search_text(queryset, value, staff=True)
