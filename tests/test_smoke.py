import pytest
from django.urls import reverse

from smes.models import Province, Regency, Sector


@pytest.mark.django_db
def test_reference_data_is_loaded_by_migrations():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Regency.objects.get(code="3201").name == "Kabupaten Bogor"
    assert set(Sector.objects.values_list("code", flat=True)) == {
        "metal",
        "mechanical",
        "it_components",
        "software",
        "food_processing",
        "other",
    }


@pytest.mark.django_db
def test_home_page_is_in_indonesian_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
