"""The owner's journey: register, save a draft, come back, submit; and every bad input."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from smes.forms import SMEProfileForm
from smes.models import SME, TimelineEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the source language) whatever translations exist."""
    client.cookies["django_language"] = "en"


REGISTRATION = {
    "username": "budi",
    "email": "budi@example.com",
    "password1": "Kuat-sekali-2015",
    "password2": "Kuat-sekali-2015",
    # English keeps the asserted messages in the source language (registration sets the cookie).
    "language": "en",
    "legal_name": "PT Maju Bersama",
    "legal_form": "pt",
    "nib": "",
    "npwp": "",
}


def complete_profile(**overrides) -> dict:
    """Profile form data of a complete, small firm in Kabupaten Bogor."""
    data = {
        "legal_name": "PT Maju Bersama",
        "trade_name": "Maju",
        "legal_form": "pt",
        "year_founded": "2007",
        "nib": "1234567890123",
        "npwp": "01.312.166.0-091.000",
        "owner_nik": "",
        "address": "Jl. Raya Ciomas No. 5",
        "postal_code": "16610",
        "province": "32",
        "regency": "3201",
        "sector": "",
        "kbli_codes": "25112, 28291",
        "products": "Fibreglass biogas digesters",
        "export_markets": "Malaysia",
        "employees": "25",
        "capital": "1.500.000.000",
        "annual_sales": "8.000.000.000",
        "full_year_sales": "on",
        "certifications": ["sni"],
        "eco_practices": "Biogas from waste",
        "cooperation_interests": [],
        "contact_name": "Budi Santoso",
        "contact_position": "Direktur",
        "contact_email": "budi@example.com",
        "contact_phone": "0812 3456 7890",
        "consent_publish": "on",
        "consent_share_korea": "on",
        "consent_data_processing": "on",
        "language": "id",
        "action": "save",
    }
    from smes.models import CooperationForm, Sector

    data["sector"] = str(Sector.objects.get(code="metal").pk)
    data["cooperation_interests"] = [str(CooperationForm.objects.get(code="technology_transfer").pk)]
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_register_page_is_public_and_in_indonesian(client):
    del client.cookies["django_language"]
    response = client.get(reverse("smes:register"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert 'name="legal_name"' in response.text
    assert 'name="password1"' in response.text


def test_register_creates_account_and_draft_and_logs_in(client):
    response = client.post(reverse("smes:register"), REGISTRATION)
    assert response.status_code == 302
    assert response.url == reverse("smes:edit")
    user = User.objects.get(username="budi")
    sme = SME.objects.get(owner=user)
    assert sme.status == SME.Status.DRAFT
    assert sme.legal_name == "PT Maju Bersama"
    assert sme.nib is None and sme.npwp is None
    assert sme.events.get().to_state == "draft"
    # Logged in: the profile form opens.
    assert client.get(reverse("smes:edit")).status_code == 200


def test_register_stores_typed_npwp_as_16_digits(client):
    client.post(
        reverse("smes:register"), {**REGISTRATION, "npwp": "01.312.166.0-091.000", "nib": "1234567890123"}
    )
    sme = SME.objects.get()
    assert sme.npwp == "0013121660091000"
    assert sme.nib == "1234567890123"


def test_register_in_korean_sets_the_firm_language_and_cookie(client):
    response = client.post(reverse("smes:register"), {**REGISTRATION, "language": "ko"})
    assert SME.objects.get().language == "ko"
    assert response.cookies["django_language"].value == "ko"


def test_register_with_duplicate_nib_shows_friendly_message_and_writes_nothing(client, settings):
    factories.make_sme(nib="1234567890123")
    users, smes = User.objects.count(), SME.objects.count()
    response = client.post(reverse("smes:register"), {**REGISTRATION, "nib": "1234567890123"})
    assert response.status_code == 200
    assert "already registered in Mitra UKM" in response.text
    assert settings.PROGRAMME_CONTACT_EMAIL in response.text
    assert response.context["firm_form"].errors["nib"]
    assert 'value="PT Maju Bersama"' in response.text
    assert 'value="budi@example.com"' in response.text
    assert (User.objects.count(), SME.objects.count()) == (users, smes)


def test_register_with_duplicate_npwp_in_other_notation_is_refused(client):
    factories.make_sme(npwp="0013121660091000")
    response = client.post(reverse("smes:register"), {**REGISTRATION, "npwp": "013121660091000"})
    assert "This NPWP is already registered" in response.context["firm_form"].errors["npwp"][0]
    assert not User.objects.filter(username="budi").exists()


def test_register_refuses_email_without_at_and_mismatched_passwords(client):
    response = client.post(
        reverse("smes:register"), {**REGISTRATION, "email": "budi.example.com", "password2": "lain"}
    )
    form = response.context["account_form"]
    assert "email" in form.errors
    assert "password2" in form.errors
    assert 'value="budi.example.com"' in response.text
    assert 'value="PT Maju Bersama"' in response.text
    assert not User.objects.exists()
    assert not SME.objects.exists()


def test_register_requires_legal_name_and_form(client):
    response = client.post(reverse("smes:register"), {**REGISTRATION, "legal_name": "", "legal_form": ""})
    form = response.context["firm_form"]
    assert set(form.errors) == {"legal_name", "legal_form"}
    assert not User.objects.exists()


def test_register_sends_a_user_with_a_firm_to_my_firm(client, sme, owner_user):
    client.force_login(owner_user)
    response = client.get(reverse("smes:register"))
    assert response.status_code == 302
    assert response.url == reverse("smes:my_firm")


def test_logged_in_user_without_firm_registers_only_the_firm(client):
    user = factories.make_user("tanpa-firma")
    client.force_login(user)
    page = client.get(reverse("smes:register"))
    assert 'name="password1"' not in page.text
    response = client.post(
        reverse("smes:register"), {"legal_name": "CV Baru", "legal_form": "cv", "language": "id"}
    )
    assert response.status_code == 302
    assert SME.objects.get().owner == user


def test_staff_cannot_register_a_firm(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("smes:register")).status_code == 403


def test_journey_register_draft_come_back_submit(client, mailoutbox, django_capture_on_commit_callbacks):
    client.post(reverse("smes:register"), REGISTRATION)
    sme = SME.objects.get()
    # A first, incomplete draft.
    response = client.post(
        reverse("smes:edit"),
        {
            "legal_name": "PT Maju Bersama",
            "legal_form": "pt",
            "products": "Biogas digesters",
            "language": "id",
            "action": "save",
        },
    )
    assert response.status_code == 302
    sme.refresh_from_db()
    assert sme.products == "Biogas digesters"
    assert sme.status == SME.Status.DRAFT
    # Come back later: the draft is there.
    page = client.get(reverse("smes:edit"))
    assert "Biogas digesters" in page.text
    # Complete and submit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("smes:edit"), complete_profile(action="submit"))
    assert response.status_code == 302
    assert response.url == reverse("smes:my_firm")
    sme.refresh_from_db()
    assert sme.status == SME.Status.SUBMITTED
    assert sme.reference == f"UKM-{sme.submitted_at.year}-{sme.pk:04d}"
    assert sme.npwp == "0013121660091000"
    assert sme.contact_phone == "+6281234567890"
    assert sme.capital == Decimal("1500000000")
    assert sme.size_class == "small" and sme.size_criterion == "sales"
    assert sme.consent_publish_at is not None and sme.consent_share_korea_at is not None
    assert [e.to_state for e in sme.events.all()] == ["submitted", "draft"]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sme.reference in mail.subject
    assert sme.reference in mail.body
    assert set(mail.to) == {"budi@example.com"}
    my_firm = client.get(reverse("smes:my_firm"))
    assert sme.reference in my_firm.text


def test_confirmation_email_is_rendered_in_the_firms_language(
    client, mailoutbox, owner_user, monkeypatch, django_capture_on_commit_callbacks
):
    from django.template.loader import render_to_string
    from django.utils import translation

    from partnership.lib import notify

    rendered_in = []
    real_override = notify.translation.override

    def spy(language, *args, **kwargs):
        rendered_in.append(language)
        return real_override(language, *args, **kwargs)

    monkeypatch.setattr(notify.translation, "override", spy)
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT, language="ko")
    client.force_login(owner_user)
    client.cookies["django_language"] = "id"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("smes:submit"))
    sme.refresh_from_db()
    assert rendered_in == ["ko"]
    assert len(mailoutbox) == 1
    with translation.override("ko"):
        expected = render_to_string("emails/sme_submitted_subject.txt", {"sme": sme}).strip()
    assert mailoutbox[0].subject == expected
    assert sme.reference in mailoutbox[0].subject


