"""The SME admin: who gets in, the change list's query count, the decision actions, the edit form."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smes.models import SME, TimelineEvent
from tests.factories import make_sme, make_user

CHANGELIST = reverse("admin:smes_sme_changelist")


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the source language, whatever the default language."""
    settings.LANGUAGE_CODE = "en"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner_user", "other_owner", "korean_user"])
def test_firm_owners_and_the_korean_team_cannot_use_the_admin(client, request, who, sme):
    client.force_login(request.getfixturevalue(who))

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_a_staff_account_outside_the_ministry_group_sees_no_firms(client):
    client.force_login(make_user(is_staff=True))

    assert client.get(CHANGELIST).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:smes_sme_changelist"),
        reverse("admin:smes_sme_add"),
        reverse("admin:smes_sme_import"),
        reverse("admin:smes_sme_export"),
        reverse("admin:smes_sector_changelist"),
        reverse("admin:smes_cooperationform_changelist"),
        reverse("admin:smes_province_changelist"),
        reverse("admin:smes_regency_changelist"),
        reverse("admin:smes_smedocument_changelist"),
        reverse("admin:smes_timelineevent_changelist"),
    ],
)
def test_ministry_staff_open_every_registry_admin_page(client, staff_user, url):
    make_sme(status="submitted")
    client.force_login(staff_user)

    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_firm_change_page_opens_with_its_timeline(client, staff_user):
    sme = make_sme(status="submitted")
    TimelineEvent.objects.create(sme=sme, workflow="registration", to_state="submitted", note="Dari impor")
    client.force_login(staff_user)

    response = client.get(reverse("admin:smes_sme_change", args=[sme.pk]))

    assert response.status_code == 200
    assert "Dari impor" in response.content.decode()


@pytest.mark.django_db
def test_reference_data_and_the_timeline_cannot_be_added_or_deleted(client, staff_user):
    client.force_login(staff_user)

    assert client.get(reverse("admin:smes_province_add")).status_code == 403
    assert client.get(reverse("admin:smes_timelineevent_add")).status_code == 403
    assert client.get(reverse("admin:smes_province_delete", args=["32"])).status_code == 403


@pytest.mark.django_db
def test_changelist_query_count_does_not_grow_with_the_number_of_firms(
    client, staff_user, django_assert_max_num_queries
):
    for _n in range(3):
        make_sme(status="submitted")
    client.force_login(staff_user)
    before = _queries(client, CHANGELIST)
    for n in range(40):
        make_sme(status=["submitted", "verified"][n % 2], sector=["metal", "software"][n % 2], regency="3604")

    with django_assert_max_num_queries(before):
        client.get(CHANGELIST)
    with django_assert_max_num_queries(before):
        client.get(CHANGELIST + "?status__exact=submitted&q=PT")


@pytest.mark.django_db
def test_changelist_filters_by_status(client, staff_user):
    make_sme(legal_name="PT Diajukan", status="submitted")
    make_sme(legal_name="PT Terverifikasi", status="verified")
    client.force_login(staff_user)

    html = client.get(CHANGELIST + "?status__exact=submitted").content.decode()

    assert "PT Diajukan" in html
    assert "PT Terverifikasi" not in html


# --- actions ---------------------------------------------------------------------------------------


def run_action(client, action, smes, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [sme.pk for sme in smes], **extra}
    return client.post(CHANGELIST, data, follow=True)


@pytest.mark.django_db
def test_verify_action_goes_through_the_workflow_and_names_the_firms_it_refused(client, staff_user):
    submitted = make_sme(legal_name="PT Siap", status="submitted")
    rejected = make_sme(legal_name="PT Ditolak", status="rejected")
    client.force_login(staff_user)

    response = run_action(client, "verify_selected", [submitted, rejected])

    submitted.refresh_from_db()
    rejected.refresh_from_db()
    assert submitted.status == "verified"
    assert rejected.status == "rejected"
    event = TimelineEvent.objects.get(sme=submitted)
    assert (event.from_state, event.to_state, event.actor) == ("submitted", "verified", staff_user)
    html = response.content.decode()
    assert "Verified 1 firm." in html
    assert "PT Ditolak" in html and "Not changed" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status"), [("request_info_selected", "needs_info"), ("reject_selected", "rejected")]
)
def test_note_actions_ask_for_the_note_first(
    client, staff_user, action, status, mailoutbox, django_capture_on_commit_callbacks
):
    sme = make_sme(legal_name="PT Menunggu", status="submitted")
    client.force_login(staff_user)

    first = run_action(client, action, [sme])
    assert 'name="note"' in first.content.decode()
    sme.refresh_from_db()
    assert sme.status == "submitted"

    empty = run_action(client, action, [sme], apply="1", note="  ")
    assert 'name="note"' in empty.content.decode()
    sme.refresh_from_db()
    assert sme.status == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, action, [sme], apply="1", note="Lengkapi dokumen NIB.")
    sme.refresh_from_db()
    assert sme.status == status
    assert TimelineEvent.objects.get(sme=sme).note == "Lengkapi dokumen NIB."
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_status_is_not_an_editable_field(client, staff_user):
    sme = make_sme(status="submitted")
    client.force_login(staff_user)

    response = client.get(reverse("admin:smes_sme_change", args=[sme.pk]))

    assert "status" not in response.context["adminform"].form.fields
    assert "reference" not in response.context["adminform"].form.fields


@pytest.mark.django_db
def test_the_edit_form_refuses_an_invalid_npwp_and_keeps_the_rest(client, staff_user):
    sme = make_sme(status="submitted", legal_name="PT Lama")
    client.force_login(staff_user)
    page = client.get(reverse("admin:smes_sme_change", args=[sme.pk]))
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            shown = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
            data[name] = "" if shown is None else shown
    for prefix in ("documents", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"legal_name": "PT Baru", "npwp": "12.345.678.9-012.345"})

    response = client.post(reverse("admin:smes_sme_change", args=[sme.pk]), data)

    assert response.status_code == 200
    assert "not a valid NPWP" in response.content.decode(), response.context["adminform"].form.errors
    assert 'value="PT Baru"' in response.content.decode()
    sme.refresh_from_db()
    assert sme.legal_name == "PT Lama"
    assert SME.objects.count() == 1
