"""Every cooperation page as every role: anonymous, the firm's owner, another firm's owner, the
Korean team and ministry staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import CooperationProposal
from smes.models import CooperationForm
from tests import factories

pytestmark = pytest.mark.django_db
P = CooperationProposal.Status
ROLES = ("anonymous", "owner", "other_owner", "korean", "staff")
TEAM_ONLY = {"anonymous": 302, "owner": 403, "other_owner": 403, "korean": 200, "staff": 200}

PAGES = {
    "partner_list": TEAM_ONLY,
    "partner_detail": TEAM_ONLY,
    "partner_create": TEAM_ONLY,
    "partner_edit": TEAM_ONLY,
    "partner_import": TEAM_ONLY,
    "partner_export": TEAM_ONLY,
    "board": TEAM_ONLY,
    "board_export": TEAM_ONLY,
    "matches": {"anonymous": 302, "owner": 200, "other_owner": 404, "korean": 200, "staff": 200},
    # The other owner's firm is not on a roster: there is nothing it could propose for.
    "proposal_create": {"anonymous": 302, "owner": 200, "other_owner": 403, "korean": 200, "staff": 200},
    "proposal_detail": {"anonymous": 302, "owner": 200, "other_owner": 404, "korean": 200, "staff": 200},
    # A draft of the Korean team: hidden from the firm until submitted; staff read it but only
    # the author's side edits it.
    "draft_detail": {"anonymous": 302, "owner": 404, "other_owner": 404, "korean": 200, "staff": 200},
    "proposal_edit": {"anonymous": 302, "owner": 404, "other_owner": 404, "korean": 200, "staff": 403},
}


@pytest.fixture
def world(sme, korean_user):
    entry = factories.make_roster_entry(sme, status="shortlisted")
    partner = factories.make_partner()
    submitted = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title="Submitted",
        author=korean_user,
        author_side="korean_team",
        status=P.SUBMITTED,
        submitted_at=timezone.now(),
        technology="x",
        transfer_mode="y",
    )
    draft = CooperationProposal.objects.create(
        roster_entry=entry, partner=partner, title="Draft", author=korean_user, author_side="korean_team"
    )
    for proposal in (submitted, draft):
        proposal.forms.set(CooperationForm.objects.filter(code="technology_transfer"))
    return {"entry": entry, "partner": partner, "submitted": submitted, "draft": draft}


def _url(name, world):
    if name in {"partner_detail", "partner_edit"}:
        return reverse(f"cooperation:{name}", args=[world["partner"].pk])
    if name == "matches":
        return reverse("cooperation:matches", args=[world["entry"].pk])
    if name == "proposal_detail":
        return reverse("cooperation:proposal_detail", args=[world["submitted"].pk])
    if name == "draft_detail":
        return reverse("cooperation:proposal_detail", args=[world["draft"].pk])
    if name == "proposal_edit":
        return reverse("cooperation:proposal_edit", args=[world["draft"].pk])
    return reverse(f"cooperation:{name}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_by_role(client, request, world, staff_user, korean_user, other_owner, sme, name, role):
    users = {"owner": sme.owner, "other_owner": other_owner, "korean": korean_user, "staff": staff_user}
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(_url(name, world))
    assert response.status_code == PAGES[name][role]
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["anonymous", "other_owner"])
def test_writes_on_a_proposal_are_refused_to_outsiders(client, world, other_owner, role):
    if role != "anonymous":
        client.force_login(other_owner)
    pk = world["submitted"].pk
    for name, data in [
        ("proposal_move", {"target": P.WITHDRAWN}),
        ("proposal_comment", {"comment": "hello"}),
        ("proposal_outcomes", {}),
    ]:
        response = client.post(reverse(f"cooperation:{name}", args=[pk]), data)
        assert response.status_code == (302 if role == "anonymous" else 404)
    assert CooperationProposal.objects.get(pk=pk).status == P.SUBMITTED
    assert not world["submitted"].events.exists()


def test_nav_links_for_the_team_only(client, sme, korean_user):
    board = reverse("cooperation:board")
    client.force_login(sme.owner)
    assert board not in client.get(reverse("home")).content.decode()
    client.force_login(korean_user)
    body = client.get(reverse("home")).content.decode()
    assert board in body and reverse("cooperation:partner_list") in body
