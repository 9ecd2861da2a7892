import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from partnership.api.models import ApiToken


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The throttles count in the cache: every test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    """``as_user(user)``: the API client with a fresh personal token of ``user`` (None: anonymous)."""

    def login(user):
        api.credentials()
        if user is not None:
            _token, raw = ApiToken.issue(user, name="tests")
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return api

    return login
