"""Ministry staff pages: the list of firms, a firm's full record, verification decisions."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from smes import services
from smes.models import SME, Sector, SMEDocument, TimelineEvent
from tests.factories import make_sme, make_staff

STAFF_LIST = reverse("smes:staff_list")
STAFF_EXPORT = reverse("smes:staff_export")


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the source language, whatever the default language."""
    settings.LANGUAGE_CODE = "en"


def detail_url(sme):
    return reverse("smes:staff_detail", args=[sme.pk])


def decide_url(sme):
    return reverse("smes:staff_decide", args=[sme.pk])


def listed(response) -> list[str]:
    return [sme.legal_name for sme in response.context["page"].items]


# --- who may open the pages ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "detail"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, page):
    sme = make_sme(status="submitted")
    url = STAFF_LIST if page == "list" else detail_url(sme)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_decision_is_sent_to_the_login_page_and_changes_nothing(client):
    sme = make_sme(status="submitted")

    response = client.post(decide_url(sme), {"decision": "verified"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    sme.refresh_from_db()
    assert sme.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner_user", "other_owner", "korean_user"])
def test_owners_and_the_korean_team_are_refused(client, request, who, sme):
    submitted = make_sme(status="submitted", owner=None)
    client.force_login(request.getfixturevalue(who))

    assert client.get(STAFF_LIST).status_code == 403
    assert client.get(detail_url(submitted)).status_code == 403
    assert client.get(detail_url(sme)).status_code == 403  # not even their own firm's staff record
    response = client.post(decide_url(submitted), {"decision": "verified"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.django_db
def test_staff_open_the_list_and_the_record(client, staff_user):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    assert client.get(STAFF_LIST).status_code == 200
    assert client.get(detail_url(sme)).status_code == 200


@pytest.mark.django_db
def test_a_missing_firm_is_404_for_staff(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("smes:staff_detail", args=[999999])).status_code == 404
    assert (
        client.post(reverse("smes:staff_decide", args=[999999]), {"decision": "verified"}).status_code == 404
    )


@pytest.mark.django_db
def test_decide_refuses_get(client, staff_user):
    client.force_login(staff_user)

    assert client.get(decide_url(make_sme(status="submitted"))).status_code == 405


# --- the list ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_opens_on_the_queue_of_submitted_and_needs_info_firms(client, staff_user):
    make_sme(legal_name="PT Menunggu", status="submitted")
    make_sme(legal_name="PT Perlu Info", status="needs_info")
    make_sme(legal_name="PT Sudah", status="verified")
    make_sme(legal_name="PT Draf", status="draft")
    make_sme(legal_name="PT Ditolak", status="rejected")
    client.force_login(staff_user)

    assert listed(client.get(STAFF_LIST)) == ["PT Menunggu", "PT Perlu Info"]
    assert listed(client.get(STAFF_LIST, {"status": "verified"})) == ["PT Sudah"]
    assert len(listed(client.get(STAFF_LIST, {"status": "all"}))) == 5


@pytest.mark.django_db
def test_list_filters_by_sector_province_size_and_text(client, staff_user):
    make_sme(legal_name="PT Logam Bogor", status="submitted", regency="3201")
    make_sme(legal_name="PT Lunak Serang", status="submitted", regency="3604", sector="software")
    mikro = make_sme(
        legal_name="PT Mikro",
        status="submitted",
        capital=500_000_000,
        annual_sales=1_000_000_000,
        products="keripik",
    )
    client.force_login(staff_user)
    software = Sector.objects.get(code="software").pk

    assert listed(client.get(STAFF_LIST, {"sector": software})) == ["PT Lunak Serang"]
    assert listed(client.get(STAFF_LIST, {"province": "36"})) == ["PT Lunak Serang"]
    assert listed(client.get(STAFF_LIST, {"province": "32", "regency": "3201", "size_class": "micro"})) == [
        "PT Mikro"
    ]
    assert listed(client.get(STAFF_LIST, {"q": "KERIPIK"})) == ["PT Mikro"]
    assert listed(client.get(STAFF_LIST, {"q": mikro.reference})) == ["PT Mikro"]
    assert listed(client.get(STAFF_LIST, {"q": mikro.nib})) == ["PT Mikro"]
    assert listed(client.get(STAFF_LIST, {"q": mikro.npwp})) == ["PT Mikro"]


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_number_of_firms(
    client, staff_user, django_assert_max_num_queries
):
    for n in range(3):
        make_sme(legal_name=f"PT Awal {n}", status="submitted")
    client.force_login(staff_user)
    before = _count_queries(client, STAFF_LIST)
    for n in range(40):
        make_sme(legal_name=f"PT Tambah {n}", status="submitted", sector=["metal", "software"][n % 2])

    with django_assert_max_num_queries(before):
        client.get(STAFF_LIST)
    assert before <= 12


@pytest.mark.django_db
def test_export_csv_contains_exactly_the_filtered_list(client, staff_user):
    for n in range(60):  # more than one page: the export has them all
        make_sme(legal_name=f"PT Antre {n:02d}", status="submitted")
    make_sme(legal_name="PT Terverifikasi", status="verified")
    make_sme(legal_name="PT Lunak", status="submitted", sector="software")
    client.force_login(staff_user)
    metal = Sector.objects.get(code="metal").pk

    response = client.get(STAFF_EXPORT, {"sector": metal, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert sorted(row["legal_name"] for row in rows) == [f"PT Antre {n:02d}" for n in range(60)]
    assert {row["status"] for row in rows} == {"submitted"}
    assert {row["sector"] for row in rows} == {"metal"}
    assert rows[0]["regency"] == "3201"


@pytest.mark.django_db
def test_export_xlsx_contains_exactly_the_filtered_list(client, staff_user):
    make_sme(
        legal_name="PT Bogor Satu", status="submitted", regency="3201", cooperation_interests=["training"]
    )
    make_sme(legal_name="PT Serang", status="submitted", regency="3604")
    make_sme(legal_name="PT Bogor Terverifikasi", status="verified", regency="3201")
    client.force_login(staff_user)

    response = client.get(STAFF_EXPORT, {"province": "32", "format": "xlsx"})

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    records = [dict(zip(header, row, strict=True)) for row in data]
    assert [r["legal_name"] for r in records] == ["PT Bogor Satu"]
    assert records[0]["cooperation_interests"] == "training"
    assert records[0]["province_name"] == "JAWA BARAT" or records[0]["province_name"].lower() == "jawa barat"


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_the_number_of_firms(
    client, staff_user, django_assert_max_num_queries
):
    make_sme(status="submitted")
    client.force_login(staff_user)
    before = _count_queries(client, STAFF_EXPORT, {"format": "csv"})
    for _n in range(30):
        make_sme(status="submitted", cooperation_interests=["training", "investment"])

    with django_assert_max_num_queries(before):
        client.get(STAFF_EXPORT, {"format": "csv"})


# --- the record ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_shows_every_field_with_the_npwp_formatted_documents_and_the_timeline(client, staff_user):
    sme = make_sme(
        status="submitted",
        owner_nik="3201010101900001",
        contact_name="Budi Santoso",
        contact_email="budi@swen.example",
        npwp="0013121660091000",
        address="Jl. Raya Ciomas No. 7",
    )
    document = SMEDocument.objects.create(
        sme=sme,
        kind="nib",
        title="NIB certificate",
        file=ContentFile(b"%PDF-1.4", name="nib.pdf"),
        original_name="nib.pdf",
        content_type="application/pdf",
        size=8,
    )
    services.record_event(sme, workflow="registration", to_state="submitted", note="Public note")
    services.record_event(
        sme, workflow="registration", to_state="submitted", note="Only for the ministry", visible_to_sme=False
    )
    client.force_login(staff_user)

    html = client.get(detail_url(sme)).content.decode()

    for text in (
        "0013 1216 6009 1000",
        "3201010101900001",
        "Budi Santoso",
        "budi@swen.example",
        "Jl. Raya Ciomas No. 7",
        reverse("smes:document_download", args=[document.pk]),
        "NIB certificate",
        "Public note",
        "Only for the ministry",
        sme.reference,
    ):
        assert text in html, text


@pytest.mark.django_db
def test_record_query_count_is_fixed(client, staff_user, django_assert_max_num_queries):
    sme = make_sme(status="submitted", cooperation_interests=["training", "investment"])
    client.force_login(staff_user)
    before = _count_queries(client, detail_url(sme))
    for n in range(5):
        services.record_event(sme, workflow="registration", to_state="submitted", by=staff_user, note=f"n{n}")

    with django_assert_max_num_queries(before):
        client.get(detail_url(sme))


@pytest.mark.django_db
def test_record_offers_only_the_moves_the_table_allows(client, staff_user):
    client.force_login(staff_user)

    submitted = client.get(detail_url(make_sme(status="submitted")))
    needs_info = client.get(detail_url(make_sme(status="needs_info")))
    verified = client.get(detail_url(make_sme(status="verified")))

    assert [v for v, _l in submitted.context["decisions"]] == ["verified", "needs_info", "rejected"]
    assert [v for v, _l in needs_info.context["decisions"]] == ["rejected"]
    assert verified.context["decisions"] == []
    assert 'name="decision"' not in verified.content.decode()


# --- decisions -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_verify_a_firm_and_it_is_recorded(
    client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(sme), {"decision": "verified", "note": ""}, follow=True)

    sme.refresh_from_db()
    assert sme.status == "verified"
    assert sme.verified_at is not None
    event = TimelineEvent.objects.get(sme=sme)
    assert (event.from_state, event.to_state, event.actor) == ("submitted", "verified", staff_user)
    assert "is verified" in response.content.decode()
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_asking_for_information_mails_the_note_to_the_firm(
    client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    sme = make_sme(status="submitted", contact_email="kontak@firma.example", language="en")
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(sme), {"decision": "needs_info", "note": "Please upload the NIB certificate."})

    sme.refresh_from_db()
    assert sme.status == "needs_info"
    assert TimelineEvent.objects.get(sme=sme).note == "Please upload the NIB certificate."
    assert len(mailoutbox) == 1
    assert "kontak@firma.example" in mailoutbox[0].to
    assert "Please upload the NIB certificate." in mailoutbox[0].body


@pytest.mark.django_db
def test_staff_reject_a_firm_with_a_reason(client, staff_user):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    client.post(decide_url(sme), {"decision": "rejected", "note": "Not a manufacturing firm."})

    sme.refresh_from_db()
    assert sme.status == "rejected"
    assert TimelineEvent.objects.get(sme=sme).note == "Not a manufacturing firm."


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["needs_info", "rejected"])
def test_a_decision_without_the_required_note_is_refused_and_changes_nothing(
    client, staff_user, decision, mailoutbox
):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": decision, "note": "   "})

    assert response.status_code == 400
    assert "Please write a note for the firm" in response.content.decode()
    assert response.context["form"]["decision"].value() == decision  # the choice is kept
    sme.refresh_from_db()
    assert sme.status == "submitted"
    assert not TimelineEvent.objects.filter(sme=sme).exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_unknown_decision_is_refused_with_a_message(client, staff_user):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": "draft", "note": "x"})

    assert response.status_code == 400
    sme.refresh_from_db()
    assert sme.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "decision"),
    [("verified", "verified"), ("rejected", "verified"), ("needs_info", "verified"), ("draft", "rejected")],
)
def test_an_illegal_move_is_refused_cleanly(client, staff_user, status, decision):
    sme = make_sme(status=status)
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": decision, "note": "A reason."}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == detail_url(sme)
    assert "This decision cannot be taken" in response.content.decode()
    sme.refresh_from_db()
    assert sme.status == status
    assert not TimelineEvent.objects.filter(sme=sme).exists()


@pytest.mark.django_db
def test_a_second_staff_member_deciding_on_a_stale_page_gets_a_message(client, staff_user):
    sme = make_sme(status="submitted")
    services.reject(sme, by=make_staff(), note="Duplicate registration.")
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": "verified"}, follow=True)

    assert "This decision cannot be taken" in response.content.decode()
    sme.refresh_from_db()
    assert sme.status == SME.Status.REJECTED


@pytest.mark.django_db
def test_after_a_verification_the_next_firm_of_the_queue_is_offered(client, staff_user):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    sme = make_sme(status="submitted", submitted_at=now - datetime.timedelta(days=3))
    later = make_sme(
        status="submitted", legal_name="PT Berikutnya", submitted_at=now - datetime.timedelta(days=1)
    )
    make_sme(status="submitted", legal_name="PT Paling Akhir", submitted_at=now)
    make_sme(
        status="needs_info", legal_name="PT Menunggu Usaha", submitted_at=now - datetime.timedelta(days=2)
    )
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": "verified", "note": ""}, follow=True)

    html = response.content.decode()
    assert "Next firm waiting for verification" in html
    assert f'href="{detail_url(later)}"' in html and "PT Berikutnya" in html


@pytest.mark.django_db
def test_the_last_firm_of_the_queue_says_the_queue_is_empty(client, staff_user):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    response = client.post(decide_url(sme), {"decision": "verified", "note": ""}, follow=True)

    assert "No other firm is waiting for verification." in response.content.decode()


@pytest.mark.django_db
def test_a_staff_list_row_shows_the_firm_escaped_with_its_status_and_dates(client):
    from django.utils import dateformat, timezone

    sme = make_sme(legal_name='PT <i>"Miring"</i> & Co', trade_name="<b>x</b>", status=SME.Status.SUBMITTED)
    client.force_login(make_staff())

    html = client.get(reverse("smes:staff_list")).content.decode()
    row = html[html.index("<tr><th") : html.index("</tr>", html.index("<tr><th"))]

    assert f'href="{detail_url(sme)}"' in row
    assert "PT &lt;i&gt;&quot;Miring&quot;&lt;/i&gt; &amp; Co" in row and "<b>x</b>" not in row
    assert f'<span class="badge text-bg-{sme.status_colour}">Submitted</span>' in row
    assert f"<td>{sme.sector.name}</td>" in row and f"{sme.regency.name}<div" in row
    assert "<td>Small</td>" in row
    submitted = timezone.localtime(sme.submitted_at)
    assert f'<time datetime="{dateformat.format(submitted, "c")}">' in row


@pytest.mark.django_db
def test_the_queues_filter_form_is_cached_until_a_write_and_a_filtered_one_never(client):
    import re

    from partnership.lib import versioned_cache

    def form_of(html: str) -> str:
        return re.search(r'<form method="get"[^>]*staff-filters.*?</form>', html, re.S).group(0)

    versioned_cache.clear()
    make_sme(status=SME.Status.SUBMITTED)
    client.force_login(make_staff())
    first = form_of(client.get(reverse("smes:staff_list")).content.decode())
    assert "All sectors" in first
    assert form_of(client.get(reverse("smes:staff_list")).content.decode()) == first
    sector = Sector.objects.get(code="metal")
    sector.name_en = "Metal and machinery (renamed)"
    sector.save()  # a write: the cached form is stale
    assert "Metal and machinery (renamed)" in client.get(reverse("smes:staff_list")).content.decode()
    filtered = client.get(reverse("smes:staff_list"), {"sector": sector.pk, "q": "<b>x"}).content.decode()
    assert f'<option value="{sector.pk}" selected>' in filtered
    assert 'value="&lt;b&gt;x"' in filtered
