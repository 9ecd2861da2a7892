"""Proposal pages: the form with a section per form of cooperation, the detail page, moves,
comments and outcomes through the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnership.cooperation import proposals
from partnership.dashboard import figures as dashboard
from partnership.models import CooperationProposal, ProposalEvent
from smes.models import CooperationForm, TimelineEvent
from tests import factories

pytestmark = pytest.mark.django_db
P = CooperationProposal.Status


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def entry(sme):
    return factories.make_roster_entry(sme, status="shortlisted")


@pytest.fixture
def partner():
    return factories.make_partner(name_en="Hanbit Biogas Co.", forms=["training", "technology_transfer"])


def _form_pk(code):
    return str(CooperationForm.objects.get(code=code).pk)


def _post(entry, partner, *codes, **fields):
    data = {
        "roster_entry": str(entry.pk),
        "partner": str(partner.pk),
        "title": "Training on fibreglass moulding",
        "summary": "Two weeks in Ansan.",
        "forms": [_form_pk(code) for code in codes],
    }
    data.update(fields)
    return data


def _proposal(entry, partner, author, *, side="korean_team", status=P.DRAFT, codes=("training",), **fields):
    values = dict(
        title="Training on fibreglass moulding",
        training_topic="Moulding",
        trainees=4,
        training_days=10,
        training_place="Ansan",
    )
    values.update(fields)
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        author=author,
        author_side=side,
        status=status,
        submitted_at=None if status == P.DRAFT else timezone.now(),
        **values,
    )
    proposal.forms.set(CooperationForm.objects.filter(code__in=codes))
    return proposal


# --- the form -------------------------------------------------------------------------------------


def test_the_korean_team_drafts_a_training_proposal(client, korean_user, entry, partner):
    client.force_login(korean_user)
    response = client.post(
        reverse("cooperation:proposal_create"),
        _post(
            entry,
            partner,
            "training",
            training_topic="Moulding",
            trainees="4",
            training_days="10",
            training_place="Ansan",
        ),
    )
    proposal = CooperationProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cooperation:proposal_detail", args=[proposal.pk])
    assert (proposal.status, proposal.author_side, proposal.trainees) == (P.DRAFT, "korean_team", 4)
    assert ProposalEvent.objects.get(proposal=proposal).to_state == P.DRAFT
    # The firm does not see a draft of the other side on its timeline.
    assert not TimelineEvent.objects.get(sme=entry.sme, workflow="proposal").visible_to_sme


def test_details_are_required_only_for_the_forms_chosen(client, korean_user, entry, partner):
    client.force_login(korean_user)
    response = client.post(
        reverse("cooperation:proposal_create"),
        _post(entry, partner, "training", "investment", training_topic="Moulding", investment_currency="KRW"),
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {
        "trainees",
        "training_days",
        "training_place",
        "investment_amount",
        "investment_form",
    }
    assert form.errors["trainees"] == ["This is required for Training."]
    assert "technology" not in form.errors
    body = response.content.decode()
    assert 'value="Moulding"' in body and 'value="Training on fibreglass moulding"' in body
    assert not CooperationProposal.objects.exists()


def test_bad_numbers_and_no_form_are_refused(client, staff_user, entry, partner):
    client.force_login(staff_user)
    response = client.post(
        reverse("cooperation:proposal_create"),
        _post(
            entry,
            partner,
            "staff_exchange",
            exchange_people="0",
            exchange_direction="sideways",
            exchange_months="-3",
        ),
    )
    assert set(response.context["form"].errors) == {
        "exchange_people",
        "exchange_direction",
        "exchange_months",
    }
    response = client.post(reverse("cooperation:proposal_create"), _post(entry, partner))
    assert "forms" in response.context["form"].errors
    assert not CooperationProposal.objects.exists()


def test_details_of_forms_not_chosen_are_discarded(client, korean_user, entry, partner):
    client.force_login(korean_user)
    client.post(
        reverse("cooperation:proposal_create"),
        _post(
            entry,
            partner,
            "technology_transfer",
            technology="Digester moulds",
            transfer_mode="licence",
            training_topic="left over from an earlier choice",
        ),
    )
    proposal = CooperationProposal.objects.get()
    assert proposal.technology == "Digester moulds"
    assert proposal.training_topic == ""


def test_the_sme_owner_proposes_only_for_its_own_roster_entry(client, sme, entry, partner, other_owner):
    other_entry = factories.make_roster_entry(other_owner.sme)
    client.force_login(sme.owner)
    response = client.get(reverse("cooperation:proposal_create"))
    assert list(response.context["form"].fields["roster_entry"].queryset) == [entry]
    response = client.post(
        reverse("cooperation:proposal_create"),
        _post(other_entry, partner, "technology_transfer", technology="x", transfer_mode="y"),
    )
    assert "roster_entry" in response.context["form"].errors
    assert not CooperationProposal.objects.exists()
    client.post(
        reverse("cooperation:proposal_create"),
        _post(entry, partner, "technology_transfer", technology="x", transfer_mode="y"),
    )
    assert CooperationProposal.objects.get().author_side == "sme"


def test_proposal_create_refuses_users_without_a_firm_to_propose_for(client, owner_user):
    client.force_login(owner_user)  # has no firm on a roster
    assert client.get(reverse("cooperation:proposal_create")).status_code == 403


def test_only_the_author_side_edits_and_only_a_draft(
    client, korean_user, owner_user, staff_user, entry, partner
):
    proposal = _proposal(entry, partner, korean_user)
    other_korean = factories.make_korean()
    url = reverse("cooperation:proposal_edit", args=[proposal.pk])
    client.force_login(other_korean)  # the Korean team writes as a team
    response = client.post(
        url,
        _post(
            entry,
            partner,
            "training",
            title="Better title",
            training_topic="Moulding",
            trainees="6",
            training_days="10",
            training_place="Ansan",
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.trainees) == ("Better title", 6)
    client.force_login(staff_user)
    assert client.get(url).status_code == 403
    proposals.move(proposal, P.SUBMITTED, by=korean_user)
    client.force_login(korean_user)
    assert client.get(url).status_code == 403
    client.force_login(owner_user)
    assert client.get(url).status_code == 403


# --- detail, moves, comments ---------------------------------------------------------------------


def test_the_firm_accepts_on_the_page_and_the_timeline_shows_it(client, korean_user, sme, entry, partner):
    proposal = _proposal(entry, partner, korean_user, status=P.UNDER_REVIEW)
    client.force_login(sme.owner)
    page = client.get(reverse("cooperation:proposal_detail", args=[proposal.pk]))
    body = page.content.decode()
    assert "This proposal is addressed to you" in body
    assert [move["target"] for move in page.context["moves"]] == [P.ACCEPTED, P.DECLINED]
    response = client.post(
        reverse("cooperation:proposal_move", args=[proposal.pk]),
        {"target": P.ACCEPTED, "comment": "Kami setuju."},
    )
    assert response.status_code == 302
    page = client.get(reverse("cooperation:proposal_detail", args=[proposal.pk]))
    assert "under review → accepted" in page.content.decode()
    assert "Kami setuju." in page.content.decode()
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.ACCEPTED


def test_declining_without_a_comment_shows_the_error_and_changes_nothing(
    client, korean_user, sme, entry, partner
):
    proposal = _proposal(entry, partner, korean_user, status=P.UNDER_REVIEW)
    client.force_login(sme.owner)
    response = client.post(
        reverse("cooperation:proposal_move", args=[proposal.pk]), {"target": P.DECLINED, "comment": ""}
    )
    assert response.status_code == 400
    assert "Please write a comment explaining this decision." in response.content.decode()
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.UNDER_REVIEW


def test_a_move_outside_the_table_is_refused_on_the_page(client, korean_user, entry, partner):
    proposal = _proposal(entry, partner, korean_user, status=P.UNDER_REVIEW)
    client.force_login(korean_user)
    response = client.post(reverse("cooperation:proposal_move", args=[proposal.pk]), {"target": P.ACCEPTED})
    assert response.status_code == 403
    response = client.post(reverse("cooperation:proposal_move", args=[proposal.pk]), {"target": P.COMPLETED})
    assert response.status_code == 400
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.UNDER_REVIEW


def test_moves_and_comments_are_post_only(client, staff_user, korean_user, entry, partner):
    proposal = _proposal(entry, partner, korean_user, status=P.SUBMITTED)
    client.force_login(staff_user)
    for name in ("proposal_move", "proposal_comment", "proposal_outcomes"):
        assert client.get(reverse(f"cooperation:{name}", args=[proposal.pk])).status_code == 405


def test_comments_without_a_move(
    client, korean_user, sme, entry, partner, django_capture_on_commit_callbacks
):
    from django.core import mail

    proposal = _proposal(entry, partner, korean_user, status=P.SUBMITTED)
    client.force_login(sme.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperation:proposal_comment", args=[proposal.pk]), {"comment": "Kapan mulai?"}
        )
    assert response.status_code == 302
    event = ProposalEvent.objects.get(proposal=proposal, kind="comment")
    assert (event.comment, event.actor, event.to_state) == ("Kapan mulai?", sme.owner, "")
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.SUBMITTED
    assert [m.to for m in mail.outbox] == [[korean_user.email]]
    response = client.post(reverse("cooperation:proposal_comment", args=[proposal.pk]), {"comment": "  "})
    assert response.status_code == 400
    assert ProposalEvent.objects.filter(kind="comment").count() == 1


# --- outcomes ------------------------------------------------------------------------------------


def test_staff_record_outcomes_of_an_active_proposal(client, staff_user, korean_user, entry, partner):
    proposal = _proposal(entry, partner, korean_user, status=P.ACTIVE)
    client.force_login(staff_user)
    response = client.post(
        reverse("cooperation:proposal_outcomes", args=[proposal.pk]),
        {
            "outcome_invested_amount": "150000000",
            "outcome_invested_currency": "IDR",
            "outcome_people_trained": "4",
            "outcome_staff_exchanged": "",
            "outcome_technology": "Digester moulds",
            "outcome_export_markets": "Malaysia, Korea",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome_invested_amount == Decimal("150000000")
    assert proposal.outcome_people_trained == 4
    assert proposal.outcome_recorded_at is not None
    page = client.get(reverse("cooperation:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Malaysia, Korea" in page
    totals = dashboard.outcome_totals(entry.programme)
    assert totals["invested"] == [{"currency": "IDR", "amount": Decimal("150000000"), "proposals": 1}]
    assert (totals["people_trained"], totals["technology_transfers"]) == (4, 1)


def test_outcomes_need_a_currency_and_only_staff_record_them(
    client, staff_user, korean_user, sme, entry, partner
):
    proposal = _proposal(entry, partner, korean_user, status=P.ACTIVE)
    client.force_login(staff_user)
    response = client.post(
        reverse("cooperation:proposal_outcomes", args=[proposal.pk]), {"outcome_invested_amount": "100"}
    )
    assert response.status_code == 400
    assert "Choose the currency of the amount invested." in response.content.decode()
    assert CooperationProposal.objects.get(pk=proposal.pk).outcome_recorded_at is None
    for user in (korean_user, sme.owner):
        client.force_login(user)
        response = client.post(
            reverse("cooperation:proposal_outcomes", args=[proposal.pk]), {"outcome_people_trained": "3"}
        )
        assert response.status_code == 403
    accepted = _proposal(entry, partner, korean_user, status=P.ACCEPTED)
    client.force_login(staff_user)
    assert client.post(reverse("cooperation:proposal_outcomes", args=[accepted.pk]), {}).status_code == 403


# --- the firm's list on "my firm" -----------------------------------------------------------------


def test_the_firms_list_shows_its_proposals_and_a_decision_button(korean_user, sme, entry, partner):
    from django.template.loader import render_to_string

    waiting = _proposal(entry, partner, korean_user, status=P.UNDER_REVIEW)
    _proposal(entry, partner, korean_user, status=P.DRAFT, title="Hidden draft")
    html = render_to_string("partnership/includes/sme_proposals.html", {"sme": sme, "user": sme.owner})
    assert reverse("cooperation:proposal_detail", args=[waiting.pk]) in html
    assert "Accept or decline" in html
    assert "Hidden draft" not in html
    assert reverse("cooperation:matches", args=[entry.pk]) in html


def test_the_firms_list_is_absent_for_a_firm_off_the_roster(other_owner):
    from django.template.loader import render_to_string

    html = render_to_string(
        "partnership/includes/sme_proposals.html", {"sme": other_owner.sme, "user": other_owner}
    )
    assert html.strip() == ""


def test_my_firm_page_shows_the_proposal_to_decide(client, korean_user, sme, entry, partner):
    waiting = _proposal(entry, partner, korean_user, status=P.UNDER_REVIEW, title="Decide me")
    client.force_login(sme.owner)
    body = client.get(reverse("smes:my_firm")).content.decode()
    assert "Decide me" in body
    assert reverse("cooperation:proposal_detail", args=[waiting.pk]) in body
