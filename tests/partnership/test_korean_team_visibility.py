"""The one rule of what the Korean team may see of a firm, and the pages that apply it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partnership.models import RosterEntry, shared_with_korean_team, sme_is_shared_with_korean_team
from partnership.roster import permissions as roster_permissions
from partnership.roster import services as roster_services
from smes import permissions as registry_permissions
from smes.models import Province, Regency, TimelineEvent
from surveys import services as survey_services
from surveys.models import ShortlistEntry, SurveyVisit
from tests.factories import make_roster_entry, make_sme, make_stage

R = RosterEntry.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    """One entry per case: shared; no consent; withdrawn with consent."""
    return {
        "shared": make_roster_entry(make_sme(consent_share_korea=True)),
        "no_consent": make_roster_entry(make_sme(consent_share_korea=False)),
        "withdrawn": make_roster_entry(make_sme(consent_share_korea=True), status=R.WITHDRAWN),
    }


def test_only_a_live_entry_of_a_consenting_firm_is_shared(entries):
    shared = set(RosterEntry.objects.shared_with_korean_team())
    assert shared == {entries["shared"]}
    # The predicate says the same as the query, entry by entry.
    assert {name for name, entry in entries.items() if entry.is_shared_with_korean_team} == {"shared"}


@pytest.mark.parametrize("status", RosterEntry.LIVE_STATUSES)
def test_every_live_state_is_shared_and_counts_as_live(status):
    entry = make_roster_entry(make_sme(consent_share_korea=True), status=status)
    assert entry.is_live and entry.is_shared_with_korean_team
    assert RosterEntry.objects.live().filter(pk=entry.pk).exists()


def test_the_rule_follows_a_prefix_from_a_shortlist_entry(entries):
    stage = make_stage()
    for entry in entries.values():
        ShortlistEntry.objects.create(stage=stage, roster_entry=entry, is_active=entry.status != R.WITHDRAWN)
    visible = ShortlistEntry.objects.filter(shared_with_korean_team("roster_entry__"))
    assert [item.roster_entry for item in visible] == [entries["shared"]]


def test_the_viewer_rule_staff_see_all_the_team_sees_shared_others_nothing(
    entries, staff_user, korean_user, owner_user
):
    for name, entry in entries.items():
        assert roster_permissions.can_see_firm(staff_user, entry)
        assert roster_permissions.can_see_firm(korean_user, entry) is (name == "shared")
        assert not roster_permissions.can_see_firm(owner_user, entry)
    for user, expected in ((staff_user, 3), (korean_user, 1), (owner_user, 0)):
        assert RosterEntry.objects.filter(roster_permissions.firms_visible_to(user)).count() == expected


def test_the_registry_asks_the_programme_rule(entries, korean_user):
    # The registry's own check (documents, private profile) uses the programme's rule.
    for name, entry in entries.items():
        assert registry_permissions.is_shared_with_korean_team(entry.sme) is (name == "shared")
        assert sme_is_shared_with_korean_team(entry.sme) is (name == "shared")
        assert registry_permissions.can_view_private(korean_user, entry.sme) is (name == "shared")


def test_a_firm_on_no_roster_is_not_shared_even_with_consent(korean_user):
    sme = make_sme(consent_share_korea=True)
    assert not registry_permissions.is_shared_with_korean_team(sme)
    assert not registry_permissions.can_view_private(korean_user, sme)


def test_withdrawal_cancels_the_planned_visit_through_the_visit_workflow(
    staff_user, django_capture_on_commit_callbacks
):
    stage = make_stage(
        regencies=Regency.objects.filter(code__in=["3201"]), provinces=Province.objects.filter(code="36")
    )
    entry = make_roster_entry(make_sme(consent_share_korea=True))
    shortlisted = survey_services.shortlist_add(stage, entry, by=staff_user)
    visit = survey_services.plan_visit(
        shortlisted,
        scheduled_for=timezone.make_aware(datetime.datetime(2015, 4, 9, 10)),
        place="Ciomas",
        surveyors="Kim",
        by=staff_user,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.roster_withdraw(entry, by=staff_user, reason="Left the programme.")
    visit.refresh_from_db()
    shortlisted.refresh_from_db()
    assert visit.status == SurveyVisit.Status.CANCELLED
    assert visit.cancellation_reason == "Left the programme."
    assert not shortlisted.is_active
    # The visit workflow's timeline event and its e-mail, beside the withdrawal's.
    event = TimelineEvent.objects.get(sme=entry.sme, workflow="visit", to_state=SurveyVisit.Status.CANCELLED)
    assert (event.from_state, event.note) == (SurveyVisit.Status.PLANNED, "Left the programme.")
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2, subjects


def test_the_owner_withdrawing_its_own_firm_also_cancels_the_visit(staff_user, owner_user):
    stage = make_stage(regencies=Regency.objects.filter(code__in=["3201"]))
    owner_sme = make_sme(consent_share_korea=True, owner=owner_user)
    entry = make_roster_entry(owner_sme)
    shortlisted = survey_services.shortlist_add(stage, entry, by=staff_user)
    visit = survey_services.plan_visit(
        shortlisted,
        scheduled_for=timezone.make_aware(datetime.datetime(2015, 4, 9, 10)),
        place="Ciomas",
        surveyors="Kim",
        by=staff_user,
    )
    roster_services.roster_withdraw(entry, by=owner_sme.owner, reason="Kapasitas penuh.")
    visit.refresh_from_db()
    assert visit.status == SurveyVisit.Status.CANCELLED
