"""The Korean partner registry: list, detail, create and edit pages, export and import."""

import io

import openpyxl
import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from partnership.cooperation.forms import PartnerForm
from partnership.cooperation.validators import with_check_digit
from partnership.models import KoreanPartner
from smes.models import CooperationForm, Sector
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def _valid_post(**overrides):
    data = {
        "name_ko": "한빛 바이오가스",
        "name_en": "Hanbit Biogas Co.",
        "brn": "1168200276",
        "region": "KR-41",
        "sector": str(Sector.objects.get(code="mechanical").pk),
        "size": "small",
        "offers": "biogas digester moulds",
        "needs": "fibreglass suppliers",
        "cooperation_forms": [str(CooperationForm.objects.get(code="technology_transfer").pk)],
        "preferred_provinces": ["32"],
        "contact_name": "Kim Min-su",
        "contact_email": "kim@hanbit.example",
        "contact_phone": "02-312-3456",
        "website": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- pages by role -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["partner_list", "partner_create", "partner_import"])
def test_partner_pages_send_the_anonymous_to_login(client, name):
    response = client.get(reverse(f"cooperation:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["partner_list", "partner_create", "partner_import", "partner_export"])
def test_partner_pages_are_forbidden_to_sme_owners(client, sme, name):
    client.force_login(sme.owner)
    assert client.get(reverse(f"cooperation:{name}")).status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "korean_user"])
