"""The profile form in the browser: the size class follows what is typed, by the server's rule."""

import pytest
from playwright.sync_api import expect

from smes.models import SIZE_THRESHOLDS, SizeClass
from tests.factories import make_sme, make_user

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def owner_page(django_db_serialized_rollback, page, live_server):
    owner = make_user("pemilik-uji")
    make_sme(owner=owner, status="draft", capital=None, annual_sales=None, full_year_sales=True)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, "pemilik-uji")
    page.goto("/sme/my-firm/edit/")
    return page


def test_the_size_class_updates_as_capital_and_sales_are_typed(owner_page):
    page = owner_page
    badge = page.locator("[data-size-class-badge]")
    expect(badge).to_contain_text("not known yet")

    page.locator("input[name=annual_sales]").fill("14.000.000.000")
    expect(badge).to_have_text("Small")
    expect(page.locator("[data-size-class-criterion]")).to_contain_text("Rp 14,000,000,000")

    page.locator("input[name=annual_sales]").fill("Rp 60.000.000.000")
    expect(badge).to_have_text("Large (not eligible)")
    expect(page.locator("[data-size-class-large]")).to_be_visible()

    page.locator("input[name=full_year_sales]").uncheck()
    page.locator("input[name=capital]").fill("900.000.000")
    expect(badge).to_have_text("Micro")
    expect(page.locator("[data-size-class-large]")).to_be_hidden()


def test_the_page_and_the_server_share_one_set_of_thresholds(owner_page):
    scale = owner_page.evaluate("JSON.parse(document.getElementById('size-scale').textContent)")

    assert [(row["size_class"], row["capital"], row["sales"]) for row in scale[:-1]] == [
        (str(code), int(capital), int(sales)) for code, capital, sales in SIZE_THRESHOLDS
    ]
    assert scale[-1]["size_class"] == SizeClass.LARGE
