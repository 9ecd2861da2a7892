"""The roster workflow: adding, the cap, withdrawing, the selection move."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partnership.lib.workflow import TransitionNotAllowed
from partnership.models import RosterEntry
from partnership.roster import services
from smes.models import SME, TimelineEvent
from tests.factories import make_programme, make_roster_entry, make_sme

R = RosterEntry.Status
pytestmark = pytest.mark.django_db


def test_roster_add_puts_a_verified_firm_on_the_roster_with_timeline_and_mail(
    staff_user, sme, django_capture_on_commit_callbacks
):
    programme = make_programme()
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.roster_add(programme, sme, by=staff_user)
    assert entry.status == R.CANDIDATE
    assert entry.added_by == staff_user
    event = TimelineEvent.objects.get(sme=sme, workflow="roster")
    assert (event.from_state, event.to_state, event.actor) == ("", R.CANDIDATE, staff_user)
    assert len(mail.outbox) == 1
    assert programme.name in mail.outbox[0].subject
    assert sme.contact_email in mail.outbox[0].to


def test_roster_mail_is_in_the_firms_language(staff_user, django_capture_on_commit_callbacks):
    firm = make_sme(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_add(make_programme(), firm, by=staff_user)
    assert mail.outbox[0].subject.startswith("Your firm is on the roster")


def test_roster_refuses_the_101st_firm(staff_user):
    programme = make_programme(capacity=100)
    for _ in range(100):
        make_roster_entry(programme=programme)
    extra = make_sme()
    with pytest.raises(ValidationError) as error:
        services.roster_add(programme, extra, by=staff_user)
    assert "The roster is full: 100 of 100 places are taken" in str(error.value)
    assert not RosterEntry.objects.filter(sme=extra).exists()
    assert programme.roster.count() == 100


def test_withdrawal_frees_a_place_for_another_firm(staff_user):
    programme = make_programme(capacity=2)
    first = services.roster_add(programme, make_sme(), by=staff_user)
    services.roster_add(programme, make_sme(), by=staff_user)
    third = make_sme()
    with pytest.raises(ValidationError):
        services.roster_add(programme, third, by=staff_user)
    services.roster_withdraw(first, by=staff_user, reason="The firm moved to Surabaya.")
    assert services.roster_add(programme, third, by=staff_user).status == R.CANDIDATE
    first.refresh_from_db()
    assert first.status == R.WITHDRAWN
    assert first.withdrawal_reason == "The firm moved to Surabaya."


def test_a_withdrawn_firm_can_come_back_as_a_candidate(staff_user):
    programme = make_programme()
    entry = services.roster_add(programme, make_sme(), by=staff_user)
    services.roster_withdraw(entry, by=staff_user, reason="Paused.")
    again = services.roster_add(programme, entry.sme, by=staff_user)
    assert again.pk == entry.pk
    assert again.status == R.CANDIDATE
    assert again.withdrawal_reason == ""


def test_a_firm_cannot_be_on_one_roster_twice(staff_user, sme):
    programme = make_programme()
    services.roster_add(programme, sme, by=staff_user)
    with pytest.raises(ValidationError, match="already on the roster"):
        services.roster_add(programme, sme, by=staff_user)
    assert programme.roster.filter(sme=sme).count() == 1


def test_the_database_refuses_a_firm_twice_on_a_roster(sme):
    from django.db import IntegrityError, transaction

    programme = make_programme()
    make_roster_entry(sme, programme=programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        RosterEntry.objects.create(programme=programme, sme=sme)


@pytest.mark.parametrize("status", [SME.Status.DRAFT, SME.Status.SUBMITTED, SME.Status.REJECTED])
def test_only_verified_firms_join_the_roster(staff_user, status):
    firm = make_sme(status=status)
    with pytest.raises(ValidationError, match="Only verified firms"):
        services.roster_add(make_programme(), firm, by=staff_user)


def test_only_staff_add_to_the_roster(korean_user, owner_user, sme):
    for user in (korean_user, owner_user):
        with pytest.raises(PermissionDenied):
            services.roster_add(make_programme(), sme, by=user)
    assert not RosterEntry.objects.exists()


def test_bulk_add_adds_all_or_nothing(staff_user):
    programme = make_programme(capacity=3)
    make_roster_entry(programme=programme)
    firms = [make_sme() for _ in range(3)]
    with pytest.raises(ValidationError, match="only 2 places are free"):
        services.roster_add_many(programme, firms, by=staff_user)
    assert programme.roster.count() == 1
    services.roster_add_many(programme, firms[:2], by=staff_user)
    assert programme.roster.count() == 3


def test_withdrawal_needs_a_reason(staff_user):
    entry = make_roster_entry()
    with pytest.raises(ValidationError, match="reason"):
        services.roster_withdraw(entry, by=staff_user, reason="  ")
    entry.refresh_from_db()
    assert entry.status == R.CANDIDATE


def test_withdrawing_twice_is_an_illegal_transition(staff_user):
    entry = make_roster_entry(status=R.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        services.roster_withdraw(entry, by=staff_user, reason="again")


def test_selection_needs_a_surveyed_firm(staff_user):
    entry = make_roster_entry(status=R.CANDIDATE)
    with pytest.raises(TransitionNotAllowed):
        services.record_selection(entry, R.SELECTED, by=staff_user, justification="Strong technology.")
    entry.refresh_from_db()
    assert entry.status == R.CANDIDATE


def test_selection_is_recorded_with_its_justification(staff_user, django_capture_on_commit_callbacks):
    entry = make_roster_entry(status=R.SURVEYED)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_selection(entry, R.SELECTED, by=staff_user, justification="Strong technology.")
    entry.refresh_from_db()
    assert entry.status == R.SELECTED
    assert entry.selection_justification == "Strong technology."
    event = TimelineEvent.objects.get(sme=entry.sme, workflow="selection")
    assert (event.from_state, event.to_state, event.note) == (R.SURVEYED, R.SELECTED, "Strong technology.")
    assert len(mail.outbox) == 1


def test_selection_needs_a_justification_and_staff(staff_user, korean_user):
    entry = make_roster_entry(status=R.SURVEYED)
    with pytest.raises(ValidationError, match="justification"):
        services.record_selection(entry, R.SELECTED, by=staff_user, justification="")
    with pytest.raises(PermissionDenied):
        services.record_selection(entry, R.SELECTED, by=korean_user, justification="Good.")
    entry.refresh_from_db()
    assert entry.status == R.SURVEYED


def test_shortlisted_to_surveyed_is_not_a_staff_move(staff_user):
    entry = make_roster_entry(status=R.SHORTLISTED)
    with pytest.raises(PermissionDenied):
        services.move_roster_entry(entry, R.SURVEYED, by=staff_user, held={"staff"})
