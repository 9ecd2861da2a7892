"""The Korean team gets its pages in Korean unless a member chose another language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_language_cookie(client, settings):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return client


def test_the_korean_team_gets_korean_and_the_cookie(no_language_cookie, scenario, korean_user, settings):
    client = no_language_cookie
    client.force_login(korean_user)
    response = client.get(reverse("surveys:shortlist", args=[scenario.stage.pk]))
    assert response.headers["Content-Language"] == "ko"
    assert '<html lang="ko">' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    # Every later page follows the cookie, also pages outside the stage pages.
    assert client.get(reverse("home")).headers["Content-Language"] == "ko"


def test_criteria_names_are_shown_in_korean_to_the_korean_team(no_language_cookie, scenario, korean_user):
    client = no_language_cookie
    client.force_login(korean_user)
    html = client.get(reverse("surveys:ranking", args=[scenario.stage.pk])).content.decode()
    assert "기술 역량" in html and "친환경혁신 잠재력" in html
    assert "Technology capability" not in html


def test_a_korean_team_member_who_chose_english_keeps_english(client, scenario, korean_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(korean_user)
    response = client.get(reverse("surveys:shortlist", args=[scenario.stage.pk]))
    assert response.headers["Content-Language"] == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_language_switcher_wins_over_the_team_language(
    no_language_cookie, scenario, korean_user, settings
):
    client = no_language_cookie
    client.force_login(korean_user)
    client.get(reverse("surveys:stage_list"))
    client.post(reverse("set_language"), {"language": "id", "next": "/stages/"})
    assert client.get(reverse("surveys:stage_list")).headers["Content-Language"] == "id"


def test_staff_keep_the_default_language(no_language_cookie, scenario, staff_user, settings):
    client = no_language_cookie
    client.force_login(staff_user)
    response = client.get(reverse("surveys:shortlist", args=[scenario.stage.pk]))
    assert response.headers["Content-Language"] == "id"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
