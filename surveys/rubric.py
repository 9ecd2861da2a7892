"""The survey rubric: the default criteria offered for a new stage, and the weight rule."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Offered when a stage is created; staff may change names and weights before the first survey.
# The weights add up to 100. The eco-innovation criterion breaks ties in the ranking.
ECO_INNOVATION = "eco_innovation"
DEFAULT_RUBRIC = [
    {
        "code": "technology",
        "name_en": "Technology capability",
        "name_id": "Kemampuan teknologi",
        "name_ko": "기술 역량",
        "weight": 25,
    },
    {
        "code": "production",
        "name_en": "Production capacity",
        "name_id": "Kapasitas produksi",
        "name_ko": "생산 능력",
        "weight": 20,
    },
    {
        "code": "management",
        "name_en": "Management and finance",
        "name_id": "Manajemen dan keuangan",
        "name_ko": "경영 및 재무",
        "weight": 15,
    },
    {
        "code": "export",
        "name_en": "Export readiness",
        "name_id": "Kesiapan ekspor",
        "name_ko": "수출 준비도",
        "weight": 15,
    },
    {
        "code": ECO_INNOVATION,
        "name_en": "Eco-innovation potential",
        "name_id": "Potensi eko-inovasi",
        "name_ko": "친환경혁신 잠재력",
        "weight": 15,
    },
    {
        "code": "motivation",
        "name_en": "Partnership motivation",
        "name_id": "Motivasi kemitraan",
        "name_ko": "협력 동기",
        "weight": 10,
    },
]
TOTAL_WEIGHT = 100
MAX_SCORE = 5


def check_weights(weights: Iterable[int]) -> None:
    """Refuse a rubric whose weights do not add up to exactly 100."""
    weights = [weight or 0 for weight in weights]
    if not weights:
        raise ValidationError(_("A rubric needs at least one criterion."), code="empty_rubric")
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        raise ValidationError(
            _("The weights of the criteria must add up to 100; now they add up to %(total)s.")
            % {"total": total},
            code="weights_not_100",
        )


def check_codes(codes: Iterable[str]) -> None:
    codes = list(codes)
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(
            _("Each criterion needs its own code; used twice: %(codes)s.") % {"codes": ", ".join(duplicates)},
            code="duplicate_code",
        )


def create_default_rubric(stage) -> list:
    from .models import Criterion

    return Criterion.objects.bulk_create(
        Criterion(stage=stage, order=index, **row) for index, row in enumerate(DEFAULT_RUBRIC, start=1)
    )
