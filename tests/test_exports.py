"""Every download follows one convention: ?format=csv (the default) or xlsx, anything else a 400."""

import pytest
from django.urls import reverse

from tests.factories import make_programme, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_urls(db):
    programme = make_programme()
    stage = make_stage(programme)
    return [
        reverse("smes:staff_export"),
        reverse("partnership:roster_export", args=[programme.slug]),
        reverse("surveys:shortlist_export", args=[stage.pk]),
        reverse("surveys:ranking_export", args=[stage.pk]),
        reverse("cooperation:partner_export"),
        reverse("cooperation:board_export"),
    ]


def test_every_export_defaults_to_csv_gives_xlsx_and_refuses_another_format(client, staff_user, export_urls):
    client.force_login(staff_user)
    for url in export_urls:
        assert client.get(url)["Content-Type"].startswith("text/csv"), url
        assert "spreadsheetml" in client.get(url, {"format": "xlsx"})["Content-Type"], url
        assert client.get(url, {"format": "pdf"}).status_code == 400, url
        assert client.get(url, {"format": "CSV"}).status_code == 400, url


def test_every_export_refuses_an_invalid_filter_rather_than_export_more(client, staff_user, export_urls):
    from smes.models import Sector

    client.force_login(staff_user)
    sector = Sector.objects.order_by("code").first()
    for url in export_urls:
        assert client.get(url, {"format": "csv", "sector": "no-such-sector"}).status_code == 400, url
        assert client.get(url, {"format": "csv", "sector": sector.pk}).status_code == 200, url
