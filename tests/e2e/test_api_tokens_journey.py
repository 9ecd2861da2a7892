"""A Korean team member makes an API token from the user menu, reads the shortlist's API with it,
and revokes it; the API's documentation page loads from the portal under the strict CSP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.factories import make_korean

from .conftest import login

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_make_use_and_revoke_a_token(django_db_serialized_rollback, page):
    make_korean("korea-api")
    login(page, "korea-api")
    page.goto(reverse("home"))
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("link", name="API 토큰").click()
    page.get_by_label("이름").fill("Shortlist spreadsheet")
    page.get_by_role("button", name="토큰 만들기").click()
    raw = page.locator("#new-token").input_value()
    assert raw.startswith("mitra_")

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(reverse("api:v1:stage_list")).status_code == 200

    # Shown once: the list shows its prefix, never the secret.
    page.goto(reverse("api_tokens:list"))
    expect(page.locator(".token-list")).to_contain_text(raw.split("_")[1])
    assert raw.split("_")[2] not in page.content()
    page.get_by_role("button", name="폐기").click()
    expect(page.locator(".token-list")).to_contain_text("폐기됨")
    assert api.get(reverse("api:v1:stage_list")).status_code == 401


def test_the_api_documentation_loads_under_the_strict_policy(django_db_serialized_rollback, page):
    page.context.add_init_script(LISTEN)
    page.goto(reverse("api:swagger_ui"))
    expect(page.locator(".swagger-ui .information-container")).to_be_visible(timeout=15_000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/firms/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
