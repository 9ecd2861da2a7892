"""The main pages of every role, and the admin, under the strict Content-Security-Policy: the
browser reports no violation (no inline script, style attribute or handler is blocked), and the
enhancements that used to be inline still work."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import login
from .pages import PASSWORDS, demo_objects

pytestmark = pytest.mark.browser

# Collects what the browser blocks, from before the first script of each page runs.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def demo(django_db_serialized_rollback, page):
    page.context.add_init_script(LISTEN)
    return demo_objects()


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


def _pages(o: dict) -> dict[str, list[tuple[str, str]]]:
    from partnership.models import KoreanPartner
    from smes.models import SME

    slug = o["programme"].slug
    stage = o["stage"].pk
    sme = o["published_sme"]
    owner_sme = SME.objects.filter(owner__username=PASSWORDS["owner"][0]).first() or sme
    partner = KoreanPartner.objects.order_by("pk").first()
    return {
        "anonymous": [
            ("home", reverse("home")),
            ("programme", reverse("partnership:programme_detail", args=[slug])),
            ("directory", reverse("smes:directory")),
            ("firm page", reverse("smes:public_detail", args=[sme.pk])),
            ("registration", reverse("smes:register")),
            ("login", reverse("login")),
            ("API documentation", reverse("api:swagger_ui")),
        ],
        "owner": [
            ("my firm", reverse("smes:my_firm")),
            ("edit", reverse("smes:edit")),
            ("API tokens", reverse("api_tokens:list")),
        ],
        "staff": [
            ("staff list", reverse("smes:staff_list")),
            ("staff detail", reverse("smes:staff_detail", args=[owner_sme.pk])),
            ("roster", reverse("partnership:roster", args=[slug])),
            ("stages", reverse("surveys:stage_list")),
            ("shortlist", reverse("surveys:shortlist", args=[stage])),
            ("ranking", reverse("surveys:ranking", args=[stage])),
            ("visit form", reverse("surveys:visit", args=[o["visit"].pk])),
            ("dossier", reverse("partnership:dossier", args=[slug, o["roster_entry"].pk])),
            ("dashboard", reverse("partnership:dashboard", args=[slug])),
            ("report", reverse("partnership:report", args=[slug])),
            ("board", reverse("cooperation:board")),
            ("partners", reverse("cooperation:partner_list")),
            ("partner form", reverse("cooperation:partner_create")),
            ("partner import", reverse("cooperation:partner_import")),
            ("proposal", reverse("cooperation:proposal_detail", args=[o["proposal"].pk])),
            ("new proposal", reverse("cooperation:proposal_create")),
            ("admin index", reverse("admin:index")),
            ("admin changelist", reverse("admin:smes_sme_changelist")),
            ("admin change form", reverse("admin:smes_sme_change", args=[sme.pk])),
            ("admin partner form", reverse("admin:partnership_koreanpartner_change", args=[partner.pk])),
            ("admin export page", reverse("admin:smes_sme_export")),
            ("admin import page", reverse("admin:smes_sme_import")),
        ],
        "korean": [
            ("shortlist", reverse("surveys:shortlist", args=[stage])),
            ("visit form", reverse("surveys:visit", args=[o["visit"].pk])),
            ("ranking", reverse("surveys:ranking", args=[stage])),
        ],
    }


def _violations(page, console_errors) -> list[str]:
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations || []") + list(console_errors)
    console_errors.clear()
    return found


@pytest.mark.parametrize("role", ["anonymous", "owner", "staff", "korean"])
def test_main_pages_break_no_rule_of_the_policy(page, demo, console_errors, role):
    if role != "anonymous":
        login(page, *PASSWORDS[role])
    problems = []
    for name, url in _pages(demo)[role]:
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{name}: {url} answered {response.status}"
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
        problems += [f"{name} ({url}): {violation}" for violation in _violations(page, console_errors)]
    assert not problems, f"CSP violations as {role}:\n  " + "\n  ".join(problems)


def test_what_was_inline_still_works(page, demo, console_errors):
    """Fill bars, the directory's region filter, the proposal form's sections, the admin's "select all"."""
    page.goto(reverse("smes:directory"))
    province = page.locator("form.directory-filters select[name=province]")
    province.select_option("32")  # Jawa Barat
    regencies = page.locator("form.directory-filters select[name=regency] option")
    expect(regencies.nth(1)).to_be_attached()
    assert all(
        code.startswith("32") for code in regencies.evaluate_all("os => os.slice(1).map(o => o.value)")
    )

    login(page, *PASSWORDS["staff"])
    page.goto(reverse("surveys:shortlist", args=[demo["stage"].pk]))
    bar = page.locator("[data-fill-percent]").first
    percent = bar.get_attribute("data-fill-percent")
    assert bar.evaluate("b => b.style.width") == f"{percent}%"

    page.goto(reverse("cooperation:proposal_create"))
    expect(page.locator(".proposal-form-section:not([hidden])")).to_have_count(0)
    page.locator('.proposal-form input[name="forms"]').first.check()
    expect(page.locator(".proposal-form-section:not([hidden])")).to_have_count(1)

    page.goto(reverse("admin:smes_sme_export"))
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:checked')
    expect(fields).not_to_have_count(0)
    page.locator("input.select-toggle").uncheck()
    expect(fields).to_have_count(0)
    assert not _violations(page, console_errors)
