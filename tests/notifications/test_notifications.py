"""Notifications inside the portal: written with the mail, rendered in the reader's language."""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partnership.accounts.services import send_password_reset
from partnership.cooperation import proposals
from partnership.models import CooperationProposal
from partnership.notifications.kinds import MESSAGES
from partnership.notifications.models import Notification
from partnership.notifications.templatetags import notification_tags
from smes import services
from smes.models import SME
from tests import factories

pytestmark = pytest.mark.django_db
P = CooperationProposal.Status
LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read_all")


def read_url(notification):
    return reverse("notifications:read", args=[notification.pk])


@pytest.fixture
def submitted(owner_user):
    return factories.make_sme(owner=owner_user, status=SME.Status.SUBMITTED, reference="UKM-2026-0042")


# --- written with the mail --------------------------------------------------------------------


def test_verifying_a_firm_notifies_its_owner_with_a_link_to_the_firm(submitted, owner_user, staff_user):
    services.verify(submitted, by=staff_user)
    notification = Notification.objects.get()
    assert notification.recipient == owner_user
    assert notification.kind == "sme_verified"
    assert notification.params["ref"] == "UKM-2026-0042"
    assert notification.link == reverse("smes:my_firm")
    assert notification.read_at is None
    assert not Notification.objects.filter(recipient=staff_user).exists()


def test_the_text_is_rendered_in_the_readers_language_when_read(submitted, staff_user):
    # The firm reads Indonesian mail; the notification follows the reader's language instead.
    services.request_info(submitted, by=staff_user, note="Lampirkan NIB.")
    notification = Notification.objects.get()
    texts = {}
    for language in ("en", "id", "ko"):
        with translation.override(language):
            texts[language] = notification.message
    assert texts["en"] == "More information needed for your registration UKM-2026-0042"
    assert len(set(texts.values())) == 3
    assert all("UKM-2026-0042" in text for text in texts.values())
    assert notification.params["note"] == "Lampirkan NIB."


def test_a_move_that_is_rolled_back_leaves_no_notification(submitted, staff_user):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.verify(submitted, by=staff_user)
        assert Notification.objects.count() == 1
        raise RuntimeError
    assert Notification.objects.count() == 0


def test_a_proposal_move_notifies_the_other_side_not_the_actor(sme, owner_user, korean_user, staff_user):
    entry = factories.make_roster_entry(sme, status="shortlisted")
    partner = factories.make_partner()
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title="Biogas digester technology",
        technology="Biogas",
        transfer_mode="licence",
        status=P.SUBMITTED,
        author=korean_user,
        author_side=CooperationProposal.Side.KOREAN_TEAM,
        submitted_at=timezone.now(),
    )
    proposal.forms.set(proposal.forms.model.objects.filter(code="technology_transfer"))
    proposals.move(proposal, P.UNDER_REVIEW, by=staff_user)
    received = {n.recipient for n in Notification.objects.all()}
    assert received == {owner_user, korean_user}
    Notification.objects.all().delete()
    proposals.move(proposal, P.ACCEPTED, by=owner_user)
    notification = Notification.objects.get()
    assert notification.recipient == korean_user
    assert notification.link == reverse("cooperation:proposal_detail", args=[proposal.pk])
    with translation.override("en"):
        assert notification.message == "Cooperation proposal “Biogas digester technology”: accepted"


def test_the_password_reset_mail_tells_its_account(owner_user):
    assert send_password_reset(owner_user)
    assert Notification.objects.get().kind == "account_password_reset"
    assert Notification.objects.get().link == ""


def test_an_unknown_kind_or_broken_params_never_break_the_page(owner_user):
    Notification.objects.create(recipient=owner_user, kind="gone", params={})
    Notification.objects.create(recipient=owner_user, kind="sme_verified", params={})
    with translation.override("en"):
        assert {n.message for n in Notification.objects.all()} == {"Something changed in the portal."}


# --- the list, marking read ---------------------------------------------------------------------


def _notify(user, count=1, **fields):
    return [
        Notification.objects.create(
            recipient=user, kind="sme_verified", params={"ref": f"UKM-2026-{i:04d}"}, **fields
        )
        for i in range(count)
    ]


