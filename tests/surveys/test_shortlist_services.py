"""The shortlist workflow: capacity, regions, other shortlists, removal, the pilot."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partnership.lib.workflow import TransitionNotAllowed
from partnership.models import RosterEntry
from partnership.roster import services as roster_services
from smes.models import Province, Regency, TimelineEvent
from surveys import services
from surveys.models import ShortlistEntry
from tests.factories import make_programme, make_roster_entry, make_sme, make_stage

R = RosterEntry.Status
pytestmark = pytest.mark.django_db


def bogor_banten_stage(**fields):
    return make_stage(
        regencies=Regency.objects.filter(code__in=["3201", "3271"]),
        provinces=Province.objects.filter(code="36"),
        **fields,
    )


def candidate(regency="3201", **fields):
    return make_roster_entry(make_sme(regency=regency, **fields))


def test_shortlist_add_moves_the_firm_to_shortlisted_with_timeline_and_mail(
    staff_user, django_capture_on_commit_callbacks
):
    stage = bogor_banten_stage()
    entry = candidate()
    with django_capture_on_commit_callbacks(execute=True):
        shortlisted = services.shortlist_add(stage, entry, by=staff_user)
    entry.refresh_from_db()
    assert shortlisted.is_active and entry.status == R.SHORTLISTED
    event = TimelineEvent.objects.get(sme=entry.sme, workflow="shortlist")
    assert (event.from_state, event.to_state, event.subject) == (R.CANDIDATE, R.SHORTLISTED, "Tahap 1")
    assert len(mail.outbox) == 1
    assert "Tahap 1" in mail.outbox[0].subject


def test_shortlist_refuses_a_21st_firm(staff_user):
    stage = bogor_banten_stage()
    for _ in range(20):
        services.shortlist_add(stage, candidate(), by=staff_user)
    last = candidate()
    with pytest.raises(ValidationError) as error:
        services.shortlist_add(stage, last, by=staff_user)
    assert "The stage is full: 20 of 20 places are taken." in error.value.messages
    last.refresh_from_db()
    assert last.status == R.CANDIDATE
    assert stage.shortlist.filter(is_active=True).count() == 20


@pytest.mark.parametrize("regency", ["3201", "3271", "3603", "3673"])
def test_region_eligibility_accepts_bogor_and_banten(staff_user, regency):
    stage = bogor_banten_stage()
    assert services.shortlist_add(stage, candidate(regency=regency), by=staff_user).is_active


@pytest.mark.parametrize("regency", ["3204", "3171", "3578"])
def test_region_eligibility_refuses_other_regions(staff_user, regency):
    stage = bogor_banten_stage()
    entry = candidate(regency=regency)
    with pytest.raises(ValidationError, match="outside the stage's eligible regions"):
        services.shortlist_add(stage, entry, by=staff_user)
    assert not ShortlistEntry.objects.exists()


def test_a_stage_without_regions_accepts_every_region(staff_user):
    stage = make_stage(number=2)
    assert services.shortlist_add(stage, candidate(regency="3578"), by=staff_user).is_active


def test_a_firm_on_another_active_shortlist_is_refused(staff_user):
    stage1 = bogor_banten_stage()
    stage2 = make_stage(number=2)
    entry = candidate()
    services.shortlist_add(stage1, entry, by=staff_user)
    with pytest.raises(ValidationError, match="already on the shortlist of Tahap 1"):
        services.shortlist_add(stage2, entry, by=staff_user)


def test_the_database_refuses_a_second_active_shortlist_for_a_firm():
    stage1, stage2 = bogor_banten_stage(), make_stage(number=2)
    entry = candidate()
    ShortlistEntry.objects.create(stage=stage1, roster_entry=entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShortlistEntry.objects.create(stage=stage2, roster_entry=entry)


def test_a_withdrawn_firm_cannot_be_shortlisted(staff_user):
    entry = make_roster_entry(status=R.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.shortlist_add(bogor_banten_stage(), entry, by=staff_user)


def test_the_korean_team_cannot_build_the_shortlist(korean_user):
    with pytest.raises(PermissionDenied):
        services.shortlist_add(bogor_banten_stage(), candidate(), by=korean_user)


def test_removal_frees_the_place_and_makes_the_firm_a_candidate_again(staff_user):
    stage = bogor_banten_stage(capacity=1)
    first, second = candidate(), candidate()
    shortlisted = services.shortlist_add(stage, first, by=staff_user)
    with pytest.raises(ValidationError, match="full"):
        services.shortlist_add(stage, second, by=staff_user)
    services.shortlist_remove(shortlisted, by=staff_user, reason="Factory closed for renovation.")
    first.refresh_from_db()
    assert first.status == R.CANDIDATE
    assert services.shortlist_add(stage, second, by=staff_user).is_active
    event = TimelineEvent.objects.filter(sme=first.sme, workflow="shortlist").first()
    assert (event.to_state, event.note) == ("removed", "Factory closed for renovation.")


def test_a_removed_firm_can_be_shortlisted_again(staff_user):
    stage = bogor_banten_stage()
    entry = candidate()
    shortlisted = services.shortlist_add(stage, entry, by=staff_user)
    services.shortlist_remove(shortlisted, by=staff_user, reason="Mistake.")
    again = services.shortlist_add(stage, entry, by=staff_user)
    assert again.pk == shortlisted.pk and again.is_active


def test_removing_twice_is_an_illegal_transition(staff_user):
    shortlisted = services.shortlist_add(bogor_banten_stage(), candidate(), by=staff_user)
    services.shortlist_remove(shortlisted, by=staff_user, reason="One.")
    with pytest.raises(TransitionNotAllowed):
        services.shortlist_remove(shortlisted, by=staff_user, reason="Two.")


def test_removal_needs_a_reason(staff_user):
    shortlisted = services.shortlist_add(bogor_banten_stage(), candidate(), by=staff_user)
    with pytest.raises(ValidationError, match="reason"):
        services.shortlist_remove(shortlisted, by=staff_user, reason="")
    shortlisted.refresh_from_db()
    assert shortlisted.is_active


def test_one_pilot_per_stage(staff_user):
    stage = bogor_banten_stage()
    first = services.shortlist_add(stage, candidate(), by=staff_user)
    second = services.shortlist_add(stage, candidate(), by=staff_user)
    services.set_pilot(first, by=staff_user)
    services.set_pilot(second, by=staff_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_pilot, second.is_pilot) == (False, True)


def test_roster_withdrawal_frees_the_shortlist_place_and_cancels_the_planned_visit(staff_user):
    import datetime

    from django.utils import timezone

    from surveys.models import SurveyVisit

    stage = bogor_banten_stage(capacity=1)
    entry = candidate()
    shortlisted = services.shortlist_add(stage, entry, by=staff_user)
    visit = services.plan_visit(
        shortlisted,
        scheduled_for=timezone.make_aware(datetime.datetime(2015, 4, 9, 10)),
        place="Ciomas",
        surveyors="Kim",
        by=staff_user,
    )
    roster_services.roster_withdraw(entry, by=staff_user, reason="Left the programme.")
    shortlisted.refresh_from_db()
    visit.refresh_from_db()
    assert not shortlisted.is_active
    assert visit.status == SurveyVisit.Status.CANCELLED
    assert services.shortlist_add(stage, candidate(), by=staff_user).is_active


def test_shortlist_of_another_programme_is_refused(staff_user):
    other = make_programme(slug="other-2016", name="Other", year=2016)
    entry = make_roster_entry(make_sme(), programme=other)
    with pytest.raises(ValidationError, match="not on this programme's roster"):
        services.shortlist_add(bogor_banten_stage(), entry, by=staff_user)


def test_a_firm_that_did_not_agree_to_sharing_cannot_be_shortlisted(staff_user):
    stage = make_stage()
    entry = make_roster_entry(programme=stage.programme, sme=make_sme(consent_share_korea=False))
    with pytest.raises(ValidationError) as excinfo:
        services.shortlist_add(stage, entry, by=staff_user)
    assert "share its profile with the Korean team" in str(excinfo.value)
    assert not stage.shortlist.exists()
