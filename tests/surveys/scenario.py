"""A small pipeline for page tests: a programme, stage 1 (Bogor and Banten), shortlisted firms,
a planned and a completed visit; built through the services like the real thing."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from partnership.roster import services as roster_services
from smes.models import Province, Regency
from surveys import services
from surveys.models import Criterion
from tests.factories import make_programme, make_sme, make_stage


@dataclass
class Scenario:
    programme: object
    stage: object
    shared: object  # shortlist entry of a firm that shares with the Korean team, surveyed
    planned: object  # shortlist entry with a planned visit
    hidden: object  # shortlist entry of a firm that did not consent to sharing
    candidate: object  # roster entry not shortlisted (Bogor)
    outside: object  # roster entry outside the stage's regions
    done_visit: object
    planned_visit: object


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2015, 4, day, hour))


def build(staff) -> Scenario:
    programme = make_programme()
    stage = make_stage(
        programme,
        regencies=Regency.objects.filter(code__in=["3201", "3271"]),
        provinces=Province.objects.filter(code="36"),
    )

    def roster(**fields):
        return roster_services.roster_add(programme, make_sme(**fields), by=staff)

    shared = services.shortlist_add(
        stage,
        roster(legal_name="PT Berbagi Data", owner_nik="3201010101800001", npwp="0912345678901234"),
        by=staff,
    )
    planned = services.shortlist_add(stage, roster(legal_name="PT Kunjungan Nanti", regency="3603"), by=staff)
    # Shortlisted while it shared its profile, then the owner withdrew the consent.
    hidden = services.shortlist_add(stage, roster(legal_name="PT Rahasia Sendiri"), by=staff)
    hidden.roster_entry.sme.consent_share_korea = False
    hidden.roster_entry.sme.consent_share_korea_at = None
    hidden.roster_entry.sme.save(update_fields=["consent_share_korea", "consent_share_korea_at"])
    candidate = roster(legal_name="PT Calon Bogor", regency="3271")
    outside = roster(legal_name="PT Jauh Surabaya", regency="3578")
    done_visit = services.plan_visit(shared, scheduled_for=at(8), place="Ciomas", surveyors="Kim", by=staff)
    criteria = Criterion.objects.filter(stage=stage)
    services.complete_visit(
        done_visit,
        scores={c.pk: (4, "") for c in criteria},
        recommendation="recommend",
        by=staff,
    )
    planned_visit = services.plan_visit(
        planned, scheduled_for=at(20), place="Tangerang", surveyors="Lee", by=staff
    )
    return Scenario(programme, stage, shared, planned, hidden, candidate, outside, done_visit, planned_visit)
