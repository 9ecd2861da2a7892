"""Survey visits (plan, reschedule, cancel, complete) and the weighted ranking."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partnership.lib.workflow import TransitionNotAllowed
from partnership.models import RosterEntry
from smes.models import TimelineEvent
from surveys import services
from surveys.models import Criterion, SurveyVisit
from surveys.ranking import ranking
from tests.factories import make_roster_entry, make_sme, make_stage

R = RosterEntry.Status
V = SurveyVisit.Status
pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2015, 4, day, hour))


def shortlisted_firm(stage, staff, *, consent_share_korea=True, **sme_fields):
    """A firm on the shortlist; with ``consent_share_korea=False`` it withdrew the consent after."""
    sme = make_sme(**sme_fields)
    shortlisted = services.shortlist_add(stage, make_roster_entry(sme), by=staff)
    if not consent_share_korea:
        sme.consent_share_korea = False
        sme.save(update_fields=["consent_share_korea"])
    return shortlisted


def plan(entry, by, day=8):
    return services.plan_visit(
        entry, scheduled_for=at(day), place="Ciomas, Bogor", surveyors="Kim, Lee", by=by
    )


def complete(visit, by, values, recommendation="recommend"):
    criteria = Criterion.objects.filter(stage=visit.shortlist_entry.stage).order_by("order")
    scores = {criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=True)}
    return services.complete_visit(visit, scores=scores, recommendation=recommendation, notes="", by=by)


def test_a_visit_goes_planned_then_done_and_the_firm_becomes_surveyed(
    staff_user, korean_user, django_capture_on_commit_callbacks
):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(entry, korean_user)
        complete(visit, korean_user, [5, 4, 3, 4, 5, 3])
    visit.refresh_from_db()
    entry.roster_entry.refresh_from_db()
    assert visit.status == V.DONE and visit.completed_at is not None
    assert visit.scores.count() == 6
    assert entry.roster_entry.status == R.SURVEYED
    moves = list(
        TimelineEvent.objects.filter(sme=entry.roster_entry.sme)
        .order_by("id")
        .values_list("workflow", "to_state")
    )
    assert moves[-3:] == [("visit", V.PLANNED), ("visit", V.DONE), ("roster", R.SURVEYED)]
    subjects = [message.subject for message in mail.outbox]
    # The firm's language is Indonesian: so are its mails.
    assert any("Kunjungan survei" in subject for subject in subjects)
    assert any("Terima kasih" in subject for subject in subjects)


def test_every_criterion_needs_a_score(staff_user):
    stage = make_stage()
    visit = plan(shortlisted_firm(stage, staff_user), staff_user)
    first = Criterion.objects.filter(stage=stage).first()
    with pytest.raises(ValidationError, match="Please score every criterion"):
        services.complete_visit(visit, scores={first.pk: (3, "")}, recommendation="maybe", by=staff_user)
    visit.refresh_from_db()
    assert visit.status == V.PLANNED and not visit.scores.exists()


def test_a_score_above_5_is_refused(staff_user):
    stage = make_stage()
    visit = plan(shortlisted_firm(stage, staff_user), staff_user)
    with pytest.raises(ValidationError, match="0 to 5"):
        complete(visit, staff_user, [6, 4, 3, 4, 5, 3])
    assert not visit.scores.exists()


def test_a_done_visit_cannot_be_cancelled_or_completed_again(staff_user):
    stage = make_stage()
    visit = complete(plan(shortlisted_firm(stage, staff_user), staff_user), staff_user, [1, 1, 1, 1, 1, 1])
    with pytest.raises(TransitionNotAllowed):
        services.cancel_visit(visit, by=staff_user, reason="Too late")
    with pytest.raises(TransitionNotAllowed):
        complete(visit, staff_user, [2, 2, 2, 2, 2, 2])


def test_reschedule_keeps_the_old_date_on_the_timeline(staff_user):
    stage = make_stage()
    visit = plan(shortlisted_firm(stage, staff_user), staff_user, day=8)
    services.reschedule_visit(visit, scheduled_for=at(15), by=staff_user, reason="Owner travelling.")
    visit.refresh_from_db()
    assert visit.scheduled_for == at(15) and visit.status == V.PLANNED
    event = TimelineEvent.objects.filter(workflow="visit").first()
    assert (event.from_state, event.to_state) == (V.PLANNED, V.PLANNED)
    assert "8" in event.note and "15" in event.note and "Owner travelling." in event.note


def test_a_cancelled_visit_needs_a_reason_and_lets_a_new_one_be_planned(staff_user):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user)
    visit = plan(entry, staff_user)
    with pytest.raises(ValidationError):
        services.cancel_visit(visit, by=staff_user, reason="")
    services.cancel_visit(visit, by=staff_user, reason="Flood in Ciomas.")
    visit.refresh_from_db()
    assert visit.status == V.CANCELLED and visit.cancellation_reason == "Flood in Ciomas."
    assert plan(entry, staff_user, day=20).status == V.PLANNED


def test_only_one_planned_visit_per_firm(staff_user):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user)
    plan(entry, staff_user)
    with pytest.raises(ValidationError, match="already planned"):
        plan(entry, staff_user, day=9)


def test_a_visit_outside_the_survey_window_is_refused(staff_user):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user)
    with pytest.raises(ValidationError, match="outside the stage's survey window"):
        services.plan_visit(
            entry,
            scheduled_for=timezone.make_aware(datetime.datetime(2015, 5, 2, 10)),
            place="x",
            surveyors="y",
            by=staff_user,
        )


def test_the_korean_team_cannot_visit_a_firm_that_did_not_consent(staff_user, korean_user):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user, consent_share_korea=False)
    with pytest.raises(PermissionDenied):
        plan(entry, korean_user)
    assert not SurveyVisit.objects.exists()


def test_an_sme_owner_cannot_plan_a_visit(staff_user, owner_user):
    stage = make_stage()
    with pytest.raises(PermissionDenied):
        plan(shortlisted_firm(stage, staff_user), owner_user)


def test_weighted_totals_and_ranking_on_a_worked_example(staff_user):
    """Default weights: technology 25, production 20, management 15, export 15, eco 15, motivation 10.

    A: 5,4,3,4,5,3 -> (125 + 80 + 45 + 60 + 75 + 30) / 5 = 415 / 5 = 83.0
    B: 4,4,4,4,4,4 -> 4 / 5 x 100                          = 80.0
    C: 5,5,5,5,3,5 -> (125 + 100 + 75 + 75 + 45 + 50) / 5  = 470 / 5 = 94.0
    D: 4,4,4,4,5,2 -> (100 + 80 + 60 + 60 + 75 + 20) / 5  = 395 / 5 = 79.0
    E: 4,4,4,4,4,4 -> 80.0, same as B and the same eco score (4), but visited on 7 April,
       before B (9 April): E ranks above B.
    F: 4,5,4,4,3,4 -> (100 + 100 + 60 + 60 + 45 + 40) / 5  = 405 / 5 = 81.0
    G: 4,4,4,3,5,5 -> (100 + 80 + 60 + 45 + 75 + 50) / 5   = 410 / 5 = 82.0
    Ranking: C 94.0, A 83.0, G 82.0, F 81.0, E 80.0, B 80.0, D 79.0.
    """
    stage = make_stage()
    plan_days = {"A": 8, "B": 9, "C": 10, "D": 11, "E": 7, "F": 13, "G": 14}
    values = {
        "A": [5, 4, 3, 4, 5, 3],
        "B": [4, 4, 4, 4, 4, 4],
        "C": [5, 5, 5, 5, 3, 5],
        "D": [4, 4, 4, 4, 5, 2],
        "E": [4, 4, 4, 4, 4, 4],
        "F": [4, 5, 4, 4, 3, 4],
        "G": [4, 4, 4, 3, 5, 5],
    }
    for name, day in plan_days.items():
        entry = shortlisted_firm(stage, staff_user, legal_name=f"PT {name}")
        complete(plan(entry, staff_user, day=day), staff_user, values[name])
    # A shortlisted firm without a completed visit is not ranked.
    plan(shortlisted_firm(stage, staff_user, legal_name="PT Not Yet"), staff_user)

    criteria, ranked = ranking(stage)
    assert [c.weight for c in criteria] == [25, 20, 15, 15, 15, 10]
    assert [(row.rank, row.sme.legal_name, row.weighted_total) for row in ranked] == [
        (1, "PT C", Decimal("94.0")),
        (2, "PT A", Decimal("83.0")),
        (3, "PT G", Decimal("82.0")),
        (4, "PT F", Decimal("81.0")),
        (5, "PT E", Decimal("80.0")),
        (6, "PT B", Decimal("80.0")),
        (7, "PT D", Decimal("79.0")),
    ]
    assert ranked[1].cells == [5, 4, 3, 4, 5, 3]


def test_equal_scores_are_broken_by_the_eco_innovation_score(staff_user):
    """X: 5,5,5,5,4,5 -> (125+100+75+75+60+50)/5 = 97.0; Y: 5,5,5,4,5,5 -> (125+100+75+60+75+50)/5 = 97.0.

    Both 97.0; Y has the higher eco-innovation score (5 > 4), so Y ranks first although X was
    visited earlier and comes first by name.
    """
    stage = make_stage()
    x = shortlisted_firm(stage, staff_user, legal_name="PT X")
    y = shortlisted_firm(stage, staff_user, legal_name="PT Y")
    complete(plan(x, staff_user, day=2), staff_user, [5, 5, 5, 5, 4, 5])
    complete(plan(y, staff_user, day=3), staff_user, [5, 5, 5, 4, 5, 5])
    _criteria, ranked = ranking(stage)
    assert [(row.sme.legal_name, row.weighted_total) for row in ranked] == [
        ("PT Y", Decimal("97.0")),
        ("PT X", Decimal("97.0")),
    ]


def test_the_korean_team_sees_only_consenting_firms_in_the_ranking_with_their_true_rank(
    staff_user, korean_user
):
    stage = make_stage()
    hidden = shortlisted_firm(stage, staff_user, legal_name="PT Hidden", consent_share_korea=False)
    shown = shortlisted_firm(stage, staff_user, legal_name="PT Shown")
    complete(plan(hidden, staff_user, day=2), staff_user, [5, 5, 5, 5, 5, 5])
    complete(plan(shown, staff_user, day=3), staff_user, [1, 1, 1, 1, 1, 1])
    _criteria, ranked = ranking(stage, viewer=korean_user)
    assert [(row.rank, row.sme.legal_name) for row in ranked] == [(2, "PT Shown")]


def test_a_survey_is_refused_on_a_rubric_whose_weights_do_not_make_100(staff_user):
    stage = make_stage()
    entry = shortlisted_firm(stage, staff_user)
    visit = plan(entry, staff_user)
    # Changed behind the forms' back (shell, database): the weights now add up to 76.
    first = Criterion.objects.filter(stage=stage).order_by("order").first()
    Criterion.objects.filter(pk=first.pk).update(weight=1)
    with pytest.raises(ValidationError, match="must add up to 100"):
        complete(visit, staff_user, [5, 4, 3, 4, 5, 3])
    visit.refresh_from_db()
    assert visit.status == V.PLANNED
    assert not visit.scores.exists()
