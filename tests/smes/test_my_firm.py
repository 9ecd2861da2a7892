"""The owner's "my firm" page: status, reference, size class, ministry note, timeline, documents."""

import pytest
from django.urls import reverse

from smes import services
from smes.models import SME, SMEDocument
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def test_my_firm_shows_status_reference_and_size(client, owner_user):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.SUBMITTED)
    client.force_login(owner_user)
    response = client.get(reverse("smes:my_firm"))
    assert response.status_code == 200
    page = response.text
    assert sme.reference in page
    assert "The ministry is checking your registration" in page
    assert "Submitted" in page
    assert "Small" in page and "Decided by annual sales" in page
    assert page.count("<h1") == 1


def test_my_firm_shows_the_ministry_note_prominently_when_info_is_needed(client, owner_user, staff_user):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.SUBMITTED)
    services.request_info(sme, by=staff_user, note="Upload the deed of establishment, please.")
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert "Message from the ministry" in page
    assert "Upload the deed of establishment, please." in page
    assert "Submit again" in page


def test_timeline_shows_labels_newest_first_and_hides_internal_notes(client, owner_user, staff_user):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.SUBMITTED)
    services.request_info(sme, by=staff_user, note="Which products?")
    services.record_event(
        sme,
        workflow="registration",
        from_state="submitted",
        to_state="submitted",
        by=staff_user,
        note="Internal: call the firm",
        visible_to_sme=False,
    )
    client.force_login(owner_user)
    response = client.get(reverse("smes:my_firm"))
    events = response.context["events"]
    assert all(event.visible_to_sme for event in events)
    assert "Internal: call the firm" not in response.text
    assert "More information needed" in response.text  # label, not the code "needs_info"
    assert "needs_info" not in response.text.replace('"needs_info"', "")
    assert "by staff" in response.text


def test_timeline_labels_come_from_each_workflow():
    from smes.models import state_label

    assert state_label("registration", "needs_info") == "more information needed"
    assert state_label("roster", "not_selected") == "not selected"
    assert state_label("proposal", "under_review") == "under review"
    assert state_label("shortlist", "removed") == "removed from the shortlist"
    assert state_label("visit", "something_new") == "something new"


def test_draft_with_problems_lists_them_instead_of_a_submit_button(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT, npwp=None)
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert "Before you can submit" in page
    assert "NPWP" in page
    assert 'action="/sme/my-firm/submit/"' not in page


def test_complete_draft_has_a_submit_button(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert f'action="{reverse("smes:submit")}"' in page
    assert "Submit for verification" in page


def test_verified_firm_explains_that_key_changes_need_new_verification(client, owner_user):
    factories.make_valid_sme(owner=owner_user)
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert "verifies the firm again" in page
    assert f'action="{reverse("smes:submit")}"' not in page


def test_rejected_firm_has_no_edit_button(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.REJECTED)
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert "did not accept" in page
    assert f'href="{reverse("smes:edit")}"' not in page


def test_my_firm_shows_the_npwp_in_groups(client, owner_user):
    factories.make_valid_sme(owner=owner_user, npwp="0013121660091000")
    client.force_login(owner_user)
    assert "0013 1216 6009 1000" in client.get(reverse("smes:my_firm")).text


def add_rows(sme, staff_user, n):
    for i in range(n):
        services.record_event(sme, workflow="registration", to_state="submitted", by=staff_user, note=f"n{i}")
        SMEDocument.objects.create(
            sme=sme,
            kind="other",
            file=f"documents/{sme.pk}/x{i}.pdf",
            original_name=f"x{i}.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=sme.owner,
        )


def test_my_firm_query_count_does_not_grow_with_events_and_documents(
    client, owner_user, staff_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sme = factories.make_valid_sme(owner=owner_user)
    add_rows(sme, staff_user, 2)
    client.force_login(owner_user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("smes:my_firm"))
    add_rows(sme, staff_user, 10)
    factories.make_user("third-actor")
    with django_assert_max_num_queries(20):
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("smes:my_firm"))
    assert response.status_code == 200
    assert len(response.context["events"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_my_firm_and_the_profile_form_show_the_npwp_and_phone_as_people_read_them(client):
    owner = factories.make_user()
    factories.make_sme(owner=owner, status="draft", npwp="0024315772412000", contact_phone="+6281234567890")
    client.force_login(owner)

    html = client.get(reverse("smes:my_firm")).content.decode()
    assert "0024 3157 7241 2000" in html and "02.431.577.2-412.000" in html
    assert "0812-3456-7890" in html and "+6281234567890" not in html

    form = client.get(reverse("smes:edit")).context["form"]
    assert form["npwp"].value() == "0024 3157 7241 2000"
    assert "02.431.577.2-412.000" in str(form.fields["npwp"].help_text)
    assert form["contact_phone"].value() == "0812-3456-7890"