def test_save_and_submit_with_missing_fields_saves_the_draft_and_submits_nothing(client, mailoutbox):
    client.post(reverse("smes:register"), REGISTRATION)
    data = complete_profile(action="submit", npwp="", contact_phone="")
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 200
    sme = SME.objects.get()
    assert sme.status == SME.Status.DRAFT
    assert sme.reference is None
    assert sme.products == "Fibreglass biogas digesters"  # the draft was kept
    assert "Please complete these fields before submitting" in response.text
    form = response.context["form"]
    assert "npwp" in form.errors and "contact_phone" in form.errors
    assert mailoutbox == []


def test_large_firm_can_be_saved_as_draft_but_not_submitted(client, mailoutbox):
    client.post(reverse("smes:register"), REGISTRATION)
    data = complete_profile(action="submit", annual_sales="50.000.000.001")
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 200
    sme = SME.objects.get()
    assert sme.size_class == "large"
    assert sme.status == SME.Status.DRAFT
    assert "above the limits for a medium enterprise" in response.text
    assert "annual_sales" in response.context["form"].errors
    assert mailoutbox == []
    # The submit button on "my firm" cannot get round it either.
    client.post(reverse("smes:submit"))
    assert SME.objects.get().status == SME.Status.DRAFT


def test_submit_button_on_my_firm_submits_a_complete_draft(
    client, owner_user, mailoutbox, django_capture_on_commit_callbacks
):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("smes:submit"))
    assert response.status_code == 302
    sme.refresh_from_db()
    assert sme.status == SME.Status.SUBMITTED
    assert len(mailoutbox) == 1


