"""The SME owner withdraws its own firm from a programme."""

import pytest
from django.urls import reverse

from partnership.models import RosterEntry
from smes.models import TimelineEvent
from tests.factories import make_programme, make_roster_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(sme):
    return make_roster_entry(sme, programme=make_programme())


def leave_url(entry):
    return reverse("partnership:roster_leave", args=[entry.programme.slug, entry.pk])


def test_my_firm_offers_the_withdrawal(client, owner_user, entry):
    client.force_login(owner_user)
    assert leave_url(entry) in client.get(reverse("smes:my_firm")).content.decode()


def test_the_owner_withdraws_with_a_reason_and_frees_the_place(
    client, owner_user, entry, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(leave_url(entry), {"reason": "Kapasitas produksi penuh tahun ini."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == RosterEntry.Status.WITHDRAWN
    assert entry.withdrawal_reason == "Kapasitas produksi penuh tahun ini."
    assert entry.programme.roster.live().count() == 0
    event = TimelineEvent.objects.filter(sme=entry.sme, workflow="roster").first()
    assert (event.to_state, event.actor) == ("withdrawn", owner_user)
    assert len(mailoutbox) == 1


def test_a_withdrawal_without_a_reason_is_refused_and_nothing_changes(client, owner_user, entry):
    client.force_login(owner_user)
    client.cookies["django_language"] = "en"
    response = client.post(leave_url(entry), {"reason": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == RosterEntry.Status.CANDIDATE


@pytest.mark.parametrize("who", ["other_owner", "staff_user", "korean_user"])
def test_nobody_else_withdraws_a_firm_through_the_owner_page(client, entry, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(leave_url(entry), {"reason": "x"}).status_code == 404
    entry.refresh_from_db()
    assert entry.status == RosterEntry.Status.CANDIDATE


def test_anonymous_is_asked_to_log_in(client, entry):
    response = client.get(leave_url(entry))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