def test_partner_pages_open_for_staff_and_the_korean_team(client, request, who):
    client.force_login(request.getfixturevalue(who))
    partner = factories.make_partner(name_en="Hanbit Biogas Co.")
    for url in [
        reverse("cooperation:partner_list"),
        reverse("cooperation:partner_create"),
        reverse("cooperation:partner_import"),
        reverse("cooperation:partner_detail", args=[partner.pk]),
        reverse("cooperation:partner_edit", args=[partner.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Hanbit Biogas Co." in client.get(reverse("cooperation:partner_list")).content.decode()


def test_partner_detail_and_edit_are_forbidden_to_sme_owners(client, sme):
    partner = factories.make_partner()
    client.force_login(sme.owner)
    assert client.get(reverse("cooperation:partner_detail", args=[partner.pk])).status_code == 403
    assert (
        client.post(reverse("cooperation:partner_edit", args=[partner.pk]), _valid_post()).status_code == 403
    )
    assert KoreanPartner.objects.get(pk=partner.pk).name_en != "Hanbit Biogas Co."


# --- create and edit -----------------------------------------------------------------------------


def test_staff_add_a_partner_and_the_number_is_stored_with_dashes(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_create"), _valid_post())
    partner = KoreanPartner.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cooperation:partner_detail", args=[partner.pk])
    assert partner.brn == "116-82-00276"
    assert partner.contact_phone == "+8223123456"
    assert list(partner.preferred_provinces.values_list("code", flat=True)) == ["32"]


def test_a_wrong_check_digit_is_shown_next_to_the_field_and_nothing_is_written(client, korean_user):
    client.force_login(korean_user)
    response = client.post(reverse("cooperation:partner_create"), _valid_post(brn="116-82-00278"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "wrong check digit" in body
    assert 'value="116-82-00278"' in body
    assert 'value="Hanbit Biogas Co."' in body
    assert not KoreanPartner.objects.exists()


def test_a_duplicate_number_is_refused_with_a_clear_message(client, staff_user):
    factories.make_partner(brn="116-82-00276", name_en="Existing Co.")
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_create"), _valid_post(brn="1168200276"))
    assert response.status_code == 200
    assert "already in the registry: Existing Co." in response.content.decode()
    assert KoreanPartner.objects.count() == 1


def test_a_duplicate_that_appears_during_the_save_becomes_a_form_error(client, staff_user, monkeypatch):
    """Two people registering the same number at once: the unique constraint decides."""
    original_validate_unique = PartnerForm.validate_unique

    def competitor_saves_right_after_the_checks(form):
        original_validate_unique(form)
        factories.make_partner(brn="116-82-00276", name_en="Faster Co.")

    monkeypatch.setattr(PartnerForm, "validate_unique", competitor_saves_right_after_the_checks)
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_create"), _valid_post())
    assert response.status_code == 200
    assert "already in the registry" in response.content.decode()
    assert list(KoreanPartner.objects.values_list("name_en", flat=True)) == ["Faster Co."]


def test_the_race_really_hits_the_unique_constraint():
    factories.make_partner(brn="116-82-00276")
    with pytest.raises(IntegrityError):
        factories.make_partner(brn="116-82-00276")


def test_editing_keeps_its_own_number_and_bad_phone_is_reported(client, staff_user):
    partner = factories.make_partner(brn="116-82-00276")
    client.force_login(staff_user)
    response = client.post(
        reverse("cooperation:partner_edit", args=[partner.pk]), _valid_post(contact_phone="12")
    )
    assert response.status_code == 200
    assert "valid phone number" in response.content.decode()
    response = client.post(reverse("cooperation:partner_edit", args=[partner.pk]), _valid_post())
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name_en == "Hanbit Biogas Co."


def test_required_fields_are_reported(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_create"), _valid_post(name_ko="", region=""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name_ko", "region"}
    assert not KoreanPartner.objects.exists()


# --- list, filters and queries -------------------------------------------------------------------


def test_list_filters_by_sector_form_region_and_province(client, staff_user):
    wanted = factories.make_partner(
        name_en="Wanted Co.", sector="mechanical", forms=["training"], region="KR-26", provinces=["32"]
    )
    factories.make_partner(name_en="Other Sector Co.", sector="software", forms=["training"], region="KR-26")
    factories.make_partner(
        name_en="Other Form Co.", sector="mechanical", forms=["investment"], region="KR-26"
    )
    client.force_login(staff_user)
    response = client.get(
        reverse("cooperation:partner_list"),
        {
            "sector": Sector.objects.get(code="mechanical").pk,
            "form": "training",
            "region": "KR-26",
            "province": "32",
        },
    )
    assert [p.pk for p in response.context["page"]] == [wanted.pk]


def test_list_search_finds_korean_and_english_names(client, korean_user):
    factories.make_partner(name_en="Hanbit Biogas Co.", name_ko="한빛 바이오가스")
    factories.make_partner(name_en="Other Co.", name_ko="다른 회사")
    client.force_login(korean_user)
    response = client.get(reverse("cooperation:partner_list"), {"q": "한빛"})
    assert [p.name_en for p in response.context["page"]] == ["Hanbit Biogas Co."]


def test_list_query_count_does_not_grow_with_the_partners(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    factories.make_partner(forms=["training", "investment"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cooperation:partner_list"))
    for _ in range(15):
        factories.make_partner(forms=["training", "investment"], provinces=["32", "36"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cooperation:partner_list"))
    assert len(response.context["page"].object_list) == 16


# --- export --------------------------------------------------------------------------------------


def test_export_csv_is_exactly_the_filtered_list(client, staff_user, django_assert_max_num_queries):
    factories.make_partner(
        name_en="Mechanical One", sector="mechanical", forms=["training"], provinces=["32"]
    )
    factories.make_partner(name_en="Mechanical Two", sector="mechanical")
    factories.make_partner(name_en="Software One", sector="software")
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("cooperation:partner_export"),
            {"sector": Sector.objects.get(code="mechanical").pk, "format": "csv"},
        )
    assert response["Content-Type"].startswith("text/csv")
    body = response.getvalue()  # a streamed file can be read once
    lines = body.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("brn,name_en,name_ko,region,sector,size")
    assert len(lines) == 3
    assert "Mechanical One" in lines[1] and "training" in lines[1] and "32" in lines[1]
    assert "Software One" not in body.decode()


def test_export_xlsx_opens_and_holds_the_filtered_rows(client, korean_user):
    factories.make_partner(name_en="Busan Co.", region="KR-26")
    factories.make_partner(name_en="Seoul Co.", region="KR-11")
    client.force_login(korean_user)
    response = client.get(reverse("cooperation:partner_export"), {"region": "KR-26", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "Busan Co." in rows[1]


def test_export_query_count_does_not_grow(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    factories.make_partner(forms=["training"], provinces=["32"])
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("cooperation:partner_export"), {"format": "csv"}).getvalue()
    for _ in range(12):
        factories.make_partner(forms=["training", "investment"], provinces=["32", "36"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cooperation:partner_export"), {"format": "csv"})
        body = response.getvalue()  # a streamed file runs its queries as it is read
    assert len(body.decode("utf-8-sig").strip().splitlines()) == 14


# --- import --------------------------------------------------------------------------------------

HEADER = "brn,name_en,name_ko,region,sector,size,offers,needs,cooperation_forms,preferred_provinces,contact_name,contact_email,contact_phone,website,is_active\n"


def _upload(text: str, name="partners.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_preview_lists_bad_rows_with_reasons_and_writes_nothing(client, staff_user):
    client.force_login(staff_user)
    sheet = (
        HEADER
        + "1168200276,Good Co.,좋은 회사,KR-41,metal,small,moulds,,training,32,,,,,\n"
        + "116-82-00278,Bad Digit Co.,나쁜 회사,KR-41,metal,small,,,,,,,,,\n"
        + f"{with_check_digit('220810001')},Bad Region Co.,지역 회사,KR-99,metal,small,,,teleport,,,,,,\n"
    )
    response = client.post(reverse("cooperation:partner_import"), {"file": _upload(sheet)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "wrong check digit" in body
    assert "Unknown region code: KR-99" in body
    assert "teleport" in body
    assert response.context["bad_rows"] == 2
    assert not response.context["can_confirm"]
    assert not KoreanPartner.objects.exists()


def test_import_preview_then_confirm_writes_and_updates(client, korean_user):
    existing = factories.make_partner(brn="116-82-00276", name_en="Old Name")
    client.force_login(korean_user)
    sheet = (
        HEADER
        + "1168200276,New Name,새 이름,KR-41,metal,medium,moulds,,training,32,,,,,\n"
        + f"{with_check_digit('220810002')},Fresh Co.,신규 회사,KR-26,software,small,,,investment,,,,,,\n"
    )
    preview = client.post(reverse("cooperation:partner_import"), {"file": _upload(sheet)})
    assert preview.context["can_confirm"]
    assert KoreanPartner.objects.count() == 1
    response = client.post(reverse("cooperation:partner_import"), {"confirm": "1"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name_en == "New Name"
    assert existing.size == "medium"
    fresh = KoreanPartner.objects.get(name_en="Fresh Co.")
    assert fresh.brn == with_check_digit("220810002")
    assert fresh.is_active
    assert list(fresh.cooperation_forms.values_list("code", flat=True)) == ["investment"]


def test_import_refuses_a_file_that_is_not_a_sheet(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_import"), {"file": _upload("x", name="notes.txt")})
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    response = client.post(reverse("cooperation:partner_import"), {"file": _upload("a,b\n1,2\n")})
    assert "These columns are missing" in response.content.decode()


def test_import_confirm_without_a_preview_asks_for_the_file_again(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("cooperation:partner_import"), {"confirm": "1"}, follow=True)
    assert "upload it again" in response.content.decode()


def test_import_flags_a_number_that_appears_twice_in_the_file(client, staff_user):
    client.force_login(staff_user)
    sheet = (
        HEADER
        + "1168200276,First Co.,첫 회사,KR-41,metal,small,,,,,,,,,\n"
        + "116-82-00276,Second Co.,둘째 회사,KR-41,metal,small,,,,,,,,,\n"
    )
    response = client.post(reverse("cooperation:partner_import"), {"file": _upload(sheet)})
    assert response.context["bad_rows"] == 2
    assert "appears more than once in the file (rows 1, 2)" in response.content.decode()
    assert not KoreanPartner.objects.exists()
