"""The demo pipeline that ``load_demo`` loads after the programme and the firms."""

import time

import pytest
from django.core.management import call_command

from partnership.demo import PILOT_LEGAL_NAME
from partnership.models import Programme, RosterEntry
from smes.models import TimelineEvent
from surveys.models import ShortlistEntry, Stage, SurveyVisit

pytestmark = pytest.mark.django_db
R = RosterEntry.Status
V = SurveyVisit.Status


@pytest.fixture
def demo(db):
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    return time.monotonic() - started


def test_the_demo_pipeline_tells_the_2015_story(demo):
    programme = Programme.objects.get(slug="aseic-2015")
    assert programme.roster.live().count() == 100
    assert programme.roster.filter(status=R.WITHDRAWN).count() == 1

    stage1 = Stage.objects.get(programme=programme, number=1)
    assert (stage1.name, stage1.capacity) == ("Tahap 1", 20)
    assert (stage1.name_en, stage1.name_ko) == ("Stage 1", "1단계")
    assert programme.name_en and programme.name_ko
    assert set(stage1.eligible_regencies.values_list("code", flat=True)) == {"3201", "3271"}
    assert set(stage1.eligible_provinces.values_list("code", flat=True)) == {"36"}
    assert sum(stage1.criteria.values_list("weight", flat=True)) == 100
    shortlist = ShortlistEntry.objects.filter(stage=stage1, is_active=True).select_related(
        "roster_entry__sme"
    )
    assert shortlist.count() == 20
    for entry in shortlist:
        sme = entry.roster_entry.sme
        assert sme.regency_id in {"3201", "3271"} or sme.province_id == "36"

    pilot = shortlist.get(is_pilot=True)
    assert pilot.roster_entry.sme.legal_name == PILOT_LEGAL_NAME
    pilot_visit = pilot.visits.get(status=V.DONE)
    assert pilot_visit.scheduled_for.date().isoformat() == "2015-04-08"
    assert "GBC Korea" in pilot_visit.notes
    assert pilot_visit.scores.count() == 6

    visits = SurveyVisit.objects.filter(shortlist_entry__stage=stage1)
    assert visits.filter(status=V.DONE).count() >= 5
    assert visits.filter(status=V.PLANNED).count() >= 2
    assert visits.filter(status=V.CANCELLED).count() >= 1
    assert programme.roster.filter(status=R.SELECTED).count() >= 1
    assert programme.roster.filter(status=R.NOT_SELECTED).count() >= 1

    stage2 = Stage.objects.get(programme=programme, number=2)
    assert stage2.status == Stage.Status.OPEN
    assert not stage2.eligible_regencies.exists() and not stage2.eligible_provinces.exists()

    # The moves went through the services: the firms' timelines tell them.
    pilot_moves = set(
        TimelineEvent.objects.filter(sme=pilot.roster_entry.sme).values_list("workflow", "to_state")
    )
    assert {
        ("roster", "candidate"),
        ("shortlist", "shortlisted"),
        ("visit", "done"),
        ("roster", "surveyed"),
    } <= pilot_moves


def test_the_demo_loads_fast_and_a_second_run_changes_nothing(demo):
    assert demo < 10
    counts = (RosterEntry.objects.count(), ShortlistEntry.objects.count(), SurveyVisit.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        RosterEntry.objects.count(),
        ShortlistEntry.objects.count(),
        SurveyVisit.objects.count(),
    ) == counts
