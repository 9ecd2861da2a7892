"""The Korean team's journey, in Korean: the stage 1 shortlist, a dossier, a visit, the scores,
and the ranking that changes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys import services
from surveys.models import Criterion
from tests.factories import make_korean, make_staff
from tests.surveys import scenario as scenario_module

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def world(django_db_serialized_rollback, page):
    # Serialized rollback keeps the reference data of the migrations across transactional tests.
    staff = make_staff("staf-e2e")
    korean = make_korean("kim-e2e")
    s = scenario_module.build(staff)
    to_visit = services.shortlist_add(s.stage, s.candidate, by=staff)
    return {"scenario": s, "korean": korean, "to_visit": to_visit, "page": page}


def test_the_korean_team_surveys_a_firm_in_korean_and_sees_the_ranking_change(world):
    s, page = world["scenario"], world["page"]
    login(page, "kim-e2e")

    # The stage list, from the navigation bar, in Korean.
    page.locator(f'nav a[href="{reverse("surveys:stage_list")}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")

    # The ranking before: one surveyed firm.
    page.goto(reverse("surveys:ranking", args=[s.stage.pk]))
    expect(page.locator("#ranking-table tbody tr[data-firm]")).to_have_count(1)
    expect(page.locator("#ranking-table")).to_contain_text("기술 역량")  # criteria names in Korean

    # The stage 1 shortlist: the firm that did not consent is not there.
    page.goto(reverse("surveys:stage_list"))
    page.locator(f'a[href="{reverse("surveys:shortlist", args=[s.stage.pk])}"]').first.click()
    table = page.locator("#shortlist-table")
    expect(table).to_contain_text("PT Berbagi Data")
    expect(table).to_contain_text("PT Calon Bogor")
    expect(table).not_to_contain_text("PT Rahasia Sendiri")

    # A dossier: profile and timeline, never the NIK or NPWP.
    dossier_url = reverse("partnership:dossier", args=[s.programme.slug, s.shared.roster_entry_id])
    table.locator(f'a[href="{dossier_url}"]').click()
    expect(page.locator("h1")).to_have_text("PT Berbagi Data")
    expect(page.locator("#timeline-heading")).to_be_visible()
    content = page.content()
    assert "3201010101800001" not in content and "0912345678901234" not in content
    page.go_back()

    # Schedule a visit to PT Calon Bogor.
    row = page.locator("#shortlist-table tr", has_text="PT Calon Bogor")
    row.locator(f'a[href="{reverse("surveys:visit_plan", args=[s.stage.pk, world["to_visit"].pk])}"]').click()
    page.fill("input[name=scheduled_for]", "2015-04-21T09:30")
    page.fill("input[name=place]", "Kota Bogor, workshop")
    page.fill("input[name=surveyors]", "Kim Min-jun, Lee Seo-yeon")
    page.locator("#visit-plan-form button[type=submit]").click()
    expect(page.locator("[data-testid=visit-status]")).to_be_visible()
    expect(page.locator("#survey-form")).to_be_visible()

    # Enter the scores on the survey form: 5 everywhere, recommend.
    for criterion in Criterion.objects.filter(stage=s.stage):
        page.locator(f'label[for="id_score_{criterion.pk}_5"]').click()
        page.fill(f"textarea[name=comment_{criterion.pk}]", "훌륭함")
    page.locator('label[for="id_recommendation_0"]').click()
    page.fill("textarea[name=notes]", "Strong candidate for technology transfer.")
    page.locator("#survey-form button[value=complete]").click()  # completing is its own action

    # The ranking changed: two firms, the new one first with 100.0.
    expect(page).to_have_url(
        f"{page.url.split('/stages/')[0]}{reverse('surveys:ranking', args=[s.stage.pk])}"
    )
    rows = page.locator("#ranking-table tbody tr[data-firm]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-firm", "PT Calon Bogor")
    expect(rows.nth(0).locator("[data-testid=weighted-total]")).to_have_text("100.0")
    expect(rows.nth(1)).to_have_attribute("data-firm", "PT Berbagi Data")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