def test_submit_is_post_only(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT)
    client.force_login(owner_user)
    assert client.get(reverse("smes:submit")).status_code == 405


@pytest.fixture
def draft_owner(client):
    client.post(reverse("smes:register"), REGISTRATION)
    return SME.objects.get()


def assert_refused(client, sme, data, field, message):
    """The message is next to the field, the typed data is still there, nothing was written."""
    before = SME.objects.values().get(pk=sme.pk)
    events = TimelineEvent.objects.count()
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message in response.text
    # The field's error is rendered next to the field (crispy's invalid-feedback).
    assert f'id="error_1_id_{field}"' in response.text
    # Everything typed is still in the form.
    assert 'value="Jl. Raya Ciomas No. 5"' in response.text or "Jl. Raya Ciomas No. 5" in response.text
    assert 'value="Budi Santoso"' in response.text
    assert SME.objects.values().get(pk=sme.pk) == before
    assert TimelineEvent.objects.count() == events
    return response


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npwp", "01.312.166.0-091.00X", "This is not a valid NPWP"),
        ("npwp", "12.345.678.9-012.345", "This is not a valid NPWP"),
        ("nib", "123456789012", "exactly 13 digits (you entered 12)"),
        ("contact_email", "budi.example.com", "Enter a valid email address"),
        ("capital", "-1.000.000", "cannot be negative"),
        ("annual_sales", "-5", "cannot be negative"),
        ("capital", "satu miliar", "Enter an amount in rupiah"),
        ("owner_nik", "1234567890123456", "not a valid NIK"),
        ("contact_phone", "12345", "valid phone number"),
        ("kbli_codes", "2511, 28291", "five digits"),
        ("year_founded", "1850", "between 1900 and"),
        ("postal_code", "166", "five digits"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, draft_owner, field, value, message):
    response = assert_refused(client, draft_owner, complete_profile(**{field: value}), field, message)
    assert value in response.text


