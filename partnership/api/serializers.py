"""What the API shows of each record. Fields are named in English; names kept in three languages
(TranslatedName: sectors, forms of cooperation, criteria) come in all three, or only in the
language that ``Accept-Language`` asks for.

What a viewer may see of a firm is not decided here: the querysets of the views apply the parts'
permissions, and the few per-object rules (NIK and NPWP, the contact person's e-mail and phone) ask
partnership.roster.permissions, the one place where they live.
"""

from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.lib.i18n import active_language
from partnership.models import CooperationProposal, KoreanPartner, ProposalEvent, RosterEntry
from partnership.roster import permissions as roster_permissions
from smes.models import SME
from surveys.models import Score, ShortlistEntry, Stage, SurveyVisit

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
NAMES_SCHEMA = {
    "type": "object",
    "description": "The name in English (en), Indonesian (id) and Korean (ko); only the language "
    "asked for when the request has an Accept-Language header.",
    "properties": {code: {"type": "string"} for code in LANGUAGES},
}


class ReadSerializer(serializers.ModelSerializer):
    """A read-only model serializer whose choice fields keep the model's blank and null values
    (DRF drops ``allow_blank`` from read-only fields, and the schema would then refuse "")."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if isinstance(field, serializers.ChoiceField):
                try:
                    model_field = model._meta.get_field(field.source or name)
                except Exception:  # noqa: BLE001 - a source that is no model field
                    continue
                field.allow_blank = model_field.blank
                field.allow_null = model_field.null
        return fields


def requested_languages(request) -> tuple[str, ...]:
    """All three languages, or the one the request asks for with ``Accept-Language``."""
    if request is not None and request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return (active_language(),)
    return LANGUAGES


def _languages(serializer) -> tuple[str, ...]:
    return requested_languages(serializer.context.get("request"))


@extend_schema_field(NAMES_SCHEMA)
class TranslatedNamesField(serializers.Field):
    """``{"en": ..., "id": ..., "ko": ...}`` of a TranslatedName (``name_en``, ``name_id``, ``name_ko``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {code: getattr(value, f"name_{code}") for code in _languages(self.parent)}


def translated_text(text, languages) -> dict:
    """A gettext string of the portal in each language asked for."""
    result = {}
    for code in languages:
        with translation.override(code):
            result[code] = str(text)
    return result


class CodeNameSerializer(serializers.Serializer):
    """A sector or a form of cooperation: its code and its names."""

    code = serializers.CharField()
    name = TranslatedNamesField()


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RegencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class FirmSummarySerializer(ReadSerializer):
    """A firm in a list of the programme (shortlist, ranking, proposals)."""

    sector = CodeNameSerializer(allow_null=True)
    province = ProvinceSerializer(allow_null=True)
    regency = RegencySerializer(allow_null=True)

    class Meta:
        model = SME
        fields = ["id", "legal_name", "trade_name", "sector", "province", "regency", "size_class"]
        read_only_fields = fields


class PublicFirmSerializer(ReadSerializer):
    """A firm of the public directory: what its public page shows, nothing personal."""

    sector = CodeNameSerializer(allow_null=True)
    province = ProvinceSerializer(allow_null=True)
    regency = RegencySerializer(allow_null=True)
    cooperation_interests = CodeNameSerializer(many=True)
    certifications = serializers.ListField(child=serializers.CharField())
    page = serializers.SerializerMethodField()

    class Meta:
        model = SME
        fields = [
            "id",
            "legal_name",
            "trade_name",
            "legal_form",
            "nib",
            "year_founded",
            "sector",
            "kbli_codes",
            "province",
            "regency",
            "products",
            "employees",
            "size_class",
            "certifications",
            "export_markets",
            "eco_practices",
            "cooperation_interests",
            "page",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, sme) -> str:
        request = self.context.get("request")
        url = sme.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class TeamFirmSerializer(PublicFirmSerializer):
    """A firm as the programme team sees it in its dossier (partnership/roster/views.py ``dossier``):
    the profile beyond the public page.

    NIB, NPWP and NIK are null unless the viewer may see the firm's identifiers (never the Korean
    team); the contact person's e-mail and phone are null unless the viewer is ministry staff.
    """

    nib = serializers.SerializerMethodField()
    npwp = serializers.SerializerMethodField()
    owner_nik = serializers.SerializerMethodField()
    contact_email = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()

    class Meta(PublicFirmSerializer.Meta):
        fields = [
            *PublicFirmSerializer.Meta.fields,
            "reference",
            "address",
            "size_criterion",
            "contact_name",
            "contact_position",
            "npwp",
            "owner_nik",
            "contact_email",
            "contact_phone",
        ]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_page(self, sme):
        """The firm's public page, when it has one (verified and consenting to publication)."""
        if sme.status != SME.Status.VERIFIED or not sme.consent_publish:
            return None
        return super().get_page(sme)

    def _identifier(self, sme, value):
        return value if roster_permissions.can_view_identifiers(self._user(), sme) else None

    def _contact(self, sme, value):
        return value if roster_permissions.can_view_contact_details(self._user(), sme) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_nib(self, sme):
        return self._identifier(sme, sme.nib)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_npwp(self, sme):
        return self._identifier(sme, sme.npwp)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_owner_nik(self, sme):
        return self._identifier(sme, sme.owner_nik)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_contact_email(self, sme):
        return self._contact(sme, sme.contact_email)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_contact_phone(self, sme):
        return self._contact(sme, sme.contact_phone)


class RosterEntrySerializer(ReadSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    firm = TeamFirmSerializer(source="sme")

    class Meta:
        model = RosterEntry
        fields = ["id", "programme", "status", "added_at", "updated_at", "firm"]
        read_only_fields = fields


class StageSerializer(ReadSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    filled = serializers.IntegerField(source="taken", help_text="Firms on the shortlist now.")
    eligible_provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    eligible_regencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Stage
        fields = [
            "id",
            "programme",
            "number",
            "name",
            "status",
            "capacity",
            "filled",
            "survey_start",
            "survey_end",
            "eligible_provinces",
            "eligible_regencies",
        ]
        read_only_fields = fields


class ShortlistEntrySerializer(ReadSerializer):
    roster_entry = serializers.PrimaryKeyRelatedField(read_only=True)
    firm = FirmSummarySerializer(source="roster_entry.sme")
    planned_visit = serializers.IntegerField(source="planned_visit_id", allow_null=True)
    planned_for = serializers.DateTimeField(allow_null=True)
    done_visit = serializers.IntegerField(source="done_visit_id", allow_null=True)

    class Meta:
        model = ShortlistEntry
        fields = [
            "id",
            "roster_entry",
            "is_pilot",
            "added_at",
            "firm",
            "planned_visit",
            "planned_for",
            "done_visit",
        ]
        read_only_fields = fields


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = TranslatedNamesField()
    weight = serializers.IntegerField()


class ScoreSerializer(ReadSerializer):
    criterion = CriterionSerializer()

    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]
        read_only_fields = fields


class VisitSerializer(ReadSerializer):
    stage = serializers.IntegerField(source="shortlist_entry.stage_id")
    shortlist_entry = serializers.PrimaryKeyRelatedField(read_only=True)
    roster_entry = serializers.IntegerField(source="shortlist_entry.roster_entry_id")
    firm = FirmSummarySerializer(source="shortlist_entry.roster_entry.sme")
    scores = ScoreSerializer(many=True)

    class Meta:
        model = SurveyVisit
        fields = [
            "id",
            "stage",
            "shortlist_entry",
            "roster_entry",
            "firm",
            "scheduled_for",
            "place",
            "surveyors",
            "status",
            "recommendation",
            "notes",
            "cancellation_reason",
            "completed_at",
            "scores",
        ]
        read_only_fields = fields


class RankedScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = serializers.IntegerField(allow_null=True)


class RankedFirmSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="The rank among all surveyed firms of the stage.")
    shortlist_entry = serializers.IntegerField(source="shortlist_entry.pk")
    roster_entry = serializers.IntegerField(source="shortlist_entry.roster_entry_id")
    firm = FirmSummarySerializer(source="sme")
    weighted_total = serializers.DecimalField(max_digits=4, decimal_places=1, help_text="0–100.")
    eco_score = serializers.IntegerField()
    visited_at = serializers.DateTimeField()
    visit = serializers.IntegerField(source="visit_id")
    recommendation = serializers.CharField()
    scores = serializers.SerializerMethodField()

    @extend_schema_field(RankedScoreSerializer(many=True))
    def get_scores(self, row):
        criteria = self.context["criteria"]
        return [{"criterion": c.pk, "value": value} for c, value in zip(criteria, row.cells, strict=True)]


class RankingSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    criteria = CriterionSerializer(many=True)
    firms = RankedFirmSerializer(many=True)


class KoreanProvinceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_en = serializers.CharField()
    name_ko = serializers.CharField()


class PartnerSerializer(ReadSerializer):
    region = KoreanProvinceSerializer()
    sector = CodeNameSerializer()
    cooperation_forms = CodeNameSerializer(many=True)
    preferred_provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = KoreanPartner
        fields = [
            "id",
            "name_en",
            "name_ko",
            "brn",
            "region",
            "sector",
            "size",
            "offers",
            "needs",
            "cooperation_forms",
            "preferred_provinces",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PartnerSummarySerializer(ReadSerializer):
    class Meta:
        model = KoreanPartner
        fields = ["id", "name_en", "name_ko"]
        read_only_fields = fields


class ProposalEventSerializer(ReadSerializer):
    class Meta:
        model = ProposalEvent
        fields = ["kind", "at", "from_state", "to_state", "comment"]
        read_only_fields = fields


PROPOSAL_FIELDS = [
    "id",
    "title",
    "summary",
    "status",
    "author_side",
    "roster_entry",
    "programme",
    "firm",
    "partner",
    "forms",
    "technology",
    "transfer_mode",
    "investment_amount",
    "investment_currency",
    "investment_form",
    "training_topic",
    "trainees",
    "training_days",
    "training_place",
    "exchange_people",
    "exchange_direction",
    "exchange_months",
    "outcome_invested_amount",
    "outcome_invested_currency",
    "outcome_people_trained",
    "outcome_staff_exchanged",
    "outcome_technology",
    "outcome_export_markets",
    "outcome_recorded_at",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
]


class ProposalSerializer(ReadSerializer):
    roster_entry = serializers.PrimaryKeyRelatedField(read_only=True)
    programme = serializers.SlugRelatedField(
        source="roster_entry.programme", slug_field="slug", read_only=True
    )
    firm = FirmSummarySerializer(source="roster_entry.sme")
    partner = PartnerSummarySerializer()
    forms = CodeNameSerializer(many=True)

    class Meta:
        model = CooperationProposal
        fields = PROPOSAL_FIELDS
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    timeline = ProposalEventSerializer(source="events", many=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*PROPOSAL_FIELDS, "timeline"]
        read_only_fields = fields


# --- The programme's progress (the programme page's figures) ------------------------------------


class FillSerializer(serializers.Serializer):
    filled = serializers.IntegerField()
    capacity = serializers.IntegerField()
    percent = serializers.IntegerField()


class StageFillSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="stage.pk")
    number = serializers.IntegerField(source="stage.number")
    name = serializers.CharField(source="stage.name")
    filled = serializers.IntegerField()
    capacity = serializers.IntegerField()
    surveyed = serializers.IntegerField()
    percent = serializers.IntegerField()


class CooperationFormInfoSerializer(serializers.Serializer):
    code = serializers.CharField(source="form.code")
    name = TranslatedNamesField(source="form")
    explanation = serializers.SerializerMethodField()

    @extend_schema_field(NAMES_SCHEMA)
    def get_explanation(self, row):
        return translated_text(row["explanation"], _languages(self))


class InvestedSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    proposals = serializers.IntegerField()


class OutcomesSerializer(serializers.Serializer):
    invested = InvestedSerializer(many=True)
    people_trained = serializers.IntegerField()
    staff_exchanged = serializers.IntegerField()
    technology_transfers = serializers.IntegerField()
    with_outcomes = serializers.IntegerField(help_text="Proposals whose outcomes were recorded.")


class ProgrammeSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    capacity = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    programme = ProgrammeSummarySerializer()
    registered = serializers.IntegerField(help_text="Firms that submitted a registration.")
    verified = serializers.IntegerField()
    roster = FillSerializer()
    stages = StageFillSerializer(many=True)
    cooperation_forms = CooperationFormInfoSerializer(many=True)
    outcomes = OutcomesSerializer()
