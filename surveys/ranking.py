"""The ranking of a stage: surveyed firms ordered by their weighted score.

Weighted score = Σ (score / 5 × weight) over the stage's criteria, 0–100. The database adds up
``score × weight`` (an integer, 0–500) for each firm's completed visit; dividing by 5 gives the
score out of 100 without rounding error.

Tie-break, in order: the higher weighted score, then the higher eco-innovation score, then the
earlier survey visit, then the firm's legal name.

Three queries whatever the number of firms: the criteria, the ranked firms, their scores.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from partnership.lib import roles
from partnership.models import RosterEntry

from .models import Criterion, Score, ShortlistEntry, Stage, SurveyVisit
from .rubric import ECO_INNOVATION, MAX_SCORE

DONE = SurveyVisit.Status.DONE


@dataclass
class RankedFirm:
    rank: int
    shortlist_entry: ShortlistEntry
    points: int
    eco_score: int
    visited_at: datetime
    visit_id: int
    recommendation: str
    scores: dict = field(default_factory=dict)  # criterion id -> score value
    cells: list = field(default_factory=list)  # the scores in the order of the criteria

    @property
    def weighted_total(self) -> Decimal:
        return (Decimal(self.points) / MAX_SCORE).quantize(Decimal("0.1"))

    @property
    def roster_entry(self):
        return self.shortlist_entry.roster_entry

    @property
    def sme(self):
        return self.shortlist_entry.roster_entry.sme

    def score_for(self, criterion) -> int | None:
        return self.scores.get(criterion.pk)

    @property
    def is_decided(self) -> bool:
        return self.roster_entry.status in RosterEntry.DECISIONS


def next_undecided(ranked: list[RankedFirm], *, after: RankedFirm | None = None) -> RankedFirm | None:
    """The best-ranked firm still waiting for its selection decision (other than ``after``)."""
    return next(
        (
            row
            for row in ranked
            if row.roster_entry.status == RosterEntry.Status.SURVEYED and row is not after
        ),
        None,
    )


def ranked_queryset(stage: Stage) -> QuerySet:
    """Active shortlist entries of ``stage`` with a completed visit, annotated and ordered."""
    return (
        ShortlistEntry.objects.filter(stage=stage, is_active=True, visits__status=DONE)
        .select_related(
            "roster_entry",
            "roster_entry__sme",
            "roster_entry__sme__sector",
            "roster_entry__sme__regency",
            "roster_entry__sme__province",
        )
        .annotate(
            points=Coalesce(Sum(F("visits__scores__value") * F("visits__scores__criterion__weight")), 0),
            eco_score=Coalesce(
                Sum("visits__scores__value", filter=Q(visits__scores__criterion__code=ECO_INNOVATION)), 0
            ),
            visited_at=Min("visits__scheduled_for"),
            visit_id=Max("visits__id"),
            recommendation=Max("visits__recommendation"),
        )
        .order_by("-points", "-eco_score", "visited_at", "roster_entry__sme__legal_name", "pk")
    )


def ranking(stage: Stage, *, viewer=None, queryset: QuerySet | None = None) -> tuple[list, list[RankedFirm]]:
    """``(criteria, ranked firms)`` for ``stage``.

    The Korean team sees only the firms that consented to sharing; their ranks are still the ranks
    among all surveyed firms, so that both sides speak of the same positions.
    """
    criteria = list(Criterion.objects.filter(stage=stage))
    rows = list(queryset if queryset is not None else ranked_queryset(stage))
    scores: dict[int, dict[int, int]] = {}
    for entry_id, criterion_id, value in Score.objects.filter(
        visit__shortlist_entry__stage=stage, visit__shortlist_entry__is_active=True, visit__status=DONE
    ).values_list("visit__shortlist_entry_id", "criterion_id", "value"):
        scores.setdefault(entry_id, {})[criterion_id] = value
    hide_unshared = viewer is not None and not roles.is_ministry_staff(viewer)
    ranked = []
    for position, row in enumerate(rows, start=1):
        if hide_unshared and not row.roster_entry.is_shared_with_korean_team:
            continue
        ranked.append(
            RankedFirm(
                rank=position,
                shortlist_entry=row,
                points=row.points,
                eco_score=row.eco_score,
                visited_at=row.visited_at,
                visit_id=row.visit_id,
                recommendation=row.recommendation,
                scores=scores.get(row.pk, {}),
                cells=[scores.get(row.pk, {}).get(criterion.pk) for criterion in criteria],
            )
        )
    return criteria, ranked
