import pytest

from . import factories


@pytest.fixture
def staff_user(db):
    return factories.make_staff("staff")


@pytest.fixture
def korean_user(db):
    return factories.make_korean("korean")


@pytest.fixture
def owner_user(db):
    return factories.make_user("owner")


@pytest.fixture
def other_owner(db):
    user = factories.make_user("other-owner")
    factories.make_sme(owner=user, legal_name="PT Lain Sendiri")
    return user


@pytest.fixture
def sme(db, owner_user):
    return factories.make_sme(owner=owner_user, legal_name="PT Swen Inovasi Transfer")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
