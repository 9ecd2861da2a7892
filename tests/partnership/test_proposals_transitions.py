"""Every move of a proposal, allowed and refused, for every side that can write it and every role.

The expectations are written out by hand here (not derived from the service's table), so that a
change of the table must be a deliberate change of this specification too.
"""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from partnership.cooperation import proposals
from partnership.models import CooperationProposal, ProposalEvent
from smes.models import CooperationForm, TimelineEvent
from tests import factories

P = CooperationProposal.Status
SIDES = ("sme", "korean_team", "staff")
ACTORS = ("owner", "other_owner", "korean", "staff")
AUTHOR_ACTOR = {"sme": "owner", "korean_team": "korean", "staff": "staff"}
# Who decides a proposal of each side: the firm decides on others' proposals; the Korean team (or
# staff on its behalf) on the firm's. The Korean team never accepts on the firm's behalf.
ADDRESSEE_ACTORS = {"sme": {"korean", "staff"}, "korean_team": {"owner"}, "staff": {"owner"}}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def expected_actors(side: str, current: str, target: str) -> set[str]:
    author = {AUTHOR_ACTOR[side]}
    if (current, target) in {
        (P.DRAFT, P.SUBMITTED),
        (P.DRAFT, P.WITHDRAWN),
        (P.SUBMITTED, P.WITHDRAWN),
        (P.UNDER_REVIEW, P.WITHDRAWN),
    }:
        return author
    if (current, target) == (P.SUBMITTED, P.UNDER_REVIEW):
        return {"staff"}
    if current == P.UNDER_REVIEW and target in (P.ACCEPTED, P.DECLINED):
        return ADDRESSEE_ACTORS[side]
    if (current, target) in {(P.ACCEPTED, P.ACTIVE), (P.ACTIVE, P.COMPLETED)}:
        return {"staff"}
    return set()


CASES = [
    (side, current, target, actor)
    for side in SIDES
    for current, target in itertools.permutations(P.values, 2)
    for actor in ACTORS
]


def _proposal(*, side, status, owner_user, author_user):
    sme = factories.make_sme(owner=owner_user, legal_name="PT Swen Inovasi Transfer")
    entry = factories.make_roster_entry(sme, status="shortlisted")
    partner = factories.make_partner(forms=["technology_transfer"])
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title="Biogas digesters",
        author=author_user,
        author_side=side,
        status=status,
        technology="fibreglass biogas digester moulds",
        transfer_mode="licence",
        submitted_at=None if status == P.DRAFT else timezone.now(),
    )
    proposal.forms.set(CooperationForm.objects.filter(code="technology_transfer"))
    return proposal


@pytest.mark.django_db
@pytest.mark.parametrize(("side", "current", "target", "actor"), CASES)
def test_proposal_move_by_role(
    side, current, target, actor, staff_user, korean_user, owner_user, other_owner
):
    users = {"owner": owner_user, "other_owner": other_owner, "korean": korean_user, "staff": staff_user}
    proposal = _proposal(
        side=side, status=current, owner_user=owner_user, author_user=users[AUTHOR_ACTOR[side]]
    )
    events_before = ProposalEvent.objects.count()
    allowed = actor in expected_actors(side, current, target)

    if allowed:
        moved = proposals.move(proposal, target, by=users[actor], comment="Our reasons.")
        assert moved.status == target
        assert CooperationProposal.objects.get(pk=proposal.pk).status == target
        event = ProposalEvent.objects.get(proposal=proposal)
        assert (event.from_state, event.to_state, event.actor) == (current, target, users[actor])
        assert TimelineEvent.objects.filter(
            sme=proposal.roster_entry.sme, workflow="proposal", from_state=current, to_state=target
        ).exists()
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            proposals.move(proposal, target, by=users[actor], comment="Our reasons.")
        assert CooperationProposal.objects.get(pk=proposal.pk).status == current
        assert ProposalEvent.objects.count() == events_before


def test_the_table_has_no_move_the_specification_lacks():
    for current, targets in proposals.PROPOSAL_TRANSITIONS.items():
        for target in targets:
            assert any(expected_actors(side, current, target) for side in SIDES), (current, target)


@pytest.mark.django_db
def test_the_korean_team_cannot_accept_its_own_proposal_on_the_firms_behalf(korean_user, owner_user):
    proposal = _proposal(
        side="korean_team", status=P.UNDER_REVIEW, owner_user=owner_user, author_user=korean_user
    )
    with pytest.raises(PermissionDenied):
        proposals.move(proposal, P.ACCEPTED, by=korean_user)
    assert proposals.allowed_moves(korean_user, proposal) == [P.WITHDRAWN]


@pytest.mark.django_db
def test_declining_needs_a_comment(korean_user, owner_user):
    proposal = _proposal(
        side="korean_team", status=P.UNDER_REVIEW, owner_user=owner_user, author_user=korean_user
    )
    with pytest.raises(ValidationError, match="comment"):
        proposals.move(proposal, P.DECLINED, by=owner_user, comment="  ")
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.UNDER_REVIEW


@pytest.mark.django_db
def test_submitting_needs_the_details_of_each_chosen_form(korean_user, owner_user):
    proposal = _proposal(side="korean_team", status=P.DRAFT, owner_user=owner_user, author_user=korean_user)
    proposal.forms.add(CooperationForm.objects.get(code="training"))
    with pytest.raises(ValidationError) as exc:
        proposals.move(proposal, P.SUBMITTED, by=korean_user)
    assert "training topic" in " ".join(exc.value.messages)
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.DRAFT


@pytest.mark.django_db
def test_accepting_sets_the_decision_time_and_mails_the_korean_author(
    korean_user, owner_user, django_capture_on_commit_callbacks
):
    proposal = _proposal(
        side="korean_team", status=P.UNDER_REVIEW, owner_user=owner_user, author_user=korean_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved = proposals.move(proposal, P.ACCEPTED, by=owner_user, comment="Terima kasih.")
    assert moved.decided_at is not None
    assert [message.to for message in mail.outbox] == [[korean_user.email]]
    assert "Terima kasih." in mail.outbox[0].body


@pytest.mark.django_db
def test_submitting_mails_the_firm_in_its_language(
    korean_user, owner_user, django_capture_on_commit_callbacks
):
    proposal = _proposal(side="korean_team", status=P.DRAFT, owner_user=owner_user, author_user=korean_user)
    sme = proposal.roster_entry.sme
    sme.language = "en"
    sme.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        proposals.move(proposal, P.SUBMITTED, by=korean_user)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {sme.contact_email, owner_user.email}
    assert mail.outbox[0].subject == "Cooperation proposal “Biogas digesters”: submitted"


@pytest.mark.django_db
def test_a_draft_of_the_korean_team_is_hidden_from_the_firm_until_submitted(korean_user, owner_user):
    proposal = _proposal(side="korean_team", status=P.DRAFT, owner_user=owner_user, author_user=korean_user)
    assert not proposals.can_view(owner_user, proposal)
    proposals.move(proposal, P.SUBMITTED, by=korean_user)
    assert proposals.can_view(owner_user, proposal)


@pytest.mark.django_db
def test_a_rolled_back_move_sends_no_mail(korean_user, owner_user, django_capture_on_commit_callbacks):
    proposal = _proposal(side="korean_team", status=P.DRAFT, owner_user=owner_user, author_user=korean_user)
    proposal.forms.add(CooperationForm.objects.get(code="investment"))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        proposals.move(proposal, P.SUBMITTED, by=korean_user)
    assert mail.outbox == []
