"""Filters of the Korean partner list and the proposals board (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from partnership.lib.filters import text_search
from partnership.models import CooperationProposal, KoreanPartner, KoreanProvince
from smes.models import CooperationForm, Province, Sector
from surveys.models import ShortlistEntry, Stage


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(
        queryset=KoreanProvince.objects.all(), label=_("Region"), empty_label=_("All regions")
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), label=_("Sector"), empty_label=_("All sectors")
    )
    size = django_filters.ChoiceFilter(
        choices=KoreanPartner.Size.choices, label=_("Size"), empty_label=_("All sizes")
    )
    form = django_filters.ModelChoiceFilter(
        queryset=CooperationForm.objects.all(),
        to_field_name="code",
        label=_("Form of cooperation"),
        method="with_form",
        empty_label=_("Any form of cooperation"),
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.all(),
        label=_("Prefers Indonesian province"),
        method="prefers_province",
        empty_label=_("All provinces"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("yes", _("active")), ("no", _("inactive"))],
        method="by_active",
        empty_label=_("All"),
    )

    class Meta:
        model = KoreanPartner
        fields = ["q", "region", "sector", "size", "form", "province", "active"]

    def search(self, queryset, name, value):
        return text_search(queryset, value, ("name_en", "name_ko", "brn", "offers", "needs"))

    def with_form(self, queryset, name, value):
        # Exists keeps one row per partner (a join on the M2M would repeat them).
        through = KoreanPartner.cooperation_forms.through
        return queryset.filter(
            Exists(through.objects.filter(koreanpartner_id=OuterRef("pk"), cooperationform_id=value.pk))
        )

    def prefers_province(self, queryset, name, value):
        through = KoreanPartner.preferred_provinces.through
        return queryset.filter(
            Exists(through.objects.filter(koreanpartner_id=OuterRef("pk"), province_id=value.pk))
        )

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=(value == "yes"))


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    form = django_filters.ModelChoiceFilter(
        queryset=CooperationForm.objects.all(),
        to_field_name="code",
        label=_("Form of cooperation"),
        method="with_form",
        empty_label=_("Any form of cooperation"),
    )
    status = django_filters.ChoiceFilter(
        choices=CooperationProposal.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        field_name="roster_entry__sme__sector",
        label=_("Sector of the firm"),
        empty_label=_("All sectors"),
    )
    stage = django_filters.ModelChoiceFilter(
        queryset=Stage.objects.select_related("programme"),
        label=_("Stage"),
        method="on_stage",
        empty_label=_("All stages"),
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=KoreanPartner.objects.filter(
            Exists(CooperationProposal.objects.filter(partner=OuterRef("pk")))
        ),
        label=_("Korean partner"),
        empty_label=_("All partners"),
    )

    class Meta:
        model = CooperationProposal
        fields = ["q", "form", "status", "sector", "stage", "partner"]

    def search(self, queryset, name, value):
        return text_search(
            queryset,
            value,
            ("title", "roster_entry__sme__legal_name", "partner__name_en", "partner__name_ko"),
        )

    def with_form(self, queryset, name, value):
        through = CooperationProposal.forms.through
        return queryset.filter(
            Exists(through.objects.filter(cooperationproposal_id=OuterRef("pk"), cooperationform_id=value.pk))
        )

    def on_stage(self, queryset, name, value):
        # Firms currently on the stage's shortlist.
        return queryset.filter(
            Exists(
                ShortlistEntry.objects.filter(
                    roster_entry_id=OuterRef("roster_entry_id"), stage=value, is_active=True
                )
            )
        )
