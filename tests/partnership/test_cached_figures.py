"""The cached figures of the home page, the programme page and the dashboard stay exact: after each
kind of move, every figure equals a fresh computation and the count of its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.cooperation import proposals
from partnership.dashboard import figures as dashboard
from partnership.lib import versioned_cache as cache
from partnership.models import CooperationProposal, RosterEntry
from partnership.roster import services as roster_services
from smes import services as sme_services
from smes.models import SME, CooperationForm
from surveys import services as survey_services
from surveys.models import Criterion, ShortlistEntry
from tests import factories

pytestmark = pytest.mark.django_db

S = SME.Status


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    cache.clear()
    yield
    cache.clear()


def _lists(programme) -> dict:
    """The count of each list a figure summarises, straight from the tables."""
    live = RosterEntry.objects.filter(programme=programme).exclude(status=RosterEntry.Status.WITHDRAWN)
    return {
        "all": SME.objects.count(),
        "registered": SME.objects.filter(status__in=dashboard.SUBMITTED_OR_BEYOND).count(),
        "verified": SME.objects.filter(status=S.VERIFIED).count(),
        "roster": live.count(),
        "shortlisted": ShortlistEntry.objects.filter(stage__programme=programme, is_active=True).count(),
        "proposed": CooperationProposal.objects.filter(
            roster_entry__programme=programme, status__in=dashboard.PROPOSED
        ).count(),
    }


def _check(client, programme):
    lists = _lists(programme)
    for url in (reverse("home"), reverse("partnership:programme_detail", args=[programme.slug])):
        progress = client.get(url).context["progress"]
        assert progress == dashboard.public_progress(programme), url
        assert (progress["registered"], progress["verified"], progress["roster"]["filled"]) == (
            lists["registered"],
            lists["verified"],
            lists["roster"],
        ), url
    figures = client.get(reverse("partnership:dashboard", args=[programme.slug])).context["figures"]
    assert figures == dashboard.programme_figures(programme)
    steps = {step.key: step.count for step in figures["funnel"]}
    assert steps["registered"] == lists["all"]
    assert steps["submitted"] == lists["registered"]
    assert steps["verified"] == lists["verified"]
    assert steps["roster"] == figures["roster"]["filled"] == lists["roster"]
    assert steps["shortlisted"] >= lists["shortlisted"]  # "or beyond": surveyed firms stay counted
    assert sum(row["count"] for row in figures["proposals_by_status"]) >= lists["proposed"]


def test_every_kind_of_move_shows_at_once_in_the_cached_figures(client, staff_user, korean_user):
    programme = factories.make_programme(is_active=True)
    stage = factories.make_stage(programme)
    client.force_login(staff_user)
    _check(client, programme)  # figures cached now

    owner = factories.make_user("pemilik")
    draft = factories.make_valid_sme(status=S.DRAFT, owner=owner)  # register
    _check(client, programme)
    submitted = sme_services.submit(draft, by=owner)  # submit
    _check(client, programme)
    sme_services.verify(submitted, by=staff_user)  # verify
    _check(client, programme)
    sme_services.reject(factories.make_sme(status=S.SUBMITTED), by=staff_user, note="Incomplete")  # reject
    _check(client, programme)

    entry = roster_services.roster_add(programme, factories.make_sme(), by=staff_user)  # roster add
    _check(client, programme)
    other = roster_services.roster_add(programme, factories.make_sme(), by=staff_user)
    roster_services.roster_withdraw(other, by=staff_user, reason="Left the programme")  # withdraw
    _check(client, programme)

    place = survey_services.shortlist_add(stage, entry, by=staff_user)  # shortlist
    _check(client, programme)
    when = timezone.make_aware(datetime.datetime.combine(stage.survey_start, datetime.time(10)))
    visit = survey_services.plan_visit(
        place, scheduled_for=when, place="Bogor", surveyors="Kim", by=staff_user
    )
    _check(client, programme)
    criteria = Criterion.objects.filter(stage=stage)
    survey_services.complete_visit(  # visit
        visit, scores={c.pk: (4, "") for c in criteria}, recommendation="recommend", by=staff_user
    )
    _check(client, programme)

    entry.refresh_from_db()
    proposal = proposals.create_draft(  # proposal
        roster_entry=entry,
        partner=factories.make_partner(forms=["training"]),
        forms=list(CooperationForm.objects.filter(code="training")),
        by=korean_user,
        title="Resin infusion",
        training_topic="Resin infusion",
        trainees=4,
        training_days=10,
        training_place="Ansan",
    )
    _check(client, programme)
    proposals.move(proposal, CooperationProposal.Status.SUBMITTED, by=korean_user)
    _check(client, programme)


def test_a_move_rolled_back_leaves_the_cached_figures_as_they_were(client, staff_user):
    from django.db import transaction

    programme = factories.make_programme(is_active=True)
    client.force_login(staff_user)
    before = cache.current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_sme()
        raise RuntimeError
    assert cache.current_token() == before
    _check(client, programme)


def test_a_page_reads_the_figures_once_per_move(client, staff_user, django_assert_max_num_queries):
    programme = factories.make_programme(is_active=True)
    factories.make_sme()
    url = reverse("partnership:programme_detail", args=[programme.slug])
    client.get(url)
    with django_assert_max_num_queries(3):  # programme, token, (no figure query)
        client.get(url)
