"""The proposals board: filters, counts per form and status, export of exactly the filtered list."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnership.models import CooperationProposal
from smes.models import CooperationForm, Sector
from surveys.models import ShortlistEntry, Stage
from tests import factories

pytestmark = pytest.mark.django_db
P = CooperationProposal.Status


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def _proposal(entry, partner, author, *, status, codes, side="korean_team", title="Proposal"):
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title=title,
        author=author,
        author_side=side,
        status=status,
        submitted_at=None if status == P.DRAFT else timezone.now(),
    )
    proposal.forms.set(CooperationForm.objects.filter(code__in=codes))
    return proposal


@pytest.fixture
def board_data(korean_user, staff_user):
    programme = factories.make_programme()
    stage = Stage.objects.create(programme=programme, number=1, name="Tahap 1")
    metal_entry = factories.make_roster_entry(
        factories.make_sme(sector="metal", legal_name="PT Logam"), programme=programme
    )
    software_entry = factories.make_roster_entry(
        factories.make_sme(sector="software", legal_name="PT Perangkat"), programme=programme
    )
    ShortlistEntry.objects.create(stage=stage, roster_entry=metal_entry)
    busan = factories.make_partner(name_en="Busan Moulds")
    seoul = factories.make_partner(name_en="Seoul Soft")
    rows = {
        "training_metal": _proposal(
            metal_entry, busan, korean_user, status=P.UNDER_REVIEW, codes=["training"], title="Training metal"
        ),
        "both_metal": _proposal(
            metal_entry,
            busan,
            korean_user,
            status=P.ACCEPTED,
            codes=["training", "investment"],
            title="Training and investment metal",
        ),
        "tech_software": _proposal(
            software_entry,
            seoul,
            staff_user,
            side="staff",
            status=P.ACCEPTED,
            codes=["technology_transfer"],
            title="Technology software",
        ),
        "exchange_software": _proposal(
            software_entry,
            seoul,
            korean_user,
            status=P.COMPLETED,
            codes=["staff_exchange"],
            title="Exchange software",
        ),
    }
    return {"stage": stage, "busan": busan, "seoul": seoul, **rows}


def _titles(response):
    return sorted(p.title for p in response.context["page"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Exchange software", "Technology software", "Training and investment metal", "Training metal"]),
        ({"form": "training"}, ["Training and investment metal", "Training metal"]),
        ({"status": "accepted"}, ["Technology software", "Training and investment metal"]),
        ({"sector": "software"}, ["Exchange software", "Technology software"]),
        ({"stage": "stage"}, ["Training and investment metal", "Training metal"]),
        ({"partner": "seoul"}, ["Exchange software", "Technology software"]),
        ({"form": "training", "status": "accepted"}, ["Training and investment metal"]),
        ({"q": "exchange"}, ["Exchange software"]),
    ],
)
def test_board_filters(client, staff_user, board_data, params, expected):
    resolved = {}
    for key, value in params.items():
        if key == "sector":
            value = Sector.objects.get(code=value).pk
        elif key == "stage":
            value = board_data["stage"].pk
        elif key == "partner":
            value = board_data[value].pk
        resolved[key] = value
    client.force_login(staff_user)
    response = client.get(reverse("cooperation:board"), resolved)
    assert response.status_code == 200
    assert _titles(response) == expected


def test_board_counts_per_status_and_per_form_follow_the_filter(client, korean_user, board_data):
    client.force_login(korean_user)
    response = client.get(reverse("cooperation:board"))
    by_status = {code: n for code, _label, n in response.context["status_counts"]}
    by_form = {code: n for code, _name, n in response.context["form_counts"]}
    assert by_status == {
        "draft": 0,
        "submitted": 0,
        "under_review": 1,
        "accepted": 2,
        "declined": 0,
        "active": 0,
        "completed": 1,
        "withdrawn": 0,
    }
    assert by_form == {"technology_transfer": 1, "investment": 1, "training": 2, "staff_exchange": 1}
    response = client.get(reverse("cooperation:board"), {"status": "accepted"})
    by_form = {code: n for code, _name, n in response.context["form_counts"]}
    assert by_form == {"technology_transfer": 1, "investment": 1, "training": 1, "staff_exchange": 0}


def test_board_hides_the_firms_unsubmitted_drafts_from_the_korean_team(client, korean_user, staff_user, sme):
    entry = factories.make_roster_entry(sme)
    _proposal(
        entry,
        factories.make_partner(),
        sme.owner,
        side="sme",
        status=P.DRAFT,
        codes=["training"],
        title="Own draft",
    )
    client.force_login(korean_user)
    assert _titles(client.get(reverse("cooperation:board"))) == []
    client.force_login(staff_user)
    assert _titles(client.get(reverse("cooperation:board"))) == ["Own draft"]


def test_board_query_count_does_not_grow(
    client, staff_user, korean_user, board_data, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("cooperation:board"))
    entry = factories.make_roster_entry(factories.make_sme())
    for n in range(20):
        _proposal(
            entry,
            factories.make_partner(),
            korean_user,
            status=P.SUBMITTED,
            codes=["training", "investment"],
            title=f"More {n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cooperation:board"))
    assert response.context["page"].paginator.count == 24


def test_board_export_csv_is_exactly_the_filtered_list(
    client, staff_user, board_data, django_assert_max_num_queries
):
    client.force_login(staff_user)
    # 8 for the file, 3 for its line in the access log (the firms' ids, the line, its firms).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("cooperation:board_export"), {"form": "training", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("id,title,status,firm")
    assert sorted(line.split(",")[1] for line in lines[1:]) == [
        "Training and investment metal",
        "Training metal",
    ]


def test_board_export_xlsx(client, korean_user, board_data):
    client.force_login(korean_user)
    response = client.get(reverse("cooperation:board_export"), {"status": "completed", "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "Exchange software"
    assert rows[1][8] == "staff_exchange"


def test_board_export_query_count_does_not_grow(
    client, staff_user, korean_user, board_data, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(11) as few:  # with the access log's line
        client.get(reverse("cooperation:board_export")).getvalue()
    entry = factories.make_roster_entry(factories.make_sme())
    for n in range(15):
        _proposal(
            entry,
            factories.make_partner(),
            korean_user,
            status=P.SUBMITTED,
            codes=["training"],
            title=f"More {n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cooperation:board_export"))
        body = response.getvalue()  # a streamed file runs its queries as it is read
    assert len(body.decode("utf-8-sig").strip().splitlines()) == 20
