"""The demo pipeline: the roster of 100, stage 1 with its shortlist, visits and ranking, stage 2.

Every move goes through the workflow services with the demo staff member or the Korean team as the
actor, so the firms' timelines and the e-mails are the real ones. Deterministic: firms are taken
in a fixed order and the scores come from fixed tables. Idempotent: a programme that already has
a roster is left as it is.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, translation

from partnership.models import Programme, RosterEntry
from partnership.roster import services as roster_services
from smes.models import SME, Province, Regency
from surveys import services as survey_services
from surveys.models import Criterion, Stage
from surveys.rubric import create_default_rubric

from . import PILOT_LEGAL_NAME, STAGE1_PROVINCES, STAGE1_REGENCIES
from .clock import dated


def _score_id(value) -> str:
    """A score as the Indonesian ranking table shows it ("82,5"), for a note written in Indonesian."""
    with translation.override("id"):
        return formats.number_format(value, use_l10n=True)


JAKARTA = ZoneInfo("Asia/Jakarta")
R = RosterEntry.Status

# Scores in the order of the default rubric: technology, production, management and finance,
# export readiness, eco-innovation potential, partnership motivation.
PILOT_SCORES = [5, 4, 3, 3, 5, 5]
PILOT_COMMENTS = [
    "Own design of fibreglass biogas digesters since 2007; moulds made in-house.",
    "About 30 digesters a month; the workshop can double with a second mould line.",
    "Family-run; books kept, but no audited accounts yet.",
    "Sold across Java; first enquiries from Timor-Leste.",
    "The product itself turns farm waste into energy and fertiliser.",
    "Wants a Korean partner for resin technology and moulding machines.",
]
PILOT_NOTES = (
    "Pilot visit with the GBC Korea steering committee. Strong candidate for technology transfer "
    "(resin and moulding) and training of the workshop team."
)
# The other surveys of stage 1, in visit order (day of April 2015, scores, recommendation).
OTHER_SURVEYS = [
    (9, [4, 4, 3, 3, 3, 4], "recommend"),
    (10, [3, 3, 4, 2, 4, 4], "maybe"),
    (13, [4, 3, 3, 4, 2, 3], "maybe"),
    (14, [2, 3, 2, 1, 3, 3], "do_not_recommend"),
    (15, [5, 4, 4, 4, 3, 4], "recommend"),
    (16, [3, 4, 3, 3, 3, 2], "maybe"),
    (17, [4, 4, 4, 3, 4, 5], "recommend"),
    (20, [2, 2, 3, 2, 2, 4], "do_not_recommend"),
]
PLANNED_DAYS = [27, 28, 29]
SURVEYORS = "Kim Min-jun, Lee Seo-yeon (ASEIC); Dewi Lestari (Kemenkop UKM)"


def _at(day: int, hour: int = 10, month: int = 4) -> dt.datetime:
    return dt.datetime(2015, month, day, hour, tzinfo=JAKARTA)


def _candidates() -> list[SME]:
    """Verified firms of an eligible size: the pilot, then stage 1's regions, then the others."""
    firms = list(
        SME.objects.verified()
        .exclude(size_class="large")
        .exclude(size_class="")
        .select_related("regency")
        .order_by("reference", "legal_name", "id")
    )

    def in_stage1(sme: SME) -> bool:
        return sme.regency_id in STAGE1_REGENCIES or sme.province_id in STAGE1_PROVINCES

    return sorted(firms, key=lambda sme: (sme.legal_name != PILOT_LEGAL_NAME, not in_stage1(sme)))


def _actor(sme: SME, *, staff, korean):
    # The Korean team works the firms that share with it; staff the others.
    return korean if sme.consent_share_korea else staff


def _survey(shortlisted, *, day, values, recommendation, staff, korean, comments=None, notes="", place=None):
    sme = shortlisted.roster_entry.sme
    by = _actor(sme, staff=staff, korean=korean)
    # Planned a week ahead, scored on the afternoon of the visit.
    with dated(_at(day) - dt.timedelta(days=7)):
        visit = survey_services.plan_visit(
            shortlisted,
            scheduled_for=_at(day),
            place=place or f"{sme.address}, {sme.regency}",
            surveyors=SURVEYORS,
            by=by,
        )
    criteria = list(Criterion.objects.filter(stage=shortlisted.stage).order_by("order"))
    comments = comments or [""] * len(criteria)
    scores = {c.pk: (v, text) for c, v, text in zip(criteria, values, comments, strict=True)}
    with dated(_at(day, 16)):
        survey_services.complete_visit(
            visit, scores=scores, recommendation=recommendation, notes=notes, by=by
        )
    return visit