def test_regency_outside_the_province_is_refused(client, draft_owner):
    # Kota Tangerang (36xx, Banten) with Jawa Barat chosen.
    response = assert_refused(
        client,
        draft_owner,
        complete_profile(province="32", regency="3671"),
        "regency",
        "is not in the province",
    )
    assert '<option value="3671" selected>' in response.text


def test_duplicate_nib_in_profile_gets_the_friendly_message(client, draft_owner, settings):
    factories.make_sme(nib="1234567890123")
    assert_refused(
        client, draft_owner, complete_profile(), "nib", "This NIB is already registered in Mitra UKM"
    )


def test_duplicate_npwp_in_profile_gets_the_friendly_message(client, draft_owner):
    factories.make_sme(npwp="0013121660091000", nib="9999999999999")
    response = assert_refused(
        client, draft_owner, complete_profile(), "npwp", "This NPWP is already registered in Mitra UKM"
    )
    assert "kemitraan@" in response.text or "@" in response.context["form"].errors["npwp"][0]


def test_unique_constraint_race_is_caught_and_explained(client, draft_owner, monkeypatch):
    """Another firm takes the NIB between validation and the write: a form message, not a 500."""
    from smes import forms

    other = factories.make_sme(nib="5555555555555")
    # Both checks before the write miss the other firm, as they would under a race.
    monkeypatch.setattr(forms, "check_not_registered", lambda *args, **kwargs: None)
    monkeypatch.setattr(forms.SMEProfileForm, "validate_unique", lambda self: None)
    before = SME.objects.values().get(pk=draft_owner.pk)
    response = client.post(reverse("smes:edit"), complete_profile(nib="5555555555555"))
    assert response.status_code == 200
    assert "This NIB is already registered" in response.context["form"].errors["nib"][0]
    assert 'value="5555555555555"' in response.text
    assert SME.objects.values().get(pk=draft_owner.pk) == before
    assert other.nib == "5555555555555"


def test_consent_withdrawn_clears_its_timestamp(client, draft_owner):
    client.post(reverse("smes:edit"), complete_profile())
    sme = SME.objects.get()
    given_at = sme.consent_publish_at
    assert given_at is not None
    client.post(reverse("smes:edit"), complete_profile())
    assert SME.objects.get().consent_publish_at == given_at  # kept while the consent stands
    data = complete_profile()
    del data["consent_publish"]
    client.post(reverse("smes:edit"), data)
    sme = SME.objects.get()
    assert sme.consent_publish is False and sme.consent_publish_at is None
    assert sme.consent_share_korea_at is not None
    # Each change is in the consent history, with the owner and the form as its source.
    history = list(sme.consent_changes.order_by("at", "id").values_list("consent", "given", "source"))
    assert history == [
        ("consent_publish", True, "registration"),
        ("consent_share_korea", True, "registration"),
        ("consent_publish", False, "registration"),
    ]


