"""Django admin for Korean partners and proposals."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnership.models import CooperationProposal, KoreanPartner
from smes.models import CooperationForm, Sector
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user():
    return factories.make_user("root", is_staff=True, is_superuser=True, groups=["Ministry staff"])


def test_partner_changelist_and_search(client, admin_user):
    factories.make_partner(name_en="Hanbit Biogas Co.")
    factories.make_partner(name_en="Other Co.")
    client.force_login(admin_user)
    response = client.get(reverse("admin:partnership_koreanpartner_changelist"), {"q": "hanbit"})
    assert response.status_code == 200
    assert "Hanbit Biogas Co." in response.content.decode()
    assert "Other Co." not in response.content.decode()


def test_admin_add_checks_the_business_registration_number(client, admin_user):
    client.force_login(admin_user)
    data = {
        "name_ko": "한빛",
        "name_en": "Hanbit",
        "brn": "116-82-00278",
        "region": "KR-41",
        "sector": Sector.objects.get(code="metal").pk,
        "size": "small",
        "cooperation_forms": [CooperationForm.objects.get(code="training").pk],
        "is_active": "on",
    }
    response = client.post(reverse("admin:partnership_koreanpartner_add"), data)
    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    assert not KoreanPartner.objects.exists()
    response = client.post(reverse("admin:partnership_koreanpartner_add"), {**data, "brn": "1168200276"})
    assert response.status_code == 302
    assert KoreanPartner.objects.get().brn == "116-82-00276"


def test_admin_action_moves_proposals_through_the_service(client, admin_user, korean_user, sme):
    entry = factories.make_roster_entry(sme)
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=factories.make_partner(),
        title="Submitted one",
        author=korean_user,
        author_side="korean_team",
        status="submitted",
        submitted_at=timezone.now(),
    )
    draft = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=proposal.partner,
        title="A draft",
        author=korean_user,
        author_side="korean_team",
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:partnership_cooperationproposal_changelist"),
        {"action": "move_to_under_review", "_selected_action": [proposal.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert CooperationProposal.objects.get(pk=proposal.pk).status == "under_review"
    assert CooperationProposal.objects.get(pk=draft.pk).status == "draft"
    assert proposal.events.get().to_state == "under_review"
    assert "A draft: This move is not allowed" in response.content.decode()


def test_admin_proposal_page_is_read_only(client, admin_user, korean_user, sme):
    entry = factories.make_roster_entry(sme)
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=factories.make_partner(),
        title="Read only",
        author=korean_user,
        author_side="korean_team",
    )
    client.force_login(admin_user)
    response = client.get(reverse("admin:partnership_cooperationproposal_change", args=[proposal.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.get(reverse("admin:partnership_cooperationproposal_add")).status_code == 403
