"""The public programme page and the home page: the story in three languages and live progress."""

import pytest
from django.urls import reverse

from partnership.models import RosterEntry
from smes.models import SME
from surveys.models import ShortlistEntry, Stage
from tests import factories
from tests.partnership.test_dashboard import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = make_programme(
        story_en="The story in English.",
        story_id="Kisah dalam bahasa Indonesia.",
        story_ko="한국어 이야기입니다.",
    )
    firms = [factories.make_sme() for _ in range(3)]
    factories.make_sme(status=SME.Status.SUBMITTED)
    factories.make_sme(status=SME.Status.DRAFT)
    entries = [RosterEntry.objects.create(programme=programme, sme=sme) for sme in firms]
    stage = Stage.objects.create(programme=programme, number=1, name="Tahap 1", capacity=20)
    stage.eligible_regencies.set(["3201", "3271"])
    stage.eligible_provinces.set(["36"])
    Stage.objects.create(programme=programme, number=2, name="Tahap 2", capacity=20)
    ShortlistEntry.objects.create(stage=stage, roster_entry=entries[0])
    ShortlistEntry.objects.create(stage=stage, roster_entry=entries[1], is_active=False)
    return programme


@pytest.mark.parametrize(
    ("language", "story", "heading"),
    [
        ("id", "Kisah dalam bahasa Indonesia.", None),
        ("en", "The story in English.", "Progress so far"),
        ("ko", "한국어 이야기입니다.", None),
    ],
)
def test_programme_page_tells_the_story_in_the_visitor_language(client, programme, language, story, heading):
    client.cookies["django_language"] = language
    response = client.get(reverse("partnership:programme_detail", args=[programme.slug]))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    html = response.content.decode()
    assert story in html
    for other in {"The story in English.", "Kisah dalam bahasa Indonesia.", "한국어 이야기입니다."} - {story}:
        assert other not in html
    if heading:
        assert heading in html


def test_story_falls_back_to_english_when_a_translation_is_missing(client, programme):
    programme.story_ko = ""
    programme.save()
    client.cookies["django_language"] = "ko"
    html = client.get(reverse("partnership:programme_detail", args=[programme.slug])).content.decode()
    assert "The story in English." in html


def test_programme_page_shows_live_progress_and_a_call_to_register(client, programme):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("partnership:programme_detail", args=[programme.slug]))
    progress = response.context["progress"]
    assert (progress["registered"], progress["verified"]) == (4, 3)  # drafts are not counted
    assert progress["roster"] == {"filled": 3, "capacity": 100, "percent": 3}
    assert [(row["stage"].name, row["filled"], row["capacity"]) for row in progress["stages"]] == [
        ("Tahap 1", 1, 20),
        ("Tahap 2", 0, 20),
    ]
    html = response.content.decode()
    assert "3 / 100" in html
    assert "1 / 20 filled" in html
    assert "Kabupaten Bogor, Kota Bogor, Banten" in html
    assert reverse("smes:register") in html
    # The four forms of cooperation, each with its explanation.
    assert html.count('class="h5 card-title"') == 4
    assert "A Korean partner invests in the firm" in html
    # Meters say their numbers to screen readers, not only with a bar.
    assert 'aria-valuenow="3"' in html and 'aria-valuemax="100"' in html


def test_programme_page_does_not_link_the_dashboard_for_the_public(client, programme, staff_user):
    url = reverse("partnership:programme_detail", args=[programme.slug])
    dashboard_url = reverse("partnership:dashboard", args=[programme.slug])
    assert dashboard_url not in client.get(url).content.decode()
    client.force_login(staff_user)
    assert dashboard_url in client.get(url).content.decode()


def test_programme_page_query_count_does_not_grow(client, programme, django_assert_max_num_queries):
    url = reverse("partnership:programme_detail", args=[programme.slug])
    with django_assert_max_num_queries(10):
        client.get(url)
    for n in range(3, 8):
        stage = Stage.objects.create(programme=programme, number=n, name=f"Tahap {n}", capacity=20)
        stage.eligible_provinces.set(["36", "32"])
        sme = factories.make_sme()
        entry = RosterEntry.objects.create(programme=programme, sme=sme)
        ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    with django_assert_max_num_queries(10):
        client.get(url)


def test_unknown_programme_is_404(client):
    assert client.get(reverse("partnership:programme_detail", args=["nope"])).status_code == 404


def test_home_page_shows_the_active_programme_and_its_progress(client, programme):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The story in English." in html
    assert "3 / 100" in html
    assert reverse("smes:register") in html
    assert reverse("partnership:programme_detail", args=[programme.slug]) in html


def test_home_page_without_a_programme_still_works(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["programme"] is None


def test_server_error_page_needs_no_database_and_keeps_the_language(rf, django_assert_num_queries):
    from django.utils import translation

    from partnership.views import server_error

    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Something went wrong" in html


def test_the_home_page_shows_a_logged_in_owner_the_firm_and_not_register(client):
    owner = factories.make_user()
    factories.make_sme(owner=owner, status=SME.Status.SUBMITTED, legal_name="PT Batik Lestari")
    client.force_login(owner)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("home")).content.decode()

    assert "PT Batik Lestari" in html
    assert "The ministry is checking your registration" in html
    assert reverse("smes:register") not in html
    assert f'href="{reverse("smes:my_firm")}"' in html


@pytest.mark.parametrize("path", [reverse("home"), reverse("smes:directory")])
def test_the_top_bar_always_shows_the_owner_my_firm(client, path):
    owner = factories.make_user()
    factories.make_sme(owner=owner, status=SME.Status.DRAFT)
    client.force_login(owner)

    html = client.get(path).content.decode()

    assert f'class="nav-link" href="{reverse("smes:my_firm")}"' in html


def test_the_home_page_still_invites_a_visitor_to_register(client):
    html = client.get(reverse("home")).content.decode()

    assert reverse("smes:register") in html
    assert 'href="/sme/my-firm/"' not in html
