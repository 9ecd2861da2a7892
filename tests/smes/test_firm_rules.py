"""The registry's rules that every page, mail, admin action, import and the demo share.

Each is defined once (``smes.services`` or the ``SME`` model); these tests pin that definition.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils import timezone

from smes import consents, services
from smes.models import SME
from tests import factories

pytestmark = pytest.mark.django_db

S = SME.Status
LONG_AGO = dt.datetime(2015, 3, 2, 9, 0, tzinfo=dt.UTC)


def new_draft(**fields) -> SME:
    """An unsaved draft with what registration asks for."""
    return SME(legal_name="PT Baru", legal_form=SME.LegalForm.PT, **fields)


# --- starting a registration ------------------------------------------------------------------


def test_stamp_consents_gives_the_moment_keeps_it_and_clears_it():
    sme = new_draft(consent_publish=True, consent_share_korea=False)
    assert consents.stamp_consents(sme, now=LONG_AGO) == ["consent_publish_at"]
    assert (sme.consent_publish_at, sme.consent_share_korea_at) == (LONG_AGO, None)

    # A consent that stands keeps its moment.
    before = consents.consents_of(sme)
    assert consents.stamp_consents(sme, before=before) == []
    assert sme.consent_publish_at == LONG_AGO

    # Withdrawn: no moment; given: now.
    sme.consent_publish, sme.consent_share_korea = False, True
    later = LONG_AGO + dt.timedelta(days=3)
    assert sorted(consents.stamp_consents(sme, before=before, now=later)) == [
        "consent_publish_at",
        "consent_share_korea_at",
    ]
    assert (sme.consent_publish_at, sme.consent_share_korea_at) == (None, later)


def test_stamp_consents_restamps_a_consent_given_again_even_with_a_stale_moment():
    sme = new_draft(consent_publish=True, consent_publish_at=LONG_AGO)
    now = timezone.now()
    consents.stamp_consents(sme, before={"consent_publish": False}, now=now)
    assert sme.consent_publish_at == now
    # Without ``before`` a moment already set (a file, the demo) is kept.
    sme.consent_publish_at = LONG_AGO
    assert consents.stamp_consents(sme) == []
    assert sme.consent_publish_at == LONG_AGO


@pytest.mark.parametrize(
    ("source", "note"),
    [
        (services.PORTAL, "Registration started."),
        (services.ADMIN, "Entered in the administration."),
        (services.IMPORT, "Imported from a spreadsheet."),
    ],
)
def test_start_registration_saves_the_draft_stamps_consents_and_opens_the_timeline(source, note):
    owner = factories.make_user("pemilik")
    sme = new_draft(owner=owner, consent_share_korea=True)

    started = services.start_registration(sme, by=owner, source=source)

    stored = SME.objects.get(pk=started.pk)
    assert stored.status == S.DRAFT and stored.reference is None
    assert stored.consent_share_korea_at is not None and stored.consent_publish_at is None
    event = stored.events.get()
    assert (event.workflow, event.from_state, event.to_state) == ("registration", "", "draft")
    assert (event.actor, event.note) == (owner, note)


def test_start_registration_of_a_saved_row_stamps_it_without_a_second_insert(staff_user):
    sme = new_draft(consent_publish=True)
    sme.save()
    services.start_registration(sme, by=staff_user, source=services.IMPORT)
    assert SME.objects.count() == 1
    assert SME.objects.get().consent_publish_at is not None


def test_start_registration_with_submit_makes_the_submission_the_first_event(staff_user):
    complete = factories.make_valid_sme(status=S.DRAFT, consent_publish=False, consent_publish_at=None)
    values = {
        f.attname: getattr(complete, f.attname)
        for f in SME._meta.concrete_fields
        if f.attname not in {"id", "nib", "npwp", "reference", "consent_publish_at", "consent_share_korea_at"}
    }
    sme = SME(**values, npwp=factories.valid_npwp(4242))

    moved = services.start_registration(sme, by=staff_user, source=services.IMPORT, submit=True)

    assert moved.status == S.SUBMITTED and moved.reference.startswith("UKM-")
    assert moved.consent_share_korea_at is not None
    event = moved.events.get()
    assert (event.from_state, event.to_state, event.note) == (
        "draft",
        "submitted",
        "Imported from a spreadsheet.",
    )


def test_start_registration_refuses_a_firm_that_is_not_a_draft_and_writes_nothing(staff_user):
    with pytest.raises(ValueError, match="draft"):
        services.start_registration(new_draft(status=S.VERIFIED), by=staff_user, source=services.ADMIN)
    assert not SME.objects.exists()


def test_start_registration_with_submit_refuses_an_incomplete_firm_and_writes_nothing(staff_user):
    with pytest.raises(Exception, match="complete these fields"):
        services.start_registration(new_draft(), by=staff_user, source=services.IMPORT, submit=True)
    assert not SME.objects.exists()


# --- what stops a submission ------------------------------------------------------------------


def test_a_complete_firm_has_no_submission_blockers():
    sme = factories.make_valid_sme(status=S.DRAFT)
    assert services.submission_blockers(sme) == []
    assert services.submission_problems(sme) == []
    assert services.submission_field_errors(sme) == {}


def test_submission_blockers_give_the_page_list_and_the_field_errors_from_one_list():
    sme = new_draft(contact_phone="", consent_data_processing=False)
    sme.size_class, sme.size_criterion = "large", "sales"

    blockers = services.submission_blockers(sme)

    assert [b.fields[:2] for b in blockers] == [
        ("npwp", "year_founded"),
        ("consent_data_processing",),
        ("annual_sales",),
    ]
    assert "contact_phone" in blockers[0].fields and "legal_name" not in blockers[0].fields
    assert services.submission_problems(sme) == [b.message for b in blockers]
    assert blockers[0].message.startswith(
        "Please complete these fields before submitting: NPWP, year founded"
    )
    errors = services.submission_field_errors(sme)
    assert set(errors) == {*blockers[0].fields, "consent_data_processing", "annual_sales"}
    assert errors["npwp"] == errors["consent_data_processing"] == "Needed before you can submit."
    assert errors["annual_sales"].startswith("Above the limit for a medium enterprise")


def test_a_large_firm_sized_by_capital_is_marked_on_the_capital_field():
    sme = factories.make_valid_sme(status=S.DRAFT, capital=Decimal("60000000000"), full_year_sales=False)
    assert sme.size_class == "large"
    assert list(services.submission_field_errors(sme)) == ["capital"]


def test_the_form_keeps_filled_on_a_firm_with_the_ministry_what_submission_needs(owner_user):
    from smes.forms import SMEProfileForm

    sme = factories.make_valid_sme(owner=owner_user)
    form = SMEProfileForm(instance=sme)
    assert {name for name, field in form.fields.items() if field.required} >= set(services.SUBMISSION_FIELDS)


# --- the status colours -----------------------------------------------------------------------


def test_every_status_has_one_colour_and_an_unknown_one_is_neutral():
    assert set(SME.STATUS_COLOURS) == set(S.values)
    assert SME(status=S.VERIFIED).status_colour == "success"
    assert SME(status=S.SUBMITTED).status_colour == "primary"
    assert SME(status="archived").status_colour == "secondary"


@pytest.mark.parametrize("status", S.values)
def test_the_status_badge_shows_the_status_in_words_on_its_colour(status):
    html = render_to_string("smes/includes/status_badge.html", {"sme": SME(status=status)})
    assert f"text-bg-{SME.STATUS_COLOURS[status]}" in html
    assert str(S(status).label).capitalize()[:4] in html


# --- the e-mail recipients of a firm ----------------------------------------------------------


def test_mail_recipients_are_the_contact_and_the_owner_without_repeats_or_blanks():
    owner = factories.make_user("pemilik", email="pemilik@example.com")
    sme = factories.make_sme(owner=owner, contact_email="kontak@example.com")
    assert sme.mail_recipients() == ["kontak@example.com", "pemilik@example.com"]

    sme.contact_email = "pemilik@example.com"
    assert sme.mail_recipients() == ["pemilik@example.com"]

    sme.contact_email = ""
    User.objects.filter(pk=owner.pk).update(email="")
    sme.owner.refresh_from_db()
    assert sme.mail_recipients() == []


def test_a_firm_without_an_owner_mails_its_contact_only():
    sme = factories.make_sme(contact_email="kontak@example.com")
    assert sme.mail_recipients() == ["kontak@example.com"]


def test_notify_sme_sends_to_the_mail_recipients(mailoutbox, django_capture_on_commit_callbacks):
    owner = factories.make_user("pemilik", email="pemilik@example.com")
    sme = factories.make_sme(owner=owner, status=S.SUBMITTED, contact_email="kontak@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_sme(sme, "sme_verified", note="")
    assert [sorted(mail.to) for mail in mailoutbox] == [sme.mail_recipients()]


# --- the registration's state sets ------------------------------------------------------------


def test_the_owner_submits_from_the_states_the_workflow_lets_the_owner_submit_from():
    owner_may_submit = {
        state
        for state, targets in services.REGISTRATION_TRANSITIONS.items()
        if services.OWNER in targets.get(S.SUBMITTED, ())
    }
    # A verified firm goes back to the ministry only through an edit of a key field.
    assert set(SME.SUBMITTABLE) == owner_may_submit - {S.VERIFIED}
    assert set(SME.SUBMITTED_OR_BEYOND) == set(S.values) - {S.DRAFT}
