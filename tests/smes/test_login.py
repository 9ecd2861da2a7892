"""Logging in through the real form: throttling after repeated failures, and password reset by e-mail."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import make_korean, make_sme, make_staff, make_user

LOGIN = reverse("login")
PASSWORD = "pass-1234-word"


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the source language, whatever the default language."""
    settings.LANGUAGE_CODE = "en"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_the_login_page_has_the_form_and_a_reset_link(client):
    html = client.get(LOGIN).content.decode()

    assert 'class="login-form"' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert reverse("password_reset") in html


@pytest.mark.django_db
def test_the_right_password_logs_in(client):
    user = make_user("siti")

    response = log_in(client, "siti", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_a_wrong_password_shows_the_form_again_with_a_message(client):
    make_user("siti")

    response = log_in(client, "siti", "wrong")

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_sixth_attempt_is_refused_even_with_the_right_password(client):
    make_user("siti")
    for _attempt in range(5):
        log_in(client, "siti", "wrong")

    response = log_in(client, "siti", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_four_failures_do_not_lock_the_account(client):
    make_user("siti")
    for _attempt in range(4):
        log_in(client, "siti", "wrong")

    response = log_in(client, "siti", PASSWORD)

    assert response.status_code == 302
    assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_the_lock_is_per_username_and_address(client):
    make_user("siti")
    make_user("budi")
    for _attempt in range(5):
        log_in(client, "siti", "wrong")

    assert log_in(client, "budi", PASSWORD).status_code == 302  # another account from the same address
    other_address = client.post(LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 302


# --- username or e-mail address; each role's start page --------------------------------------------


@pytest.mark.django_db
def test_the_e_mail_address_logs_in_like_the_username(client):
    user = make_user("siti", email="Siti@Example.com")

    response = log_in(client, "siti@example.com", PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_an_e_mail_address_of_two_accounts_logs_in_neither(client):
    make_user("siti", email="shared@example.com")
    make_user("budi", email="shared@example.com")

    response = log_in(client, "shared@example.com", PASSWORD)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"]["username"].value() == "shared@example.com"


@pytest.mark.django_db
def test_failures_by_e_mail_and_by_username_lock_the_same_account(client):
    make_user("siti", email="siti@example.com")
    for attempt in range(5):
        log_in(client, "siti@example.com" if attempt % 2 else "siti", "wrong")

    assert log_in(client, "siti", PASSWORD).status_code == 429
    assert log_in(client, "siti@example.com", PASSWORD).status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("staff", reverse("smes:staff_list")),
        ("korean", reverse("surveys:stage_list")),
        ("owner", reverse("smes:my_firm")),
        ("nobody", reverse("home")),
    ],
)
def test_each_role_lands_on_its_own_start_page(client, role, start):
    user = {"staff": make_staff, "korean": make_korean}.get(role, make_user)("someone")
    if role == "owner":
        make_sme(owner=user, status="draft")

    response = log_in(client, "someone", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == start


@pytest.mark.django_db
def test_a_next_address_wins_over_the_start_page(client):
    make_user("siti")

    response = client.post(LOGIN + "?next=/sme/directory/", {"username": "siti", "password": PASSWORD})

    assert response["Location"] == "/sme/directory/"


# --- password reset by e-mail ------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_by_e_mail_from_request_to_login(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user("siti", email="siti@firma.example")

    # The mail goes out from the outbox once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "siti@firma.example"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["siti@firma.example"]
    assert "Mitra UKM" in mail.subject
    assert "Your username is siti" in mail.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "Biogas-digester-2007", "new_password2": "Biogas-digester-2007"},
        follow=True,
    )
    assert "Your password was changed" in done.content.decode()

    client.logout()
    assert log_in(client, "siti", PASSWORD).status_code == 200  # the old password no longer works
    assert log_in(client, "siti", "Biogas-digester-2007").status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert "Check your e-mail" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_used_or_broken_reset_link_says_so(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]), follow=True)

    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_and_nothing_changes(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("siti", email="siti@firma.example")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        client.post(reverse("password_reset"), {"email": "siti@firma.example"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(set_password_url, {"new_password1": "12345", "new_password2": "12345"})

    assert response.status_code == 200
    assert "too short" in response.content.decode()
    client.logout()
    assert log_in(client, "siti", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_change_password_page_needs_a_login_and_works(client):
    assert client.get(reverse("password_change")).status_code == 302
    user = make_user("siti")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Fibreglass-tank-42",
            "new_password2": "Fibreglass-tank-42",
        },
        follow=True,
    )

    assert "Your password was changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Fibreglass-tank-42")


@pytest.mark.django_db
def test_logging_out_is_post_only_and_ends_the_session(client):
    client.force_login(make_user("siti"))

    client.post(reverse("logout"))

    assert SESSION_KEY not in client.session