def test_profile_form_accepts_plain_and_dotted_amounts():
    form = SMEProfileForm(data=complete_profile(capital="1500000000", annual_sales="Rp 8.000.000.000"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capital"] == Decimal("1500000000")
    assert form.cleaned_data["annual_sales"] == Decimal("8000000000")


def test_profile_form_shows_stored_amounts_with_dots(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT, capital=Decimal("1500000000"))
    client.force_login(owner_user)
    assert 'value="1.500.000.000"' in client.get(reverse("smes:edit")).text


def test_key_field_change_sends_a_verified_firm_back(
    client, owner_user, mailoutbox, django_capture_on_commit_callbacks
):
    sme = factories.make_valid_sme(owner=owner_user)
    client.force_login(owner_user)
    page = client.get(reverse("smes:edit"))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["cooperation_interests"] = [str(pk) for pk in data.get("cooperation_interests", [])]
    data["legal_name"] = "PT Nama Baru"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    sme.refresh_from_db()
    assert sme.status == SME.Status.SUBMITTED
    event = sme.events.get()
    assert (event.from_state, event.to_state) == ("verified", "submitted")
    assert "legal name" in event.note
    assert "verifies your firm again" in client.get(reverse("smes:my_firm")).text
    assert len(mailoutbox) == 1


def test_other_changes_keep_a_verified_firm_verified(client, owner_user):
    sme = factories.make_valid_sme(owner=owner_user)
    client.force_login(owner_user)
    form = client.get(reverse("smes:edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["products"] = "Something new"
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 302
    sme.refresh_from_db()
    assert sme.status == SME.Status.VERIFIED
    assert sme.products == "Something new"
    assert not sme.events.exists()


def test_needs_info_edit_and_resubmit(
    client, owner_user, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    from smes import services

    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.SUBMITTED)
    services.request_info(sme, by=staff_user, note="Please upload the NIB certificate.")
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm"))
    assert "Please upload the NIB certificate." in page.text
    assert "ministry-note" in page.text
    form = client.get(reverse("smes:edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["products"] = "Updated"
    data["action"] = "submit"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 302
    sme.refresh_from_db()
    assert sme.status == SME.Status.SUBMITTED
    assert sme.events.first().from_state == "needs_info"
    assert len(mailoutbox) == 1
    # The firm chose Indonesian: the mail speaks it.
    assert mailoutbox[0].subject == f"Pendaftaran dikirim kembali untuk verifikasi: {sme.reference}"


def test_rejected_firm_cannot_be_edited(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.REJECTED)
    client.force_login(owner_user)
    response = client.get(reverse("smes:edit"))
    assert response.status_code == 302
    assert response.url == reverse("smes:my_firm")
    response = client.post(reverse("smes:edit"), {"legal_name": "X", "legal_form": "pt", "language": "id"})
    assert SME.objects.get().legal_name != "X"


def test_errors_are_in_indonesian_by_default(client):
    del client.cookies["django_language"]
    response = client.post(reverse("smes:register"), {**REGISTRATION, "email": "budi.example.com"})
    assert response.headers["Content-Language"] == "id"
    # Django's message, in our catalogue's wording: proves the form is rendered in Indonesian.
    assert "Masukkan alamat e-mail yang valid." in response.text
    assert 'value="budi.example.com"' in response.text


def test_errors_follow_the_active_language_korean(client):
    client.cookies["django_language"] = "ko"
    response = client.post(reverse("smes:register"), {**REGISTRATION, "email": "budi.example.com"})
    assert response.headers["Content-Language"] == "ko"
    assert "올바른 이메일 주소를 입력하십시오." in response.text


def current_form_data(client) -> dict:
    """What the profile form holds now, as a browser would post it."""
    form = client.get(reverse("smes:edit")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["cooperation_interests"] = [str(pk) for pk in data.get("cooperation_interests", [])]
    return data


def test_verified_firm_cannot_empty_a_field_needed_for_submission(client, owner_user):
    sme = factories.make_valid_sme(owner=owner_user)
    client.force_login(owner_user)
    data = current_form_data(client)
    data["contact_phone"] = ""
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 200
    assert "contact_phone" in response.context["form"].errors
    sme.refresh_from_db()
    assert sme.contact_phone == "+6281234567890"


def test_verified_firm_that_turns_large_with_a_key_change_is_not_sent_back_half_saved(client, owner_user):
    sme = factories.make_valid_sme(owner=owner_user)
    client.force_login(owner_user)
    data = current_form_data(client)
    data.update(legal_name="PT Besar Sekali", annual_sales="60.000.000.000")
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 200
    assert "Your changes were not saved" in response.text
    assert "above the limits for a medium enterprise" in response.text
    sme.refresh_from_db()
    assert sme.status == "verified"
    assert sme.legal_name != "PT Besar Sekali"
    assert sme.annual_sales != 60_000_000_000
    assert not sme.events.exists()


def test_changing_the_preferred_language_switches_the_portal(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT, language="id")
    client.force_login(owner_user)
    data = current_form_data(client)
    data["language"] = "ko"
    response = client.post(reverse("smes:edit"), data)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ko"
    assert SME.objects.get().language == "ko"


def test_registration_race_on_npwp_is_explained_and_writes_nothing(client, monkeypatch):
    from smes import forms

    factories.make_sme(npwp="0013121660091000")
    monkeypatch.setattr(forms, "check_not_registered", lambda *args, **kwargs: None)
    monkeypatch.setattr(forms.FirmStartForm, "validate_unique", lambda self: None)
    users, smes = User.objects.count(), SME.objects.count()
    response = client.post(reverse("smes:register"), {**REGISTRATION, "npwp": "01.312.166.0-091.000"})
    assert response.status_code == 200
    assert "This NPWP is already registered" in response.context["firm_form"].errors["npwp"][0]
    assert 'value="01.312.166.0-091.000"' in response.text
    assert (User.objects.count(), SME.objects.count()) == (users, smes)


def test_submitted_firm_cannot_be_submitted_again(client, owner_user, mailoutbox):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.SUBMITTED)
    client.force_login(owner_user)
    response = client.post(reverse("smes:submit"))
    assert response.status_code == 302
    sme.refresh_from_db()
    assert sme.status == SME.Status.SUBMITTED
    assert not sme.events.exists()
    assert mailoutbox == []


# --- one error summary; fields needed to submit marked from the start -----------------------------


def test_a_registration_with_errors_in_both_forms_shows_one_summary_linked_to_the_fields(client):
    data = {**REGISTRATION, "username": "", "legal_name": ""}

    response = client.post(reverse("smes:register"), data)

    html = response.content.decode()
    assert html.count('class="alert alert-danger error-summary"') == 1
    assert html.count('id="form-errors-main"') == 1
    assert '<a href="#id_username" class="alert-link">Username</a>' in html
    assert '<a href="#id_legal_name" class="alert-link">Legal name</a>' in html
    assert 'id="id_username"' in html and 'id="id_legal_name"' in html


def test_the_fields_needed_to_submit_are_marked_from_the_first_display(client):
    html = client.get(reverse("smes:register")).content.decode()

    npwp = html.split('for="id_npwp"')[1].split("</label>")[0]
    assert "needed to submit" in npwp
    assert "needed to submit" not in html.split('for="id_nib"')[1].split("</label>")[0]


def test_the_profile_marks_every_field_needed_to_submit_before_any_attempt(client):
    from smes.services import REQUIRED_FOR_SUBMISSION

    owner = factories.make_user()
    factories.make_sme(owner=owner, status=SME.Status.DRAFT)
    client.force_login(owner)

    response = client.get(reverse("smes:edit"))

    form = response.context["form"]
    for name in (*REQUIRED_FOR_SUBMISSION, "consent_data_processing"):
        assert form.fields[name].required or "needed to submit" in str(form.fields[name].label), name
    assert "needed to submit" not in str(form.fields["trade_name"].label)
    assert response.content.decode().count("needed-to-submit") >= len(REQUIRED_FOR_SUBMISSION) - 2
