"""The roster page, the picker of verified firms, withdrawal, exports, and query counts."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from partnership.models import RosterEntry
from partnership.roster import services
from smes.models import SME
from tests.factories import make_programme, make_roster_entry, make_sme

R = RosterEntry.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that assertions on messages survive the translation pass."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def programme():
    return make_programme(capacity=100)


def roster_url(programme, name="roster", *args):
    return reverse(f"partnership:{name}", args=[programme.slug, *args])


def test_the_roster_page_shows_the_fill_level_and_splits(client, staff_user, programme):
    make_roster_entry(make_sme(regency="3201", sector="metal"), programme=programme)
    make_roster_entry(make_sme(regency="3271", sector="software"), programme=programme)
    make_roster_entry(make_sme(regency="3578", sector="software"), programme=programme)
    make_roster_entry(make_sme(regency="3578"), programme=programme, status=R.WITHDRAWN)
    client.force_login(staff_user)
    response = client.get(roster_url(programme))
    html = response.content.decode()
    assert "3 / 100" in html
    assert 'aria-valuenow="3"' in html
    by_province = {row["sme__province__name"]: row["count"] for row in response.context["by_province"]}
    assert by_province == {"Jawa Barat": 2, "Jawa Timur": 1}
    by_sector = {row["code"]: row["count"] for row in response.context["by_sector"]}
    assert by_sector == {"software": 2, "metal": 1}


def test_the_roster_filters_by_status_sector_province_and_text(client, staff_user, programme):
    make_roster_entry(
        make_sme(legal_name="PT Logam Bogor", regency="3201", sector="metal"), programme=programme
    )
    make_roster_entry(
        make_sme(legal_name="PT Soft Surabaya", regency="3578", sector="software"), programme=programme
    )
    make_roster_entry(
        make_sme(legal_name="PT Pergi", regency="3578"), programme=programme, status=R.WITHDRAWN
    )
    client.force_login(staff_user)

    def names(**query):
        response = client.get(roster_url(programme), query)
        return sorted(entry.sme.legal_name for entry in response.context["entries"])

    assert names(status="withdrawn") == ["PT Pergi"]
    assert names(sector=SME.objects.get(legal_name="PT Soft Surabaya").sector_id) == ["PT Soft Surabaya"]
    assert names(province="35") == ["PT Pergi", "PT Soft Surabaya"]
    assert names(q="logam") == ["PT Logam Bogor"]


def test_the_roster_page_has_a_fixed_number_of_queries(
    client, staff_user, programme, django_assert_max_num_queries
):
    client.force_login(staff_user)
    for _ in range(3):
        make_roster_entry(programme=programme)
    with django_assert_max_num_queries(14) as small:
        client.get(roster_url(programme))
    for _ in range(20):
        make_roster_entry(make_sme(regency="3578", sector="software"), programme=programme)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(roster_url(programme))


def test_the_picker_lists_verified_firms_not_on_the_roster(client, staff_user, programme):
    on_roster = make_roster_entry(programme=programme).sme
    withdrawn = make_roster_entry(programme=programme, status=R.WITHDRAWN).sme
    free = make_sme(legal_name="PT Belum Masuk")
    draft = make_sme(status=SME.Status.DRAFT)
    client.force_login(staff_user)
    response = client.get(roster_url(programme, "roster_add"))
    shown = {sme.pk for sme in response.context["page"]}
    assert free.pk in shown and withdrawn.pk in shown
    assert on_roster.pk not in shown and draft.pk not in shown


def test_the_picker_has_a_fixed_number_of_queries(
    client, staff_user, programme, django_assert_max_num_queries
):
    client.force_login(staff_user)
    make_sme()
    with django_assert_max_num_queries(12) as small:
        client.get(roster_url(programme, "roster_add"))
    for _ in range(15):
        make_sme(regency="3578")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(roster_url(programme, "roster_add"))


def test_staff_add_one_firm_from_the_picker(client, staff_user, programme):
    firm = make_sme()
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_add"), {"sme": [firm.pk], "query": "sector=1"})
    assert response.status_code == 302
    assert response["Location"].endswith("?sector=1")
    assert programme.roster.get(sme=firm).status == R.CANDIDATE


def test_staff_add_ticked_firms_in_bulk(client, staff_user, programme):
    firms = [make_sme() for _ in range(3)]
    client.force_login(staff_user)
    client.post(roster_url(programme, "roster_add"), {"sme": [f.pk for f in firms]})
    assert programme.roster.count() == 3


def test_the_101st_firm_is_refused_on_the_page_with_a_clear_reason(client, staff_user, programme):
    for _ in range(100):
        make_roster_entry(programme=programme)
    firm = make_sme()
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_add"), {"sme": [firm.pk]})
    assert response.status_code == 400
    assert "The roster is full: 100 of 100 places are taken" in response.content.decode()
    assert not programme.roster.filter(sme=firm).exists()
    # The firm stays ticked.
    assert f'value="{firm.pk}" id="sme-{firm.pk}" checked' in response.content.decode()


def test_bulk_add_beyond_the_free_places_adds_nothing(client, staff_user):
    programme = make_programme(capacity=2)
    firms = [make_sme() for _ in range(3)]
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_add"), {"sme": [f.pk for f in firms]})
    assert response.status_code == 400
    assert "only 2 places are free" in response.content.decode()
    assert programme.roster.count() == 0


def test_the_picker_without_a_ticked_firm_says_so(client, staff_user, programme):
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_add"), {})
    assert response.status_code == 400
    assert "Tick at least one firm" in response.content.decode()


def test_withdraw_with_a_reason(client, staff_user, programme):
    entry = make_roster_entry(programme=programme)
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_withdraw", entry.pk), {"reason": "Closed down."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.withdrawal_reason) == (R.WITHDRAWN, "Closed down.")


def test_withdraw_without_a_reason_shows_the_error_and_changes_nothing(client, staff_user, programme):
    entry = make_roster_entry(programme=programme)
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_withdraw", entry.pk), {"reason": "   "})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == R.CANDIDATE


def test_withdraw_is_post_only_for_the_write(client, staff_user, programme):
    entry = make_roster_entry(programme=programme)
    client.force_login(staff_user)
    assert client.get(roster_url(programme, "roster_withdraw", entry.pk)).status_code == 200
    entry.refresh_from_db()
    assert entry.status == R.CANDIDATE


def test_the_roster_export_is_exactly_the_filtered_list(client, staff_user, programme):
    make_roster_entry(make_sme(legal_name="PT Logam Bogor", sector="metal"), programme=programme)
    make_roster_entry(
        make_sme(legal_name="PT Soft Surabaya", sector="software", regency="3578"), programme=programme
    )
    client.force_login(staff_user)
    response = client.get(roster_url(programme, "roster_export"), {"province": "35", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:2] == ["Reference", "Legal name"]
    assert [row[1] for row in rows[1:]] == ["PT Soft Surabaya"]

    response = client.get(roster_url(programme, "roster_export"), {"format": "xlsx", "q": "logam"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert [row[1] for row in values[1:]] == ["PT Logam Bogor"]


def test_an_unknown_export_format_is_a_bad_request(client, staff_user, programme):
    client.force_login(staff_user)
    assert client.get(roster_url(programme, "roster_export"), {"format": "pdf"}).status_code == 400


def test_the_admin_action_adds_selected_firms_to_the_roster(admin_client, programme):
    firms = [make_sme() for _ in range(2)]
    response = admin_client.post(
        reverse("admin:smes_sme_changelist"),
        {"action": "add_to_roster", "_selected_action": [f.pk for f in firms]},
    )
    assert response.status_code == 302
    assert programme.roster.count() == 2


def test_the_admin_withdraw_action_asks_for_a_reason_then_calls_the_service(admin_client, programme):
    admin_client.cookies["django_language"] = "en"
    entry = make_roster_entry(programme=programme)
    url = reverse("admin:partnership_rosterentry_changelist")
    response = admin_client.post(url, {"action": "withdraw_selected", "_selected_action": [entry.pk]})
    assert response.status_code == 200
    assert "Reason" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == R.CANDIDATE
    admin_client.post(
        url,
        {"action": "withdraw_selected", "_selected_action": [entry.pk], "apply": "1", "reason": "Merged."},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.withdrawal_reason) == (R.WITHDRAWN, "Merged.")


def test_services_are_used_by_the_page(client, staff_user, programme):
    # The page and the service agree: a firm already on the roster cannot be posted again.
    firm = make_sme()
    services.roster_add(programme, firm, by=staff_user)
    client.force_login(staff_user)
    response = client.post(roster_url(programme, "roster_add"), {"sme": [firm.pk]})
    assert response.status_code == 400
    assert "already on the roster" in response.content.decode()


def test_the_navigation_link_opens_the_active_programmes_roster(client, staff_user, korean_user, programme):
    url = reverse("partnership:current_roster")
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(korean_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    response = client.get(url)
    assert response["Location"] == roster_url(programme)
    assert url in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("language", ["id", "en", "ko"])
def test_large_ids_are_never_rendered_with_thousand_separators(client, staff_user, programme, language):
    firm = make_sme(pk=12345)
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get(roster_url(programme, "roster_add")).content.decode()
    assert f'value="{firm.pk}"' in html
    assert "12.345" not in html and "12,345" not in html
