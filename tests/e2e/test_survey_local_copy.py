"""The survey form on a phone: a lost connection loses nothing, and a draft is its own action.

The form is kept on the device (static/js/local-copy.js) until the server confirms the send.
"""

import pytest
from playwright.sync_api import expect

from surveys.models import SurveyVisit

from .conftest import login
from .pages import PASSWORDS, demo_objects

pytestmark = pytest.mark.browser


@pytest.fixture
def visit(django_db_serialized_rollback, page, live_server):
    objects = demo_objects()
    visit = SurveyVisit.objects.filter(status=SurveyVisit.Status.PLANNED).order_by("pk").first()
    if visit is None:
        pytest.skip("the demo data has no planned survey visit")
    page.set_viewport_size({"width": 360, "height": 780})
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, *PASSWORDS["korean"])
    assert objects
    return visit


def local_copy(page, visit):
    return page.evaluate(f"localStorage.getItem('mitra:local-copy:survey-visit-{visit.pk}')")


def test_a_lost_connection_loses_nothing_and_a_sent_draft_clears_the_copy(page, visit):
    url = f"/stages/visits/{visit.pk}/"
    page.goto(url)
    form = page.locator("#survey-form")
    form.locator("label.score-label").nth(3).click()  # first criterion: 3
    form.locator("textarea[name=notes]").fill("Workshop visited; roof leaks.")
    assert local_copy(page, visit) is not None

    # The connection drops as the form is sent: the request never reaches the server.
    def drop_the_post(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**{url}", drop_the_post)
    form.locator("button[value=draft]").click()
    page.wait_for_load_state()
    page.unroute(f"**{url}")
    visit.refresh_from_db()
    assert visit.draft == {}

    page.goto(url)
    expect(page.locator("[data-local-copy-notice]")).to_be_visible()
    expect(page.locator("textarea[name=notes]")).to_have_value("Workshop visited; roof leaks.")
    assert page.locator("#survey-form input[type=radio]:checked").count() == 1

    page.locator("#survey-form button[value=draft]").click()
    expect(page.locator(".draft-saved")).to_be_visible()
    assert local_copy(page, visit) is None
    visit.refresh_from_db()
    assert visit.status == SurveyVisit.Status.PLANNED
    assert visit.draft["notes"] == "Workshop visited; roof leaks."
    expect(page.locator("textarea[name=notes]")).to_have_value("Workshop visited; roof leaks.")
    expect(page.locator("[data-local-copy-notice]")).to_be_hidden()
