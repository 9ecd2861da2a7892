"""Personal tokens: made and revoked on the user's page, stored hashed, shown once; throttles."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.api.models import ApiToken
from partnership.api.throttling import AddressRateThrottle, TokenRateThrottle
from tests import factories

pytestmark = pytest.mark.django_db

TOKENS = reverse("api_tokens:list")
ROSTER = reverse("api:v1:roster_list")


def test_the_token_page_needs_a_login(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_stored_as_a_digest(client, staff_user):
    client.force_login(staff_user)
    response = client.post(TOKENS, {"name": "Spreadsheet"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("mitra_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=staff_user)
    _keyword, prefix, secret = raw.split("_")
    assert token.prefix == prefix
    assert token.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.secret_digest
    # The page lists it afterwards, never with its secret.
    page = client.get(TOKENS).content.decode()
    assert "Spreadsheet" in page and prefix in page and secret not in page


def test_the_form_keeps_what_was_typed_on_an_error(client, owner_user):
    client.force_login(owner_user)
    response = client.post(TOKENS, {"name": "Old", "expires_on": "2000-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Choose a day after today." in response.content.decode()
    assert 'value="Old"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_authenticates_until_revoked(client, api, staff_user):
    token, raw = ApiToken.issue(staff_user, name="t")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(ROSTER).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    client.force_login(staff_user)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    response = api.get(ROSTER)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_nobody_revokes_someone_elses_token(client, staff_user, korean_user):
    token, _raw = ApiToken.issue(staff_user, name="t")
    client.force_login(korean_user)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_an_expired_token_or_a_wrong_secret_is_refused(api, staff_user):
    token, raw = ApiToken.issue(staff_user, name="t", expires_at=timezone.now() + datetime.timedelta(days=1))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(ROSTER).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api.get(ROSTER).status_code == 401
    _token, other = ApiToken.issue(staff_user, name="u")
    for bad in (other[:-2] + "xx", "mitra_zz_secret", "nonsense", "mitra_" + "a" * 12 + "_" + "é" * 20):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {bad}".encode().decode("latin-1"))
        assert api.get(ROSTER).status_code == 401, bad


def test_the_session_works_for_the_api_and_a_write_needs_csrf(staff_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert client.get(ROSTER).status_code == 200
    # Read-only: whatever the CSRF answer, nothing is written.
    assert client.post(ROSTER, {}).status_code in {403, 405}


def test_throttles_answer_429_with_retry_after(api, staff_user, monkeypatch):
    factories.make_sme()
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "3/minute"})
    for _ in range(3):
        assert api.get(reverse("api:v1:firm_list")).status_code == 200
    response = api.get(reverse("api:v1:firm_list"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_token_has_its_own_budget(api, staff_user, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/hour"})
    _token, raw = ApiToken.issue(staff_user, name="t")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [api.get(ROSTER).status_code for _ in range(3)] == [200, 200, 429]
    _token, fresh = ApiToken.issue(staff_user, name="u")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {fresh}")
    assert api.get(ROSTER).status_code == 200


def test_the_user_menu_links_to_the_token_page(client, owner_user):
    client.force_login(owner_user)
    assert f'href="{TOKENS}"' in client.get(reverse("home")).content.decode()


def test_a_forged_forwarded_for_does_not_dodge_the_address_throttle(api, monkeypatch):
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "2/minute"})
    url = reverse("api:v1:firm_list")
    answers = [api.get(url, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]
    assert answers == [200, 200, 429]


def test_a_token_may_be_given_an_expiry(client, owner_user):
    client.force_login(owner_user)
    day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(TOKENS, {"name": "Month", "expires_on": day.isoformat()})
    assert response.status_code == 200 and response.context["new_token"]
    token = ApiToken.objects.get(user=owner_user)
    assert timezone.localtime(token.expires_at).date() == day
    assert timezone.localtime(token.expires_at).time() == datetime.time.min
    assert client.post(TOKENS, {"name": "   "}).status_code == 400


def test_the_api_answers_in_the_language_asked_for(api, monkeypatch):
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "1/minute"})
    url = reverse("api:v1:firm_list")
    api.get(url)
    throttled = api.get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert throttled.status_code == 429 and throttled["Retry-After"]
    assert (
        throttled.json()["detail"]
        == f"Terlalu banyak permintaan. Coba lagi dalam {throttled['Retry-After']} detik."
    )
    korean = api.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()["detail"]
    assert korean.startswith("요청이 너무 많습니다.")


def test_refusals_are_translated(api):
    response = api.get(reverse("api:v1:roster_list"), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 401
    assert response.json()["detail"] == "인증 정보가 제공되지 않았습니다."
    response = api.get(reverse("api:v1:firm_detail", args=[10**6]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
