"""The programme dashboard: figures against the underlying lists, query bounds, permissions."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from partnership.dashboard import figures as dashboard
from partnership.models import CooperationProposal, Programme, ProposalEvent, RosterEntry
from smes.models import SME, CooperationForm, Sector, SizeClass, TimelineEvent
from surveys.models import Criterion, Score, ShortlistEntry, Stage, SurveyVisit
from tests import factories

pytestmark = pytest.mark.django_db

R = RosterEntry.Status
P = CooperationProposal.Status
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=JAKARTA)


def make_programme(**fields) -> Programme:
    defaults = dict(name="ASEIC – Kemenkop UKM SME Partnership", slug="aseic-2015", year=2015, capacity=100)
    defaults.update(fields)
    return Programme.objects.create(**defaults)


def make_partner(n: int = 1):
    from partnership.models import KoreanPartner, KoreanProvince

    return KoreanPartner.objects.create(
        name_ko=f"한국기업 {n}",
        name_en=f"Korea Test {n}",
        brn=f"116-82-{n:05d}",
        region=KoreanProvince.objects.first(),
        sector_id=SME.objects.first().sector_id if SME.objects.exists() else None,
        size="small",
    )


def make_proposal(entry, partner, author, *, status, forms=("training",), **fields):
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title=f"Proposal {status}",
        status=status,
        author=author,
        author_side=CooperationProposal.Side.KOREAN_TEAM,
        submitted_at=None if status == P.DRAFT else timezone.now(),
        **fields,
    )
    proposal.forms.set(CooperationForm.objects.filter(code__in=forms))
    return proposal


class Scenario:
    """A small programme in every state, built at known dates (2015)."""

    def __init__(self, staff):
        self.staff = staff
        with time_machine.travel(at("2015-01-05"), tick=False):
            self.programme = make_programme()
            self.draft = factories.make_sme(status=SME.Status.DRAFT, sector="software", regency="3171")
            self.submitted = factories.make_sme(status=SME.Status.SUBMITTED, sector="software")
            self.rejected = factories.make_sme(status=SME.Status.REJECTED, sector="food_processing")
            # Verified firms: six in Bogor/Banten (metal, small), one large-sales food firm in Jakarta.
            self.verified = [factories.make_sme(regency="3201") for _ in range(4)]
            self.verified += [factories.make_sme(regency="3603", sector="mechanical") for _ in range(2)]
            self.verified.append(
                factories.make_sme(
                    regency="3171", sector="food_processing", annual_sales=Decimal("30000000000")
                )
            )
            self.verified.append(factories.make_sme(regency="3171", sector="software"))
        with time_machine.travel(at("2015-02-01"), tick=False):
            entries = [
                RosterEntry.objects.create(programme=self.programme, sme=sme, added_by=staff)
                for sme in self.verified[:7]
            ]
            self.stage = Stage.objects.create(programme=self.programme, number=1, name="Tahap 1", capacity=20)
            Stage.objects.create(programme=self.programme, number=2, name="Tahap 2", capacity=20)
            self.criteria = [
                Criterion.objects.create(
                    stage=self.stage, code=code, weight=weight, name_en=code, name_id=code, name_ko=code
                )
                for code, weight in [("technology", 60), ("export", 40)]
            ]
        # A withdrawn entry (withdrawn on 2015-02-10).
        with time_machine.travel(at("2015-02-10"), tick=False):
            entries[6].status = R.WITHDRAWN
            entries[6].save()
        with time_machine.travel(at("2015-03-01"), tick=False):
            self.shortlist = []
            for entry in entries[:5]:
                entry.status = R.SHORTLISTED
                entry.save()
                self.shortlist.append(ShortlistEntry.objects.create(stage=self.stage, roster_entry=entry))
        # Three visits done on 2015-04-08, with scores: 5/5, 3/4, 4/2.
        self.visits = []
        for day, (entry, short, scores) in zip(
            ["2015-04-08", "2015-04-09", "2015-04-20"],
            zip(entries[:3], self.shortlist[:3], [(5, 5), (3, 4), (4, 2)], strict=True),
            strict=True,
        ):
            with time_machine.travel(at(day), tick=False):
                visit = SurveyVisit.objects.create(
                    shortlist_entry=short,
                    scheduled_for=timezone.now(),
                    place="Bogor",
                    surveyors="Kim",
                    status=SurveyVisit.Status.DONE,
                    recommendation=SurveyVisit.Recommendation.RECOMMEND,
                    completed_at=timezone.now(),
                )
                for criterion, value in zip(self.criteria, scores, strict=True):
                    Score.objects.create(visit=visit, criterion=criterion, value=value)
                entry.status = R.SURVEYED
                entry.save()
                self.visits.append(visit)
        with time_machine.travel(at("2015-05-01"), tick=False):
            entries[0].status = R.SELECTED
            entries[0].save()
            entries[1].status = R.NOT_SELECTED
            entries[1].save()
        self.entries = entries
        partner = make_partner()
        with time_machine.travel(at("2015-06-01"), tick=False):
            make_proposal(entries[0], partner, staff, status=P.DRAFT)
            self.active = make_proposal(
                entries[0],
                partner,
                staff,
                status=P.ACTIVE,
                forms=("training", "investment"),
                outcome_invested_amount=Decimal("1500000000"),
                outcome_invested_currency="IDR",
                outcome_people_trained=12,
                outcome_recorded_at=at("2015-09-01"),
            )
            ProposalEvent.objects.create(proposal=self.active, from_state="accepted", to_state="active")
            make_proposal(entries[2], partner, staff, status=P.SUBMITTED, forms=("technology_transfer",))
            make_proposal(entries[3], partner, staff, status=P.WITHDRAWN)
        with time_machine.travel(at("2015-07-01"), tick=False):
            self.completed = make_proposal(
                entries[1],
                partner,
                staff,
                status=P.COMPLETED,
                forms=("staff_exchange",),
                outcome_invested_amount=Decimal("25000"),
                outcome_invested_currency="USD",
                outcome_staff_exchanged=3,
                outcome_recorded_at=at("2015-07-15"),
            )
            ProposalEvent.objects.create(proposal=self.completed, from_state="active", to_state="completed")
            ProposalEvent.objects.create(proposal=self.completed, from_state="accepted", to_state="active")


@pytest.fixture
def scenario(staff_user):
    return Scenario(staff_user)


def counts(steps):
    return {step.key: step.count for step in steps}


def test_funnel_matches_the_underlying_lists(scenario):
    programme = scenario.programme
    live = RosterEntry.objects.filter(programme=programme).live()
    proposals = CooperationProposal.objects.filter(roster_entry__programme=programme)
    expected = {
        "registered": SME.objects.count(),
        "submitted": SME.objects.exclude(status=SME.Status.DRAFT).count(),
        "verified": SME.objects.verified().count(),
        "roster": live.count(),
        "shortlisted": ShortlistEntry.objects.filter(stage__programme=programme, is_active=True).count(),
        "surveyed": SurveyVisit.objects.filter(
            shortlist_entry__stage__programme=programme, status=SurveyVisit.Status.DONE
        ).count(),
        "selected": live.filter(status=R.SELECTED).count(),
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
    assert counts(dashboard.funnel(programme)) == expected
    # And the numbers of the scenario, written out, so that a wrong list cannot hide a wrong count.
    assert expected == {
        "registered": 11,
        "submitted": 10,
        "verified": 8,
        "roster": 6,
        "shortlisted": 5,
        "surveyed": 3,
        "selected": 1,
        "proposals": 3,
        "active": 2,
        "completed": 1,
    }


def test_funnel_as_of_a_date_counts_what_was_reached_by_the_end_of_that_day(scenario):
    programme = scenario.programme
    assert counts(
        dashboard.funnel(programme, dashboard.end_of_day(datetime.date(2014, 12, 31)))
    ) == dict.fromkeys(counts(dashboard.funnel(programme)), 0)
    # On 2015-02-05 the roster had seven entries; the withdrawal came on 2015-02-10.
    early = counts(dashboard.funnel(programme, dashboard.end_of_day(datetime.date(2015, 2, 5))))
    assert early["roster"] == 7  # the withdrawal on 2015-02-10 had not happened yet
    assert early["shortlisted"] == 0
    on_pilot_day = counts(dashboard.funnel(programme, dashboard.end_of_day(datetime.date(2015, 4, 8))))
    assert on_pilot_day["shortlisted"] == 5
    assert on_pilot_day["surveyed"] == 1
    assert on_pilot_day["selected"] == 0
    june = counts(dashboard.funnel(programme, dashboard.end_of_day(datetime.date(2015, 6, 15))))
    assert (june["selected"], june["proposals"], june["active"], june["completed"]) == (1, 2, 1, 0)
    today = dashboard.end_of_day(timezone.localdate())
    assert counts(dashboard.funnel(programme, today)) == counts(dashboard.funnel(programme))


def test_withdrawal_before_the_date_takes_the_place_away(scenario):
    programme = scenario.programme
    before = dashboard.live_roster(programme, dashboard.end_of_day(datetime.date(2015, 2, 9)))
    after = dashboard.live_roster(programme, dashboard.end_of_day(datetime.date(2015, 2, 10)))
    assert before.count() == 7
    assert after.count() == 6


def test_registration_steps_as_of_use_the_first_move_on_the_timeline(scenario):
    firm = scenario.verified[0]
    # Submitted and verified in 2014 per the timeline, re-verified in 2015 (the field moved on).
    with time_machine.travel(at("2014-06-01"), tick=False):
        TimelineEvent.objects.create(
            sme=firm, workflow="registration", from_state="draft", to_state="submitted"
        )
        TimelineEvent.objects.create(
            sme=firm, workflow="registration", from_state="submitted", to_state="verified"
        )
    firm.created_at = at("2014-05-01")
    SME.objects.filter(pk=firm.pk).update(created_at=at("2014-05-01"))
    steps = counts(dashboard.funnel(scenario.programme, dashboard.end_of_day(datetime.date(2014, 12, 31))))
    assert (steps["registered"], steps["submitted"], steps["verified"]) == (1, 1, 1)


def test_firms_by_sector_province_and_size_add_up_to_the_funnel(scenario):
    programme = scenario.programme
    steps = counts(dashboard.funnel(programme))
    for rows in (
        dashboard.firms_by_sector(programme),
        dashboard.firms_by_province(programme),
        dashboard.firms_by_size_class(programme),
    ):
        assert sum(row["registered"] for row in rows) == steps["registered"]
        assert sum(row["verified"] for row in rows) == steps["verified"]
        assert sum(row["roster"] for row in rows) == steps["roster"]
    by_sector = {row["key"]: row for row in dashboard.firms_by_sector(programme)}
    metal = by_sector[Sector.objects.get(code="metal").pk]
    assert (metal["registered"], metal["verified"], metal["roster"]) == (4, 4, 4)
    provinces = dashboard.firms_by_province(programme)
    assert provinces[0]["label"] == "Jawa Barat"  # most roster firms first
    assert (provinces[0]["registered"], provinces[0]["roster"]) == (6, 4)
    sizes = {row["key"]: row for row in dashboard.firms_by_size_class(programme)}
    assert sizes[SizeClass.MEDIUM]["verified"] == 1
    assert sizes[SizeClass.SMALL]["verified"] == 7


def test_proposals_by_status_and_form(scenario):
    programme = scenario.programme
    by_status = {row["key"]: row["count"] for row in dashboard.proposals_by_status(programme)}
    assert by_status == {
        "draft": 1,
        "submitted": 1,
        "under_review": 0,
        "accepted": 0,
        "declined": 0,
        "active": 1,
        "completed": 1,
        "withdrawn": 1,
    }
    assert sum(by_status.values()) == CooperationProposal.objects.count()
    by_form = {row["key"]: row for row in dashboard.proposals_by_form(programme)}
    assert by_form["training"]["total"] == 3  # draft, active, withdrawn
    assert by_form["investment"]["total"] == 1
    assert by_form["staff_exchange"]["total"] == 1
    statuses = [key for key, _label in P.choices]
    assert by_form["training"]["by_status"][statuses.index("active")] == 1


def test_outcome_totals_by_currency_and_as_of(scenario):
    totals = dashboard.outcome_totals(scenario.programme)
    assert totals["invested"] == [
        {"currency": "IDR", "amount": Decimal("1500000000"), "proposals": 1},
        {"currency": "USD", "amount": Decimal("25000"), "proposals": 1},
    ]
    assert (totals["people_trained"], totals["staff_exchanged"], totals["with_outcomes"]) == (12, 3, 2)
    august = dashboard.outcome_totals(scenario.programme, dashboard.end_of_day(datetime.date(2015, 8, 1)))
    assert [row["currency"] for row in august["invested"]] == ["USD"]
    assert (august["people_trained"], august["staff_exchanged"]) == (0, 3)


def test_stage_and_roster_fill(scenario):
    stages = dashboard.stage_fill(scenario.programme)
    assert [(row["stage"].name, row["filled"], row["capacity"], row["surveyed"]) for row in stages] == [
        ("Tahap 1", 5, 20, 3),
        ("Tahap 2", 0, 20, 0),
    ]
    assert dashboard.roster_fill(scenario.programme) == {"filled": 6, "capacity": 100, "percent": 6}


def test_figures_take_a_fixed_number_of_queries(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        dashboard.programme_figures(scenario.programme)
    with django_assert_max_num_queries(14):
        dashboard.programme_figures(scenario.programme, dashboard.end_of_day(datetime.date(2015, 6, 1)))


def _count_queries(callable_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_data(scenario, client, staff_user):
    client.force_login(staff_user)
    url = reverse("partnership:dashboard", args=[scenario.programme.slug])
    before = _count_queries(lambda: client.get(url))
    partner = make_partner(2)
    for n in range(15):
        sme = factories.make_sme(regency="3604" if n % 2 else "3201", sector="software")
        entry = RosterEntry.objects.create(programme=scenario.programme, sme=sme, status=R.SHORTLISTED)
        ShortlistEntry.objects.create(stage=scenario.stage, roster_entry=entry)
        make_proposal(
            entry,
            partner,
            staff_user,
            status=P.ACTIVE,
            outcome_people_trained=2,
            outcome_recorded_at=timezone.now(),
        )
    after = _count_queries(lambda: client.get(url))
    assert after == before


def test_dashboard_asks_anonymous_visitors_to_log_in(client, scenario):
    url = reverse("partnership:dashboard", args=[scenario.programme.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_refuses_an_sme_owner(client, scenario, owner_user):
    client.force_login(owner_user)
    response = client.get(reverse("partnership:dashboard", args=[scenario.programme.slug]))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "korean_user"])
def test_dashboard_shows_the_figures_to_staff_and_the_korean_team(client, scenario, who, request):
    client.force_login(request.getfixturevalue(who))
    # The Korean team gets Korean unless it picks a language; this test reads Indonesian figures.
    client.cookies["django_language"] = "id"
    response = client.get(reverse("partnership:dashboard", args=[scenario.programme.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(response.context["chart_data"] and json.dumps(response.context["chart_data"]))
    assert data["funnel"]["values"] == [11, 10, 8, 6, 5, 3, 1, 3, 2, 1]
    # The numbers are in tables with row headers, beside the charts.
    assert 'id="dashboard-data"' in html
    assert '<th scope="row">' in html
    assert "vendor/chart.js/chart.umd.min.js" in html
    assert "onclick" not in html
    assert "Rp 1.500.000.000" in html  # Indonesian thousands separators
    assert "US$ 25.000,00" in html


def test_dashboard_in_english_formats_numbers_the_english_way(client, scenario, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("partnership:dashboard", args=[scenario.programme.slug]))
    html = response.content.decode()
    assert "Rp 1,500,000,000" in html
    assert "From registration to cooperation" in html


def test_dashboard_of_an_unknown_programme_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("partnership:dashboard", args=["nope"])).status_code == 404


def test_dashboard_is_get_only(client, scenario, staff_user):
    client.force_login(staff_user)
    assert client.post(reverse("partnership:dashboard", args=[scenario.programme.slug])).status_code == 405


def test_empty_programme_dashboard_renders(client, staff_user):
    programme = make_programme(slug="empty")
    client.force_login(staff_user)
    response = client.get(reverse("partnership:dashboard", args=[programme.slug]))
    assert response.status_code == 200
    assert [step.count for step in response.context["figures"]["funnel"]][3:] == [0] * 7


def test_navigation_link_leads_to_the_active_programme_dashboard(client, scenario, korean_user, owner_user):
    url = reverse("partnership:current_dashboard")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(owner_user)
    assert client.get(url).status_code == 403
    client.force_login(korean_user)
    response = client.get(url)
    assert response.url == reverse("partnership:dashboard", args=[scenario.programme.slug])
    html = client.get(reverse("home")).content.decode()
    assert url in html  # in the navigation bar


def test_navigation_link_without_an_active_programme_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("partnership:current_dashboard")).status_code == 404


@pytest.mark.parametrize("language", ["id", "en", "ko"])
def test_dashboard_renders_in_every_language(client, scenario, korean_user, language):
    client.force_login(korean_user)
    client.cookies["django_language"] = language
    response = client.get(reverse("partnership:dashboard", args=[scenario.programme.slug]))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()
