"""Every pipeline page for every role: anonymous, SME owner, Korean team, ministry staff."""

import pytest
from django.urls import reverse

from tests.surveys import scenario as scenario_module

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that assertions on messages survive the translation pass."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


STAFF_ONLY = {
    "roster",
    "roster_export",
    "roster_add",
    "roster_withdraw",
    "stage_create",
    "stage_edit",
    "shortlist_remove",
    "selection",
}


@pytest.fixture
def scenario(staff_user):
    return scenario_module.build(staff_user)


def urls(s) -> dict[str, str]:
    slug = s.programme.slug
    return {
        "roster": reverse("partnership:roster", args=[slug]),
        "roster_export": reverse("partnership:roster_export", args=[slug]) + "?format=csv",
        "roster_add": reverse("partnership:roster_add", args=[slug]),
        "roster_withdraw": reverse("partnership:roster_withdraw", args=[slug, s.candidate.pk]),
        "dossier": reverse("partnership:dossier", args=[slug, s.shared.roster_entry_id]),
        "stage_list": reverse("surveys:stage_list"),
        "stage_create": reverse("surveys:stage_create"),
        "stage_edit": reverse("surveys:stage_edit", args=[s.stage.pk]),
        "shortlist": reverse("surveys:shortlist", args=[s.stage.pk]),
        "shortlist_export": reverse("surveys:shortlist_export", args=[s.stage.pk]) + "?format=csv",
        "shortlist_remove": reverse("surveys:shortlist_remove", args=[s.stage.pk, s.planned.pk]),
        "visit_plan": reverse("surveys:visit_plan", args=[s.stage.pk, s.planned.pk]),
        "visit": reverse("surveys:visit", args=[s.done_visit.pk]),
        "visit_reschedule": reverse("surveys:visit_reschedule", args=[s.planned_visit.pk]),
        "visit_cancel": reverse("surveys:visit_cancel", args=[s.planned_visit.pk]),
        "ranking": reverse("surveys:ranking", args=[s.stage.pk]),
        "ranking_export": reverse("surveys:ranking_export", args=[s.stage.pk]) + "?format=xlsx",
        "selection": reverse("surveys:selection", args=[s.stage.pk, s.shared.pk]),
    }


PAGES = sorted(
    [
        "roster",
        "roster_export",
        "roster_add",
        "roster_withdraw",
        "dossier",
        "stage_list",
        "stage_create",
        "stage_edit",
        "shortlist",
        "shortlist_export",
        "shortlist_remove",
        "visit_plan",
        "visit",
        "visit_reschedule",
        "visit_cancel",
        "ranking",
        "ranking_export",
        "selection",
    ]
)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, scenario, page):
    url = urls(scenario)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
def test_an_sme_owner_is_refused(client, scenario, page, sme):
    client.force_login(sme.owner)
    assert client.get(urls(scenario)[page]).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_the_korean_team_opens_its_pages_and_not_the_staff_pages(client, scenario, page, korean_user):
    client.force_login(korean_user)
    expected = 403 if page in STAFF_ONLY else 200
    assert client.get(urls(scenario)[page]).status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_ministry_staff_open_every_page(client, scenario, page, staff_user):
    client.force_login(staff_user)
    assert client.get(urls(scenario)[page]).status_code == 200


def test_the_korean_team_cannot_open_a_firm_that_did_not_consent(client, scenario, korean_user):
    client.force_login(korean_user)
    slug = scenario.programme.slug
    assert (
        client.get(reverse("partnership:dossier", args=[slug, scenario.hidden.roster_entry_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("surveys:visit_plan", args=[scenario.stage.pk, scenario.hidden.pk])).status_code
        == 404
    )
    shortlist = client.get(reverse("surveys:shortlist", args=[scenario.stage.pk])).content.decode()
    assert "PT Rahasia Sendiri" not in shortlist
    assert "PT Berbagi Data" in shortlist


def test_the_korean_team_cannot_open_a_withdrawn_firms_dossier(client, scenario, korean_user, staff_user):
    from partnership.roster import services

    services.roster_withdraw(scenario.candidate, by=staff_user, reason="Left.")
    client.force_login(korean_user)
    url = reverse("partnership:dossier", args=[scenario.programme.slug, scenario.candidate.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name,args",
    [("surveys:shortlist_add", "stage"), ("surveys:shortlist_pilot", "entry")],
)
def test_writes_are_post_only(client, scenario, staff_user, name, args):
    client.force_login(staff_user)
    url = reverse(
        name, args=[scenario.stage.pk] if args == "stage" else [scenario.stage.pk, scenario.shared.pk]
    )
    assert client.get(url).status_code == 405


def test_the_korean_team_cannot_post_staff_moves(client, scenario, korean_user):
    client.force_login(korean_user)
    response = client.post(
        reverse("surveys:shortlist_add", args=[scenario.stage.pk]), {"roster_entry": scenario.candidate.pk}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("partnership:roster_withdraw", args=[scenario.programme.slug, scenario.candidate.pk]),
        {"reason": "no"},
    )
    assert response.status_code == 403
    scenario.candidate.refresh_from_db()
    assert scenario.candidate.status == "candidate"
