"""Each class of input that once ended in a 500 (on PostgreSQL, DEBUG off) now gets a 400 or is
ignored: NUL in a query parameter, a cursor that decodes to no row's key, an overlong login
username, a Host header that is not allowed, a number past 64 bits."""

import base64
import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse

from partnership.lib.input import parse_id
from smes.pagination import decode_cursor, encode_cursor

from .. import factories

pytestmark = pytest.mark.django_db


def cursor_of(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.fixture
def superuser(db):
    return factories.make_user("root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("query", ["q=a%00b", "province=%00", "sector=3%00", "%00=1", "q=%C3%28"])
def test_unusable_text_in_the_directory_is_a_translated_400(client, sme, query):
    response = client.get(f"{reverse('smes:directory')}?{query}")
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()  # the 400 page, in Indonesian


@pytest.mark.parametrize("query", ["q=a%00b", "province=%00", "status=%00"])
def test_unusable_text_in_the_staff_list_is_a_400(client, staff_user, sme, query):
    client.force_login(staff_user)
    assert client.get(f"{reverse('smes:staff_list')}?{query}").status_code == 400


@pytest.mark.parametrize("query", ["legal_name=%00", "sector__id__exact=%00", "q=%00"])
def test_unusable_text_in_an_admin_list_filter_is_a_400(client, superuser, sme, query):
    client.force_login(superuser)
    assert client.get(f"{reverse('admin:smes_sme_changelist')}?{query}").status_code == 400


def test_a_nul_in_a_posted_form_is_a_400_and_nothing_is_written(client):
    response = client.post(
        reverse("smes:register"), {"username": "budi\x00", "email": "b@example.com", "legal_name": "PT A"}
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="b@example.com").exists()


@pytest.mark.parametrize(
    "value",
    [
        ["a\x00b", 1],  # PostgreSQL refuses the NUL
        ["a", 10**30],  # past the id column
        ["a", 0],
        ["a", -5],
        ["x" * 5000, 1],
        ["a", True],
        ["a", 1, 2],
        {"name": "a"},
        "a",
    ],
)
def test_a_cursor_that_no_row_can_have_is_the_first_page(value):
    assert decode_cursor(cursor_of(value)) is None


def test_a_cursor_of_a_row_still_decodes():
    assert decode_cursor(encode_cursor("PT Swen Inovasi Transfer", 42)) == ("PT Swen Inovasi Transfer", 42)


@pytest.mark.parametrize("name", ["smes:directory", "smes:staff_list"])
def test_a_bad_cursor_in_a_list_page_shows_the_first_page(client, staff_user, sme, name):
    client.force_login(staff_user)
    for key in ("after", "before"):
        response = client.get(reverse(name), {key: cursor_of(["a\x00b", 10**30]), "status": "all"})
        assert response.status_code == 200
        assert sme.legal_name in response.content.decode()


def test_an_overlong_login_username_is_a_form_error_not_a_500(client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "u" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()  # an e-mail address fits
    assert response.context["form"]["username"].value() == "u" * 300  # what was typed is kept


def test_the_failure_log_keeps_a_username_cut_to_its_column(client):
    # The admin's login form has no bound of its own: axes still logs the attempt.
    response = client.post(reverse("admin:login"), {"username": "u" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "u" * 255


def test_a_host_that_is_not_allowed_is_a_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["mitra.example.go.id"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


def test_a_number_past_64_bits_in_an_admin_date_filter_is_a_400(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:surveys_surveyvisit_changelist")
    assert client.get(f"{url}?scheduled_for__year=99999999999999999999").status_code == 400


def test_a_huge_id_among_several_choices_is_a_form_error(client, korean_user):
    from smes.models import CooperationForm

    client.force_login(korean_user)
    response = client.post(
        reverse("cooperation:partner_create"),
        {
            "name_en": "Hanbit",
            "cooperation_forms": [str(CooperationForm.objects.first().pk), "99999999999999999999"],
        },
    )
    assert response.status_code in {200, 400}
    assert "cooperation_forms" in response.context["form"].errors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("99999999999999999999", None),
        (None, None),
    ],
)
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected
