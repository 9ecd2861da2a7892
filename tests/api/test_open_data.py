"""Open data: the directory, a firm's public profile, the programme's progress (anonymous)."""

import pytest
from django.urls import reverse

from partnership.dashboard import figures
from partnership.models import Programme
from smes.models import SME, Sector
from smes.pagination import decode_cursor
from tests import factories

pytestmark = pytest.mark.django_db

FIRMS = reverse("api:v1:firm_list")


def test_the_directory_lists_published_firms_only_without_personal_data(api):
    shown = factories.make_sme(legal_name="PT Tampil")
    factories.make_sme(legal_name="PT Rahasia", consent_publish=False)
    factories.make_sme(legal_name="PT Draf", status=SME.Status.SUBMITTED)
    response = api.get(FIRMS)
    assert response.status_code == 200
    names = [row["legal_name"] for row in response.json()["results"]]
    assert names == ["PT Tampil"]
    row = response.json()["results"][0]
    for private in (
        "npwp",
        "owner_nik",
        "contact_email",
        "contact_phone",
        "contact_name",
        "address",
        "capital",
    ):
        assert private not in row
    assert row["id"] == shown.pk
    assert row["sector"] == {
        "code": "metal",
        "name": {"en": "Metal products", "id": "Produk logam", "ko": "금속 제품"},
    }


def test_the_directory_takes_the_pages_filters(api):
    factories.make_sme(legal_name="PT Logam", sector="metal")
    food = factories.make_sme(legal_name="PT Pangan", sector="food_processing")
    response = api.get(FIRMS, {"sector": Sector.objects.get(code="food_processing").pk})
    assert [row["id"] for row in response.json()["results"]] == [food.pk]
    response = api.get(FIRMS, {"q": "pangan"})
    assert [row["id"] for row in response.json()["results"]] == [food.pk]


def test_a_bad_filter_is_a_400_with_the_reason(api):
    response = api.get(FIRMS, {"size_class": "enormous"})
    assert response.status_code == 400
    assert "size_class" in response.json()


def test_the_directory_pages_with_the_pages_keyset_cursor(api, django_assert_max_num_queries):
    for n in range(25):
        factories.make_sme(legal_name=f"PT Urut {n:02d}")
    first = api.get(FIRMS).json()
    assert len(first["results"]) == 20 and first["previous"] is None
    cursor = first["next"].split("after=")[1]
    assert decode_cursor(cursor) == ("PT Urut 19", first["results"][-1]["id"])
    with django_assert_max_num_queries(3):  # the page and the prefetched forms of cooperation
        second = api.get(first["next"]).json()
    assert [row["legal_name"] for row in second["results"]] == [f"PT Urut {n}" for n in range(20, 25)]
    assert second["next"] is None and second["previous"]
    back = api.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_the_directory_query_count_stays_fixed(api, django_assert_max_num_queries):
    for n in range(3):
        factories.make_sme(cooperation_interests=["training"], legal_name=f"PT A{n}")
    # The first call after a write also reads the filters' choice lists and the figures' token
    # (partnership.lib.versioned_cache); the calls after it read the rows only.
    with django_assert_max_num_queries(6):
        api.get(FIRMS)
    with django_assert_max_num_queries(3):
        api.get(FIRMS)
    for n in range(30):
        factories.make_sme(cooperation_interests=["training", "investment"], legal_name=f"PT B{n}")
    with django_assert_max_num_queries(6):
        api.get(FIRMS)
    with django_assert_max_num_queries(3):
        assert len(api.get(FIRMS).json()["results"]) == 20


def test_a_firms_public_profile_and_a_404_for_a_firm_not_in_the_directory(api):
    shown = factories.make_sme()
    hidden = factories.make_sme(consent_publish=False)
    response = api.get(reverse("api:v1:firm_detail", args=[shown.pk]))
    assert response.status_code == 200
    assert response.json()["legal_name"] == shown.legal_name
    assert "npwp" not in response.json()
    assert api.get(reverse("api:v1:firm_detail", args=[hidden.pk])).status_code == 404


def test_accept_language_asks_for_one_language(api):
    factories.make_sme()
    row = api.get(FIRMS, HTTP_ACCEPT_LANGUAGE="ko").json()["results"][0]
    assert list(row["sector"]["name"]) == ["ko"]
    assert row["sector"]["name"]["ko"] == Sector.objects.get(code="metal").name_ko
    row = api.get(FIRMS).json()["results"][0]
    assert set(row["sector"]["name"]) == {"en", "id", "ko"}


def test_the_progress_has_the_programme_pages_figures(api):
    programme = factories.make_programme()
    factories.make_roster_entry(programme=programme)
    factories.make_sme(status=SME.Status.SUBMITTED)
    factories.make_stage(programme)
    response = api.get(reverse("api:v1:programme_progress", args=[programme.slug]))
    assert response.status_code == 200
    data = response.json()
    expected = figures.public_progress(Programme.objects.get(pk=programme.pk))
    assert data["registered"] == expected["registered"] == 2
    assert data["verified"] == expected["verified"] == 1
    assert data["roster"] == {"filled": 1, "capacity": 100, "percent": 1}
    assert [(s["number"], s["filled"], s["capacity"]) for s in data["stages"]] == [(1, 0, 20)]
    assert [form["code"] for form in data["cooperation_forms"]] == [
        "technology_transfer",
        "investment",
        "training",
        "staff_exchange",
    ]
    assert set(data["cooperation_forms"][0]["explanation"]) == {"en", "id", "ko"}
    assert data["outcomes"]["with_outcomes"] == 0
    assert api.get(reverse("api:v1:programme_progress", args=["no-such"])).status_code == 404


def test_the_api_is_read_only(api):
    factories.make_sme()
    assert api.post(FIRMS, {}, format="json").status_code == 405
    assert api.delete(FIRMS).status_code == 405
    assert api.post(reverse("api:v1:roster_list"), {}, format="json").status_code == 405


def test_the_schema_and_its_documentation_pages(api):
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/firms/" in paths and "/api/v1/proposals/{id}/" in paths
    swagger = api.get(reverse("api:swagger_ui"))
    assert swagger.status_code == 200
    html = swagger.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html and "<style>" not in html
    assert "<script>" not in html  # the initialiser is a separate script (strict CSP)
    redoc = api.get(reverse("api:redoc"))
    assert redoc.status_code == 200 and "/static/drf_spectacular_sidecar/" in redoc.content.decode()
    assert "fonts.googleapis.com" not in redoc.content.decode()


def test_the_public_firm_shows_only_what_the_public_pages_load():
    from partnership.api.serializers import PublicFirmSerializer
    from smes.views_public import PUBLIC_FIELDS

    shown = set(PublicFirmSerializer.Meta.fields) - {"cooperation_interests", "page"}
    assert shown <= set(PUBLIC_FIELDS)