@transaction.atomic
def load(*, programme: Programme, staff, korean) -> None:
    if programme.roster.exists():
        return
    firms = _candidates()

    # The roster: 100 firms; one withdraws and the 101st takes its place.
    with dated(_at(2, 9, month=3)):
        entries = [
            roster_services.roster_add(programme, sme, by=staff) for sme in firms[: programme.capacity]
        ]
    if len(firms) > programme.capacity:
        leaving = entries[-1]
        with dated(_at(9, 10, month=3)):
            roster_services.roster_withdraw(
                leaving,
                by=staff,
                reason="Usaha ini bergabung dengan perusahaan yang lebih besar dan keluar dari program.",
            )
            entries[-1] = roster_services.roster_add(programme, firms[programme.capacity], by=staff)

    # Stage 1: Kabupaten Bogor, Kota Bogor and Banten, April 2015, 20 firms.
    stage1 = Stage.objects.create(
        programme=programme,
        number=1,
        name="Tahap 1",
        name_en="Stage 1",
        name_ko="1단계",
        capacity=20,
        survey_start=dt.date(2015, 4, 1),
        survey_end=dt.date(2015, 4, 30),
    )
    stage1.eligible_regencies.set(Regency.objects.filter(code__in=STAGE1_REGENCIES))
    stage1.eligible_provinces.set(Province.objects.filter(code__in=STAGE1_PROVINCES))
    create_default_rubric(stage1)
    Stage.objects.filter(pk=stage1.pk).update(created_at=_at(10, 9, month=3))
    stage1 = Stage.objects.prefetch_related("eligible_regencies", "eligible_provinces").get(pk=stage1.pk)
    eligible = [
        entry for entry in entries if stage1.accepts_region(entry.sme) and entry.sme.consent_share_korea
    ][: stage1.capacity]
    with dated(_at(16, 9, month=3)):
        shortlisted = [survey_services.shortlist_add(stage1, entry, by=staff) for entry in eligible]
    if not shortlisted:
        return
    pilot = shortlisted[0]
    if pilot.roster_entry.sme.legal_name == PILOT_LEGAL_NAME:
        with dated(_at(17, 9, month=3)):
            survey_services.set_pilot(pilot, by=staff)
        _survey(
            pilot,
            day=8,
            values=PILOT_SCORES,
            recommendation="recommend",
            comments=PILOT_COMMENTS,
            notes=PILOT_NOTES,
            place="Workshop of PT Swen Inovasi Transfer, Ciomas, Kabupaten Bogor",
            staff=staff,
            korean=korean,
        )
    others = shortlisted[1:]
    surveyed = others[: len(OTHER_SURVEYS)]
    for item, (day, values, recommendation) in zip(surveyed, OTHER_SURVEYS, strict=False):
        _survey(item, day=day, values=values, recommendation=recommendation, staff=staff, korean=korean)

    # A few visits still in the diary; one moved, one called off and planned again.
    diary = others[len(OTHER_SURVEYS) : len(OTHER_SURVEYS) + len(PLANNED_DAYS) + 1]
    with dated(_at(20, 9)):
        for item, day in zip(diary, PLANNED_DAYS, strict=False):
            by = _actor(item.roster_entry.sme, staff=staff, korean=korean)
            survey_services.plan_visit(
                item,
                scheduled_for=_at(day),
                place=f"{item.roster_entry.sme.regency}",
                surveyors=SURVEYORS,
                by=by,
            )
    if diary:
        moved = diary[0].visits.get(status="planned")
        with dated(_at(23, 11)):
            survey_services.reschedule_visit(
                moved,
                scheduled_for=_at(PLANNED_DAYS[0], 14),
                by=staff,
                reason="Direktur baru kembali setelah makan siang.",
            )
    if len(diary) > len(PLANNED_DAYS):
        called_off = diary[-1]
        by = _actor(called_off.roster_entry.sme, staff=staff, korean=korean)
        with dated(_at(15, 9)):
            visit = survey_services.plan_visit(
                called_off,
                scheduled_for=_at(22),
                place=f"{called_off.roster_entry.sme.regency}",
                surveyors=SURVEYORS,
                by=by,
            )
        with dated(_at(21, 17)):
            survey_services.cancel_visit(
                visit, by=by, reason="Akses jalan banjir; kunjungan akan dijadwalkan ulang."
            )
            survey_services.plan_visit(
                called_off,
                scheduled_for=_at(30),
                place=f"{called_off.roster_entry.sme.regency}",
                surveyors=SURVEYORS,
                by=by,
            )

    # The selection so far: the two best surveyed firms selected, the weakest not selected.
    from surveys.ranking import ranking

    _criteria, ranked = ranking(stage1)
    with dated(_at(4, 10, month=5)):
        for row in ranked[:2]:
            roster_services.record_selection(
                row.roster_entry,
                R.SELECTED,
                by=staff,
                justification=(
                    f"Peringkat {row.rank} dengan skor {_score_id(row.weighted_total)}; "
                    "direkomendasikan oleh tim survei."
                ),
            )
        if len(ranked) > 3:
            weakest = ranked[-1]
            roster_services.record_selection(
                weakest.roster_entry,
                R.NOT_SELECTED,
                by=staff,
                justification=(
                    f"Peringkat {weakest.rank} dengan skor {_score_id(weakest.weighted_total)}; "
                    "kesiapan ekspor belum memadai untuk saat ini."
                ),
            )

    # Stage 2: open to the rest of the roster, in every region; the first few shortlisted.
    stage2 = Stage.objects.create(
        programme=programme,
        number=2,
        name="Tahap 2",
        name_en="Stage 2",
        name_ko="2단계",
        capacity=20,
        survey_start=dt.date(2015, 8, 1),
        survey_end=dt.date(2015, 9, 30),
    )
    create_default_rubric(stage2)
    Stage.objects.filter(pk=stage2.pk).update(created_at=_at(13, 9, month=7))
    rest = [entry for entry in entries if entry.pk not in {item.roster_entry_id for item in shortlisted}]
    with dated(_at(20, 9, month=7)):
        for entry in [entry for entry in rest if entry.sme.consent_share_korea][:5]:
            survey_services.shortlist_add(stage2, entry, by=staff)
