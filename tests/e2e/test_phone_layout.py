"""On a 360-pixel phone the lists show their results first and keep their filters behind a
"Filter" button; wide tables scroll inside their own box, never the page."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import login
from .pages import PASSWORDS, demo_objects

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}

# page, role, URL, the filter form, the first result
LISTS = [
    ("directory", "anonymous", "smes:directory", "form.directory-filters", ".directory-results"),
    ("staff_list", "staff", "smes:staff_list", "form.staff-filters", "table.staff-table"),
    ("proposals_board", "staff", "cooperation:board", "form.board-filters", "table.board-table"),
]


@pytest.fixture
def demo(django_db_serialized_rollback, page):
    return demo_objects()


def _open(page, role: str, url_name: str, language: str) -> None:
    page.goto("/")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}])
    if role != "anonymous":
        username, password = PASSWORDS[role]
        login(page, username, password)
    url = reverse(url_name)
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["id", "ko"])
@pytest.mark.parametrize(("key", "role", "url", "filters", "results"), LISTS, ids=[row[0] for row in LISTS])
def test_a_phone_shows_results_before_filters(page, demo, key, role, url, filters, results, language):
    page.set_viewport_size(PHONE)
    _open(page, role, url, language)

    first_result = page.locator(results).first
    expect(first_result).to_be_visible()
    form = page.locator(filters)
    form_box = form.bounding_box() if form.is_visible() else None
    result_box = first_result.bounding_box()
    assert result_box is not None
    assert form_box is None or form_box["y"] > result_box["y"], f"{key}: the filters come first"
    assert result_box["y"] < PHONE["height"], f"{key}: the first result is below the first screen"

    # The filters are one tap away.
    page.locator(".filter-toggle").click()
    expect(form).to_be_visible()
    expect(form.locator("button[type=submit]")).to_be_in_viewport()

    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{key} scrolls sideways at 360 px in {language}: {width}"


@pytest.mark.parametrize(("key", "role", "url", "filters", "results"), LISTS, ids=[row[0] for row in LISTS])
def test_a_wide_screen_shows_the_filters_beside_the_results(page, demo, key, role, url, filters, results):
    _open(page, role, url, "id")
    expect(page.locator(filters)).to_be_visible()
    expect(page.locator(".filter-toggle")).to_be_hidden()


@pytest.mark.parametrize("language", ["id", "ko"])
@pytest.mark.parametrize(
    ("role", "url", "table"),
    [("staff", "smes:staff_list", "table.staff-table"), ("staff", "cooperation:board", "table.board-table")],
)
def test_wide_tables_scroll_in_their_own_box(page, demo, role, url, table, language):
    page.set_viewport_size(PHONE)
    _open(page, role, url, language)
    box = page.locator(table).locator("xpath=..")
    assert "table-responsive" in (box.get_attribute("class") or "")
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{url} scrolls sideways at 360 px in {language}: {width}"
