"""The programme's records, by token: each role sees what it sees on the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import CooperationProposal, ProposalEvent
from smes.models import SME
from surveys.models import Score, ShortlistEntry, SurveyVisit
from tests import factories

pytestmark = pytest.mark.django_db

ROSTER = reverse("api:v1:roster_list")
STAGES = reverse("api:v1:stage_list")
VISITS = reverse("api:v1:visit_list")
PARTNERS = reverse("api:v1:partner_list")
PROPOSALS = reverse("api:v1:proposal_list")


@pytest.fixture
def pipeline(sme, korean_user):
    """A shared firm (the owner's) and a firm that did not consent to sharing, both shortlisted
    and surveyed, with a proposal each."""
    programme = factories.make_programme()
    private = factories.make_sme(legal_name="PT Tidak Berbagi", consent_share_korea=False)
    stage = factories.make_stage(programme, regencies=["3201"])
    entries, visits, proposals = {}, {}, {}
    partner = factories.make_partner()
    for key, firm in (("shared", sme), ("private", private)):
        entry = factories.make_roster_entry(firm, programme=programme, status="surveyed")
        on_list = ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
        visit = SurveyVisit.objects.create(
            shortlist_entry=on_list,
            scheduled_for=timezone.now() - datetime.timedelta(days=1),
            place="Ciomas",
            surveyors="Kim",
            status=SurveyVisit.Status.DONE,
            completed_at=timezone.now(),
        )
        for criterion in stage.criteria.all():
            Score.objects.create(visit=visit, criterion=criterion, value=4 if key == "shared" else 3)
        proposal = CooperationProposal.objects.create(
            roster_entry=entry,
            partner=partner,
            title=f"Proposal {key}",
            status=CooperationProposal.Status.SUBMITTED,
            author=korean_user,
            author_side=CooperationProposal.Side.KOREAN_TEAM,
            submitted_at=timezone.now(),
        )
        ProposalEvent.objects.create(
            proposal=proposal, actor=korean_user, from_state="draft", to_state="submitted"
        )
        entries[key], visits[key], proposals[key] = entry, visit, proposal
    return {"stage": stage, "entries": entries, "visits": visits, "proposals": proposals, "partner": partner}


TEAM_LISTS = [ROSTER, STAGES, VISITS, PARTNERS]


@pytest.mark.parametrize("url", TEAM_LISTS)
def test_team_lists_refuse_anonymous_callers_and_firm_owners(as_user, owner_user, pipeline, url):
    assert as_user(None).get(url).status_code == 401
    assert as_user(owner_user).get(url).status_code == 403


def test_staff_see_the_whole_roster_with_identifiers(as_user, staff_user, pipeline):
    rows = as_user(staff_user).get(ROSTER).json()["results"]
    assert {row["id"] for row in rows} == {entry.pk for entry in pipeline["entries"].values()}
    shared = next(row for row in rows if row["id"] == pipeline["entries"]["shared"].pk)
    assert shared["firm"]["npwp"] == pipeline["entries"]["shared"].sme.npwp
    assert shared["firm"]["nib"] == pipeline["entries"]["shared"].sme.nib
    assert shared["firm"]["page"].endswith(f"/sme/directory/{shared['firm']['id']}/")
    SME.objects.filter(pk=shared["firm"]["id"]).update(consent_publish=False)
    detail = as_user(staff_user).get(reverse("api:v1:roster_detail", args=[shared["id"]])).json()
    assert detail["firm"]["page"] is None
    assert shared["firm"]["contact_email"]


def test_the_korean_team_sees_shared_firms_only_and_never_nik_or_npwp(as_user, korean_user, pipeline):
    client = as_user(korean_user)
    rows = client.get(ROSTER).json()["results"]
    assert [row["id"] for row in rows] == [pipeline["entries"]["shared"].pk]
    firm = rows[0]["firm"]
    assert firm["npwp"] is None and firm["owner_nik"] is None and firm["nib"] is None
    assert firm["contact_email"] is None and firm["contact_phone"] is None
    assert firm["address"]  # the private profile beyond the public page
    hidden = pipeline["entries"]["private"].pk
    assert client.get(reverse("api:v1:roster_detail", args=[hidden])).status_code == 404
    detail = client.get(reverse("api:v1:roster_detail", args=[rows[0]["id"]])).json()
    assert detail["firm"]["npwp"] is None


def test_a_withdrawn_firm_is_no_longer_shared(as_user, korean_user, pipeline):
    entry = pipeline["entries"]["shared"]
    entry.status = "withdrawn"
    entry.save()
    assert as_user(korean_user).get(ROSTER).json()["results"] == []


def test_stages_shortlist_and_ranking_per_role(as_user, staff_user, korean_user, pipeline):
    stage = pipeline["stage"]
    staff = as_user(staff_user)
    stages = staff.get(STAGES).json()["results"]
    assert [(row["id"], row["filled"], row["capacity"]) for row in stages] == [(stage.pk, 2, 20)]
    shortlist = reverse("api:v1:shortlist", args=[stage.pk])
    assert len(staff.get(shortlist).json()) == 2
    ranking = staff.get(reverse("api:v1:ranking", args=[stage.pk])).json()
    assert [row["rank"] for row in ranking["firms"]] == [1, 2]
    assert ranking["firms"][0]["roster_entry"] == pipeline["entries"]["shared"].pk
    assert ranking["firms"][0]["weighted_total"] == "80.0"
    assert len(ranking["criteria"]) == len(ranking["firms"][0]["scores"]) > 0

    korean = as_user(korean_user)
    assert [row["roster_entry"] for row in korean.get(shortlist).json()] == [pipeline["entries"]["shared"].pk]
    ranked = korean.get(reverse("api:v1:ranking", args=[stage.pk])).json()["firms"]
    assert [(row["rank"], row["roster_entry"]) for row in ranked] == [(1, pipeline["entries"]["shared"].pk)]
    assert korean.get(reverse("api:v1:stage_detail", args=[stage.pk])).status_code == 200
    assert korean.get(reverse("api:v1:stage_detail", args=[stage.pk + 1000])).status_code == 404


def test_visits_with_their_scores_per_role(as_user, staff_user, korean_user, pipeline):
    staff_rows = as_user(staff_user).get(VISITS).json()["results"]
    assert {row["id"] for row in staff_rows} == {visit.pk for visit in pipeline["visits"].values()}
    korean = as_user(korean_user)
    rows = korean.get(VISITS).json()["results"]
    assert [row["id"] for row in rows] == [pipeline["visits"]["shared"].pk]
    assert {score["value"] for score in rows[0]["scores"]} == {4}
    assert set(rows[0]["scores"][0]["criterion"]["name"]) == {"en", "id", "ko"}
    hidden = pipeline["visits"]["private"].pk
    assert korean.get(reverse("api:v1:visit_detail", args=[hidden])).status_code == 404


def test_partners_for_the_team(as_user, korean_user, pipeline):
    client = as_user(korean_user)
    rows = client.get(PARTNERS).json()["results"]
    assert [row["id"] for row in rows] == [pipeline["partner"].pk]
    detail = client.get(reverse("api:v1:partner_detail", args=[pipeline["partner"].pk])).json()
    assert detail["cooperation_forms"][0]["code"] == "technology_transfer"


def test_proposals_and_their_timelines_per_role(as_user, owner_user, staff_user, korean_user, pipeline):
    shared, private = pipeline["proposals"]["shared"], pipeline["proposals"]["private"]
    assert as_user(None).get(PROPOSALS).status_code == 401
    assert {row["id"] for row in as_user(staff_user).get(PROPOSALS).json()["results"]} == {
        shared.pk,
        private.pk,
    }
    assert [row["id"] for row in as_user(korean_user).get(PROPOSALS).json()["results"]] == [shared.pk]
    # The owner of the shared firm reads the proposals on its own firm.
    owner = as_user(owner_user)
    assert [row["id"] for row in owner.get(PROPOSALS).json()["results"]] == [shared.pk]
    detail = owner.get(reverse("api:v1:proposal_detail", args=[shared.pk])).json()
    assert [(event["from_state"], event["to_state"]) for event in detail["timeline"]] == [
        ("draft", "submitted")
    ]
    assert owner.get(reverse("api:v1:proposal_detail", args=[private.pk])).status_code == 404
    assert as_user(korean_user).get(reverse("api:v1:proposal_detail", args=[private.pk])).status_code == 404


@pytest.mark.parametrize("url", [ROSTER, VISITS, PROPOSALS, PARTNERS, STAGES])
def test_team_list_query_counts_stay_fixed(as_user, staff_user, pipeline, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(staff_user)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    programme = pipeline["stage"].programme
    for n in range(6):
        firm = factories.make_sme(legal_name=f"PT Tambahan {n}")
        entry = factories.make_roster_entry(firm, programme=programme, status="shortlisted")
        stage = factories.make_stage(programme, number=10 + n, regencies=["3201"])
        on_list = ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
        SurveyVisit.objects.create(
            shortlist_entry=on_list, scheduled_for=timezone.now(), place="X", surveyors="Y"
        )
        partner = factories.make_partner()
        proposal = CooperationProposal.objects.create(
            roster_entry=entry,
            partner=partner,
            title=f"P {n}",
            author=staff_user,
            author_side=CooperationProposal.Side.STAFF,
        )
        proposal.forms.set(proposal.forms.model.objects.all())
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(before.captured_queries) <= 8


# Every endpoint of /api/v1/ as every role, by token, on the shared firm: 200 visible, 401 no
# credentials, 403 the wrong role. The non-shared firm's objects are 404 for the Korean team above.
OPEN = {"anonymous": 200, "owner": 200, "korean": 200, "staff": 200}
TEAM = {"anonymous": 401, "owner": 403, "korean": 200, "staff": 200}
SIGNED_IN = {"anonymous": 401, "owner": 200, "korean": 200, "staff": 200}
ENDPOINTS = {
    "firm_list": (OPEN, lambda p: []),
    "firm_detail": (OPEN, lambda p: [p["entries"]["shared"].sme_id]),
    "programme_progress": (OPEN, lambda p: [p["stage"].programme.slug]),
    "roster_list": (TEAM, lambda p: []),
    "roster_detail": (TEAM, lambda p: [p["entries"]["shared"].pk]),
    "stage_list": (TEAM, lambda p: []),
    "stage_detail": (TEAM, lambda p: [p["stage"].pk]),
    "shortlist": (TEAM, lambda p: [p["stage"].pk]),
    "ranking": (TEAM, lambda p: [p["stage"].pk]),
    "visit_list": (TEAM, lambda p: []),
    "visit_detail": (TEAM, lambda p: [p["visits"]["shared"].pk]),
    "partner_list": (TEAM, lambda p: []),
    "partner_detail": (TEAM, lambda p: [p["partner"].pk]),
    "proposal_list": (SIGNED_IN, lambda p: []),
    "proposal_detail": (SIGNED_IN, lambda p: [p["proposals"]["shared"].pk]),
}


@pytest.mark.parametrize("role", ["anonymous", "owner", "korean", "staff"])
def test_every_endpoint_as_every_role(as_user, owner_user, korean_user, staff_user, pipeline, role):
    user = {"anonymous": None, "owner": owner_user, "korean": korean_user, "staff": staff_user}[role]
    client = as_user(user)
    wrong = []
    for name, (expected, args) in ENDPOINTS.items():
        url = reverse(f"api:v1:{name}", args=args(pipeline))
        status = client.get(url).status_code
        if status != expected[role]:
            wrong.append(f"{name} {url}: {status}, expected {expected[role]}")
        if client.head(url).status_code != expected[role]:
            wrong.append(f"HEAD {name}")
    assert not wrong, "\n".join(wrong)


def test_the_endpoint_table_names_every_endpoint():
    from tests.test_every_url import all_routes

    names = {route.name.removeprefix("api:v1:") for route in all_routes() if route.name.startswith("api:v1:")}
    assert names == set(ENDPOINTS)
