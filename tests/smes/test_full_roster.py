"""A full roster: the registration pages say plainly that new firms are kept for later."""

import pytest
from django.urls import reverse

from smes.models import SME
from tests import factories

pytestmark = pytest.mark.django_db

NOTICE = "roster of candidates is full (2 of 2 places)"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def _programme_with(taken: int):
    programme = factories.make_programme(capacity=2)
    for _ in range(taken):
        factories.make_roster_entry(programme=programme)
    return programme


@pytest.mark.parametrize("page", ["smes:register", "home"])
def test_a_full_roster_is_said_on_the_registration_pages(client, page):
    _programme_with(2)

    html = client.get(reverse(page)).content.decode()

    assert NOTICE in html
    assert "kept for the programme's later stages and for future programmes" in html


@pytest.mark.parametrize("page", ["smes:register", "home"])
def test_a_roster_with_free_places_promises_nothing_more(client, page):
    _programme_with(1)

    assert "roster of candidates is full" not in client.get(reverse(page)).content.decode()


def test_a_withdrawn_entry_frees_its_place(client):
    programme = _programme_with(1)
    factories.make_roster_entry(programme=programme, status="withdrawn")

    assert "roster of candidates is full" not in client.get(reverse("smes:register")).content.decode()


@pytest.mark.parametrize(("status", "shown"), [(SME.Status.DRAFT, True), (SME.Status.VERIFIED, False)])
def test_my_firm_says_so_until_the_firm_is_verified(client, status, shown):
    _programme_with(2)
    owner = factories.make_user()
    factories.make_sme(owner=owner, status=status)
    client.force_login(owner)

    assert (NOTICE in client.get(reverse("smes:my_firm")).content.decode()) is shown
