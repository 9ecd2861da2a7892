"""Browser journey: the Korean team proposes training to a shortlisted firm, staff put it under
review, the firm's owner logs in and accepts it, and staff see it as accepted on the board.

Selectors use names, ids and data attributes, not text, so the journey holds in every language.
"""

import pytest
from playwright.sync_api import expect

from partnership.models import CooperationProposal
from smes.models import CooperationForm
from surveys.models import ShortlistEntry, Stage
from tests import factories

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def world(django_db_serialized_rollback, page):
    # Serialized rollback keeps the reference data of the migrations across transactional tests.
    owner = factories.make_user("pemilik-e2e")
    sme = factories.make_sme(owner=owner, legal_name="PT Swen Inovasi Transfer", sector="mechanical")
    programme = factories.make_programme()
    entry = factories.make_roster_entry(sme, programme=programme, status="shortlisted")
    stage = Stage.objects.create(programme=programme, number=1, name="Tahap 1")
    ShortlistEntry.objects.create(stage=stage, roster_entry=entry, is_pilot=True)
    partner = factories.make_partner(name_en="Daon Composite Moulds", forms=["training"], sector="mechanical")
    return {
        "entry": entry,
        "partner": partner,
        "korean": factories.make_korean("korea-e2e"),
        "staff": factories.make_staff("staf-e2e"),
        "owner": owner,
        "training": CooperationForm.objects.get(code="training"),
    }


def _switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def test_korean_team_proposes_training_and_the_firm_accepts_it(page, world):
    # The Korean team drafts a training proposal for the shortlisted firm and submits it.
    login(page, "korea-e2e")
    page.goto(f"/cooperation/proposals/new/?roster_entry={world['entry'].pk}")
    form = page.locator("form.proposal-form")
    form.locator("select[name=roster_entry]").select_option(str(world["entry"].pk))
    form.locator("select[name=partner]").select_option(str(world["partner"].pk))
    form.locator("input[name=title]").fill("Pelatihan cetakan fiberglass")
    # The training section appears once training is chosen.
    expect(page.locator("[data-form-code=training]")).to_be_hidden()
    form.locator(f"input[name=forms][value='{world['training'].pk}']").check()
    expect(page.locator("[data-form-code=training]")).to_be_visible()
    expect(page.locator("[data-form-code=investment]")).to_be_hidden()
    form.locator("#id_training_topic").fill("Resin infusion")
    form.locator("#id_trainees").fill("4")
    form.locator("#id_training_days").fill("10")
    form.locator("#id_training_place").fill("Ansan")
    form.locator("button[type=submit]").click()
    expect(page.locator(".proposal-status [data-status=draft]")).to_be_visible()
    page.locator("form.move-form[data-target=submitted] button[type=submit]").click()
    expect(page.locator(".proposal-status [data-status=submitted]")).to_be_visible()
    proposal = CooperationProposal.objects.get()
    assert proposal.author_side == "korean_team"

    # Staff start the review.
    _switch_user(page, "staf-e2e")
    page.goto(f"/cooperation/proposals/{proposal.pk}/")
    page.locator("form.move-form[data-target=under_review] button[type=submit]").click()
    expect(page.locator(".proposal-status [data-status=under_review]")).to_be_visible()

    # The owner finds it on the firm's list and accepts it with a comment.
    _switch_user(page, "pemilik-e2e")
    page.goto(f"/cooperation/proposals/{proposal.pk}/")
    expect(page.locator("form.move-form[data-target=withdrawn]")).to_have_count(0)
    accept = page.locator("form.move-form[data-target=accepted]")
    accept.locator("textarea[name=comment]").fill("Kami setuju, terima kasih.")
    accept.locator("button[type=submit]").click()
    expect(page.locator(".proposal-status [data-status=accepted]")).to_be_visible()
    expect(page.locator(".proposal-timeline")).to_contain_text("Kami setuju, terima kasih.")

    # Staff see it as accepted on the board, also when filtering by accepted training proposals.
    _switch_user(page, "staf-e2e")
    page.goto("/cooperation/board/?status=accepted&form=training")
    row = page.locator(f"tr[data-proposal='{proposal.pk}']")
    expect(row).to_contain_text("Pelatihan cetakan fiberglass")
    expect(row.locator("[data-status=accepted]")).to_be_visible()
    expect(page.locator("[data-status-count=accepted]")).to_have_text("1")
