"""The dashboard against counts of the demo scenario (``load_demo``): every figure equals the count
of the list it summarises."""

import pytest
from django.core.management import call_command
from django.db.models import Sum

from partnership.dashboard import figures as dashboard
from partnership.demo import PROGRAMME_SLUG
from partnership.models import CooperationProposal, Programme, RosterEntry
from smes.models import SME, Sector
from surveys.models import ShortlistEntry, SurveyVisit

pytestmark = pytest.mark.django_db

P = CooperationProposal.Status


@pytest.fixture
def programme():
    call_command("load_demo", verbosity=0)
    return Programme.objects.get(slug=PROGRAMME_SLUG)


def test_dashboard_matches_the_demo_scenario(programme, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        figures = dashboard.programme_figures(programme)
    funnel = {step.key: step.count for step in figures["funnel"]}
    live = RosterEntry.objects.filter(programme=programme).live()
    proposals = CooperationProposal.objects.filter(roster_entry__programme=programme)
    assert funnel == {
        "registered": SME.objects.count(),
        "submitted": SME.objects.exclude(status=SME.Status.DRAFT).count(),
        "verified": SME.objects.verified().count(),
        "roster": live.count(),
        "shortlisted": ShortlistEntry.objects.filter(
            stage__programme=programme, is_active=True, roster_entry__in=live
        ).count(),
        "surveyed": SurveyVisit.objects.filter(
            shortlist_entry__stage__programme=programme,
            shortlist_entry__is_active=True,
            status=SurveyVisit.Status.DONE,
            shortlist_entry__roster_entry__in=live,
        ).count(),
        "selected": live.filter(status=RosterEntry.Status.SELECTED).count(),
        "proposals": proposals.filter(status__in=dashboard.PROPOSED)
        .values("roster_entry")
        .distinct()
        .count(),
        "active": proposals.filter(status__in=[P.ACTIVE, P.COMPLETED])
        .values("roster_entry")
        .distinct()
        .count(),
        "completed": proposals.filter(status=P.COMPLETED).values("roster_entry").distinct().count(),
    }
    # The story of the demo: a full roster of 100 and a full first stage of 20.
    assert funnel["roster"] == figures["roster"]["filled"] == 100
    stage_one = figures["stages"][0]
    assert (stage_one["filled"], stage_one["capacity"]) == (20, 20)
    assert funnel["surveyed"] >= 1

    for row in figures["by_sector"]:
        if row["key"]:
            sector = Sector.objects.get(pk=row["key"])
            assert row["registered"] == SME.objects.filter(sector=sector).count()
            assert row["verified"] == SME.objects.verified().filter(sector=sector).count()
            assert row["roster"] == live.filter(sme__sector=sector).count()

    by_status = {row["key"]: row["count"] for row in figures["proposals_by_status"]}
    for status, _label in P.choices:
        assert by_status[status] == proposals.filter(status=status).count()
    assert sum(by_status.values()) == proposals.count()
    for row in figures["proposals_by_form"]:
        assert row["total"] == proposals.filter(forms__code=row["key"]).count()

    recorded = proposals.exclude(outcome_recorded_at__isnull=True)
    assert figures["outcomes"]["people_trained"] == (
        recorded.aggregate(n=Sum("outcome_people_trained"))["n"] or 0
    )
    assert figures["outcomes"]["staff_exchanged"] == (
        recorded.aggregate(n=Sum("outcome_staff_exchanged"))["n"] or 0
    )
    for row in figures["outcomes"]["invested"]:
        assert (
            row["amount"]
            == recorded.filter(outcome_invested_currency=row["currency"]).aggregate(
                n=Sum("outcome_invested_amount")
            )["n"]
        )


def test_dashboard_page_of_the_demo(client, programme):
    from django.contrib.auth.models import User
    from django.urls import reverse

    client.force_login(User.objects.get(username="korea"))
    response = client.get(reverse("partnership:dashboard", args=[programme.slug]))
    assert response.status_code == 200
    assert "100 / 100" in response.content.decode()
