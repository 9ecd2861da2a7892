import pytest

from . import scenario as scenario_module


@pytest.fixture
def scenario(db, staff_user):
    return scenario_module.build(staff_user)


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that assertions on messages survive the translation pass.

    Tests of the Korean team's language delete this cookie first.
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