def test_the_list_shows_only_the_readers_notifications_newest_first(client, owner_user, other_owner):
    _notify(other_owner)
    first, second = _notify(owner_user, 2)
    client.force_login(owner_user)
    client.cookies["django_language"] = "en"
    response = client.get(LIST)
    assert [n.pk for n in response.context["page"]] == [second.pk, first.pk]
    assert "Your firm has been verified: UKM-2026-0001" in response.content.decode()


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    client, owner_user, django_assert_max_num_queries
):
    _notify(owner_user, 25)
    client.force_login(owner_user)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 20
    assert len(client.get(LIST, {"page": "2"}).context["page"].object_list) == 5
    assert client.get(LIST, {"page": "x\u00e9"}).status_code == 200


def test_marking_one_read_is_post_only_and_for_its_reader_alone(client, owner_user, other_owner):
    (mine,) = _notify(owner_user)
    (theirs,) = _notify(other_owner)
    client.force_login(owner_user)
    assert client.get(read_url(mine)).status_code == 405
    assert client.post(read_url(theirs)).status_code == 404
    assert client.post(reverse("notifications:read", args=[2**63])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(read_url(mine))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_marks_read_and_follows_the_link_on_the_site_only(client, owner_user):
    (inside,) = _notify(owner_user, link="/sme/my-firm/")
    (outside,) = _notify(owner_user, link="//evil.example/")
    client.force_login(owner_user)
    response = client.post(read_url(inside), {"open": "1"})
    assert response.headers["Location"] == "/sme/my-firm/"
    response = client.post(read_url(outside), {"open": "1"})
    assert response.headers["Location"] == LIST
    assert Notification.objects.unread().count() == 0


def test_mark_all_read_touches_only_the_readers(client, owner_user, other_owner):
    _notify(owner_user, 3)
    _notify(other_owner, 2)
    client.force_login(owner_user)
    assert client.get(READ_ALL).status_code == 405
    assert client.post(READ_ALL).status_code == 302
    assert not Notification.objects.of(owner_user).unread().exists()
    assert Notification.objects.of(other_owner).unread().count() == 2


def test_the_list_needs_a_signed_in_user(client):
    assert client.get(LIST).status_code == 302


def test_csrf_is_checked_when_marking_read(owner_user):
    (mine,) = _notify(owner_user)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner_user)
    assert strict.post(read_url(mine)).status_code == 403
    assert strict.post(READ_ALL).status_code == 403


# --- the bell -------------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count(client, owner_user):
    _notify(owner_user, 3)
    _notify(owner_user, read_at=timezone.now())
    client.force_login(owner_user)
    body = client.get(reverse("home")).content.decode()
    assert 'data-unread="3"' in body
    assert client.get(reverse("home")).context is not None


def test_nobody_signed_in_sees_no_bell(client):
    assert "notification-bell" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("name", ["home", "smes:my_firm", "notifications:list"])
def test_the_bell_adds_at_most_one_query_to_a_page(client, sme, owner_user, monkeypatch, name):
    _notify(owner_user, 2)
    client.force_login(owner_user)
    url = reverse(name)
    client.get(url)  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as with_bell:
        assert client.get(url).status_code == 200
    monkeypatch.setattr(notification_tags, "unread_count", lambda user: 0)
    with CaptureQueriesContext(connection) as without_bell:
        assert client.get(url).status_code == 200
    assert 0 <= len(with_bell) - len(without_bell) <= 1


def test_the_count_is_asked_once_per_request_however_often_it_is_shown(rf, owner_user):
    _notify(owner_user)
    request = rf.get("/")
    request.user = owner_user
    template = Template("{% load notification_tags %}{% unread_notifications %}{% unread_notifications %}")
    with CaptureQueriesContext(connection) as queries:
        assert template.render(Context({"request": request})) == "11"
    assert len(queries) == 1


def test_every_mail_template_has_a_notification_text_and_every_text_a_mail():
    mails = {
        path.name.removesuffix("_subject.txt")
        for path in (settings.BASE_DIR / "templates" / "emails").glob("*_subject.txt")
    }
    assert mails == set(MESSAGES)
