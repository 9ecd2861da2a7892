"""The demo loader of Korean partners and proposals (partnership.demo.cooperation)."""

import pytest

from partnership.cooperation.validators import normalize_brn
from partnership.demo import cooperation as demo
from partnership.models import CooperationProposal, KoreanPartner, ProposalEvent
from smes.models import CooperationForm
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(sme):
    """A programme whose roster holds the pilot (with its owner) and four fictional firms."""
    programme = factories.make_programme()
    factories.make_roster_entry(sme, programme=programme, status="shortlisted")
    for n in range(4):
        factories.make_roster_entry(factories.make_sme(legal_name=f"PT Contoh {n}"), programme=programme)
    return programme


def test_demo_has_proposals_in_every_status_and_form_and_the_pilots_biogas_transfer(
    roster, sme, staff_user, korean_user
):
    demo.load(programme=roster, staff=staff_user, korean=korean_user)

    assert KoreanPartner.objects.count() == 15
    for partner in KoreanPartner.objects.all():
        assert normalize_brn(partner.brn) == partner.brn
        assert partner.name_en.endswith("(demo)") and partner.name_ko.startswith("예시")
    assert set(CooperationProposal.objects.values_list("status", flat=True)) == set(
        CooperationProposal.Status.values
    )
    assert set(CooperationForm.objects.filter(proposals__isnull=False).values_list("code", flat=True)) == {
        "technology_transfer",
        "investment",
        "training",
        "staff_exchange",
    }
    biogas = CooperationProposal.objects.get(title="Biogas digester technology transfer")
    assert biogas.roster_entry.sme == sme
    assert list(biogas.forms.values_list("code", flat=True)) == ["technology_transfer"]
    assert "biogas" in biogas.technology.lower()
    assert biogas.status == "active" and biogas.outcome_recorded_at is not None
    # Moves went through the service: each has its event, dated in 2015.
    assert list(biogas.events.filter(kind="move").values_list("to_state", flat=True)) == [
        "draft",
        "submitted",
        "under_review",
        "accepted",
        "active",
    ]
    assert {event.at.year for event in ProposalEvent.objects.all()} == {2015}


def test_demo_is_idempotent(roster, staff_user, korean_user):
    demo.load(programme=roster, staff=staff_user, korean=korean_user)
    counts = (
        KoreanPartner.objects.count(),
        CooperationProposal.objects.count(),
        ProposalEvent.objects.count(),
    )
    demo.load(programme=roster, staff=staff_user, korean=korean_user)
    assert (
        KoreanPartner.objects.count(),
        CooperationProposal.objects.count(),
        ProposalEvent.objects.count(),
    ) == counts


def test_demo_without_a_roster_loads_the_partners_only(staff_user, korean_user):
    demo.load(programme=factories.make_programme(), staff=staff_user, korean=korean_user)
    assert KoreanPartner.objects.count() == 15
    assert not CooperationProposal.objects.exists()


def test_the_pilot_matches_the_biogas_partner_first(roster, sme, staff_user, korean_user):
    from partnership.cooperation import matching

    sme.sector = factories.Sector.objects.get(code="mechanical")
    sme.products = "Digester biogas dari fiberglass, septic tank fiberglass"
    sme.save()
    demo.load(programme=roster, staff=staff_user, korean=korean_user)
    assert matching.matches_for(sme)[0].partner.name_en == "Hanbit Biogas Engineering (demo)"
