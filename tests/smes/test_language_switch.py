"""The language buttons on the registration and profile pages carry what was typed, save nothing."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from smes.models import SME, TimelineEvent
from tests import factories

from .test_registration import REGISTRATION, complete_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_switching_on_the_registration_page_shows_what_was_typed_in_korean_and_saves_nothing(client):
    data = {**REGISTRATION, "nib": "1234567890123", "legal_form": "cv", "switch_language": "ko"}

    response = client.post(reverse("smes:register"), data)

    assert response.status_code == 200
    assert response["Content-Language"] == "ko"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    html = response.content.decode()
    assert "기업 등록하기" in html
    form = response.context["firm_form"]
    assert form["legal_name"].value() == "PT Maju Bersama"
    assert form["legal_form"].value() == "cv"
    assert form["nib"].value() == "1234567890123"
    assert form["language"].value() == "en"  # the firm's e-mail language is what was chosen, not the page's
    assert response.context["account_form"]["email"].value() == "budi@example.com"
    assert 'value="PT Maju Bersama"' in html
    # Passwords are the one thing never sent back, and the page says so.
    assert REGISTRATION["password1"] not in html
    assert 'id="retype-password"' in html
    # Nothing was judged, nothing was written.
    assert "alert-danger" not in html
    assert not User.objects.filter(username="budi").exists()
    assert not SME.objects.exists()


def test_a_switch_with_incomplete_or_invalid_data_shows_no_error_and_writes_nothing(client):
    data = {"username": "", "email": "not-an-e-mail", "legal_name": "", "nib": "12", "switch_language": "ko"}

    response = client.post(reverse("smes:register"), data)

    assert response.status_code == 200
    assert "alert-danger" not in response.content.decode()
    assert "invalid-feedback" not in response.content.decode()
    assert response.context["firm_form"]["nib"].value() == "12"
    assert not User.objects.exists()


def test_a_switch_to_an_unknown_language_keeps_the_page_language_and_still_saves_nothing(client):
    response = client.post(reverse("smes:register"), {**REGISTRATION, "switch_language": "xx"})

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert response.context["firm_form"]["legal_name"].value() == "PT Maju Bersama"
    assert not User.objects.filter(username="budi").exists()


def test_the_registration_form_without_a_switch_still_registers(client):
    response = client.post(reverse("smes:register"), REGISTRATION)

    assert response.status_code == 302
    assert SME.objects.get().legal_name == "PT Maju Bersama"


def test_switching_on_the_profile_page_shows_what_was_typed_and_saves_nothing(client, owner_user):
    sme = factories.make_sme(owner=owner_user, status=SME.Status.DRAFT, legal_name="PT Lama", employees=3)
    events_before = TimelineEvent.objects.count()
    client.force_login(owner_user)
    data = complete_profile(
        legal_name="PT Baru", employees="40", certifications=["sni", "halal"], switch_language="ko"
    )
    data.pop("action")

    response = client.post(reverse("smes:edit"), data)

    assert response.status_code == 200
    assert response["Content-Language"] == "ko"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert "프로필 수정" in response.content.decode()
    form = response.context["form"]
    assert form["legal_name"].value() == "PT Baru"
    assert form["employees"].value() == "40"
    assert sorted(form["certifications"].value()) == ["halal", "sni"]
    assert form["regency"].value() == "3201"
    assert form["kbli_codes"].value() == "25112, 28291"
    assert form["capital"].value() == "1.500.000.000"
    assert "alert-danger" not in response.content.decode()
    sme.refresh_from_db()
    assert (sme.legal_name, sme.employees, sme.status) == ("PT Lama", 3, SME.Status.DRAFT)
    assert TimelineEvent.objects.count() == events_before


def test_a_switch_never_submits_even_with_the_submit_action(client, owner_user):
    sme = factories.make_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)

    response = client.post(reverse("smes:edit"), complete_profile(action="submit", switch_language="id"))

    assert response.status_code == 200
    sme.refresh_from_db()
    assert sme.status == SME.Status.DRAFT


def test_the_profile_switch_keeps_the_permission_checks(client, owner_user):
    factories.make_sme(owner=owner_user, status=SME.Status.REJECTED)
    client.force_login(owner_user)

    response = client.post(reverse("smes:edit"), complete_profile(switch_language="ko"))

    assert response.status_code == 302
    assert response.url == reverse("smes:my_firm")


def test_an_anonymous_profile_switch_goes_to_the_login_page(client):
    response = client.post(reverse("smes:edit"), {"switch_language": "ko"})

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_two_forms_ask_for_the_switch_and_the_buttons_still_post_to_set_language(client, owner_user):
    html = client.get(reverse("smes:register")).content.decode()
    assert 'id="registration-form" data-language-switch' in html
    assert "js/language-switch" in html
    assert f'action="{reverse("set_language")}"' in html

    factories.make_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)
    html = client.get(reverse("smes:edit")).content.decode()
    assert 'id="profile-form" data-language-switch' in html
    assert "js/language-switch" in html
    assert f'action="{reverse("set_language")}"' in html


def test_elsewhere_the_language_buttons_still_post_to_set_language(client):
    html = client.get(reverse("smes:directory")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert html.count('name="language"') == 3
    assert "data-language-switch" not in html

    response = client.post(reverse("set_language"), {"language": "ko", "next": "/sme/directory/?q=biogas"})
    assert response.status_code == 302
    assert response.url == "/sme/directory/?q=biogas"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"


def test_the_error_summary_says_that_passwords_must_be_typed_again(client):
    response = client.post(reverse("smes:register"), {**REGISTRATION, "password2": "something-else-1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "except passwords and files: enter those again" in html
    assert "Nothing else you typed is lost" not in html


def test_the_profile_error_summary_promises_nothing_about_passwords_or_files(client, owner_user):
    factories.make_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)

    response = client.post(reverse("smes:edit"), complete_profile(postal_code="12"))

    html = response.content.decode()
    assert "The other fields keep what you typed." in html
    assert "except passwords and files" not in html
