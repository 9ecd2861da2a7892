"""manage.py send_reminders: each reminder after its threshold, once per situation."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnership.cooperation import proposals
from partnership.models import CooperationProposal
from partnership.notifications.models import Notification, ReminderSent
from partnership.outbox.models import OutboxMail
from smes import services
from smes.models import SME
from surveys.models import ShortlistEntry, SurveyVisit
from tests import factories

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=JAKARTA)
P = CooperationProposal.Status


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command at a moment; return the mails it sent."""

    def run_at(moment: datetime) -> list:
        before = len(mailoutbox)
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=StringIO())
        return mailoutbox[before:]

    return run_at


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


# --- a firm asked for information --------------------------------------------------------------


@pytest.fixture
def asked(owner_user, staff_user):
    sme = factories.make_sme(owner=owner_user, status=SME.Status.SUBMITTED, reference="UKM-2026-0100")
    sme.language = "ko"
    sme.save(update_fields=["language"])
    with at(MONDAY):
        services.request_info(sme, by=staff_user, note="Please attach the NIB.")
    Notification.objects.all().delete()
    return sme


def test_an_unanswered_request_is_reminded_after_seven_days_once(asked, owner_user, run):
    assert run(MONDAY + timedelta(days=6, hours=23)) == []
    sent = run(MONDAY + timedelta(days=7, minutes=1))
    assert len(sent) == 1
    assert set(sent[0].to) == {asked.contact_email, owner_user.email}
    # In the firm's language (Korean here), with the ministry's note.
    with translation.override("ko"):
        assert gettext("Reminder: more information is still needed for your registration %(ref)s") in (
            sent[0].subject.replace("UKM-2026-0100", "%(ref)s")
        )
    assert "Please attach the NIB." in sent[0].body
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (owner_user, "reminder_needs_info")
    assert run(MONDAY + timedelta(days=7, minutes=2)) == []
    assert run(MONDAY + timedelta(days=20)) == []
    assert ReminderSent.objects.count() == 1


def test_a_firm_that_answered_gets_no_reminder_and_a_new_request_a_new_one(
    asked, owner_user, staff_user, settings, run
):
    settings.MITRA_REMINDERS = {"verification_queue_days": 100}  # no staff digest in this story
    with at(MONDAY + timedelta(days=2)):
        services.submit(asked, by=owner_user)
    assert run(MONDAY + timedelta(days=8)) == []
    with at(MONDAY + timedelta(days=9)):
        services.request_info(asked, by=staff_user, note="And the NPWP card.")
    assert run(MONDAY + timedelta(days=15)) == []
    sent = run(MONDAY + timedelta(days=16, minutes=1))
    assert len(sent) == 1
    assert "And the NPWP card." in sent[0].body


def test_the_threshold_comes_from_the_settings(asked, settings, run):
    settings.MITRA_REMINDERS = {"needs_info_days": 2}
    assert len(run(MONDAY + timedelta(days=2, minutes=1))) == 1


# --- a survey visit tomorrow -------------------------------------------------------------------


@pytest.fixture
def visit(sme, korean_user):
    entry = factories.make_roster_entry(sme, status="shortlisted")
    stage = factories.make_stage(entry.programme, regencies=["3201"])
    shortlisted = ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    return SurveyVisit.objects.create(
        shortlist_entry=shortlisted,
        scheduled_for=MONDAY + timedelta(days=1, hours=1),
        place="Ciomas",
        surveyors="Kim, Park",
    )


def test_a_visit_tomorrow_is_reminded_to_the_firm_and_the_korean_team_once(
    visit, sme, owner_user, korean_user, run
):
    assert run(MONDAY - timedelta(days=1)) == []
    sent = run(MONDAY)
    assert len(sent) == 2
    to_firm, to_team = sent
    assert owner_user.email in to_firm.to
    assert to_team.to == [korean_user.email]
    assert sme.legal_name in to_team.subject
    # The team's mail is in Korean: the translation of the English subject.
    with translation.override("ko"):
        assert (
            gettext("Reminder: survey visit to %(firm)s tomorrow, %(when)s").split("%")[0] in to_team.subject
        )
    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {"owner": "reminder_visit_firm", "korean": "reminder_visit_team"}
    assert run(MONDAY + timedelta(hours=5)) == []


def test_a_rescheduled_visit_is_reminded_again_and_a_cancelled_one_not(visit, run):
    assert len(run(MONDAY)) == 2
    visit.scheduled_for = MONDAY + timedelta(days=3)
    visit.save()
    assert run(MONDAY + timedelta(days=1)) == []
    assert len(run(MONDAY + timedelta(days=2))) == 2
    visit.scheduled_for = MONDAY + timedelta(days=4)
    visit.status = SurveyVisit.Status.CANCELLED
    visit.save()
    assert run(MONDAY + timedelta(days=3)) == []


def test_the_korean_team_is_not_reminded_of_a_firm_not_shared_with_it(visit, sme, run):
    sme.consent_share_korea = False
    sme.save(update_fields=["consent_share_korea"])
    sent = run(MONDAY)
    assert len(sent) == 1
    assert sme.owner.email in sent[0].to


# --- a proposal waiting for the firm's answer -------------------------------------------------


@pytest.fixture
def proposal(sme, korean_user, staff_user):
    entry = factories.make_roster_entry(sme, status="shortlisted")
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=factories.make_partner(),
        title="Biogas digester technology",
        technology="Biogas",
        transfer_mode="licence",
        status=P.SUBMITTED,
        author=korean_user,
        author_side=CooperationProposal.Side.KOREAN_TEAM,
        submitted_at=MONDAY,
    )
    proposal.forms.set(proposal.forms.model.objects.filter(code="technology_transfer"))
    with at(MONDAY):
        proposals.move(proposal, P.UNDER_REVIEW, by=staff_user)
    Notification.objects.all().delete()
    return proposal


def test_a_proposal_unanswered_for_fourteen_days_is_reminded_to_the_firm_once(proposal, sme, owner_user, run):
    assert run(MONDAY + timedelta(days=13, hours=23)) == []
    sent = run(MONDAY + timedelta(days=14, minutes=1))
    assert len(sent) == 1
    assert owner_user.email in sent[0].to
    assert "Biogas digester technology" in sent[0].subject
    notification = Notification.objects.get()
    assert notification.recipient == owner_user
    assert notification.link == f"/cooperation/proposals/{proposal.pk}/"
    assert run(MONDAY + timedelta(days=15)) == []


def test_an_answered_proposal_is_not_reminded(proposal, owner_user, run):
    with at(MONDAY + timedelta(days=3)):
        proposals.move(proposal, P.ACCEPTED, by=owner_user)
    assert run(MONDAY + timedelta(days=20)) == []


# --- the staff digest --------------------------------------------------------------------------


@pytest.fixture
def waiting_firm(owner_user):
    with at(MONDAY):
        return factories.make_sme(
            owner=owner_user,
            status=SME.Status.SUBMITTED,
            reference="UKM-2026-0200",
            submitted_at=timezone.now(),
        )


def test_the_digest_lists_the_queue_once_a_day(waiting_firm, staff_user, run):
    assert run(MONDAY + timedelta(days=2)) == []
    sent = run(MONDAY + timedelta(days=3, minutes=1))
    assert len(sent) == 1
    digest = sent[0]
    assert digest.to == [staff_user.email]
    assert "UKM-2026-0200" in digest.body
    # In the staff's language (Indonesian); no outbox installed, so no failed mails.
    assert "pendaftaran telah menunggu verifikasi lebih dari 3 hari" in digest.body
    assert "tidak dapat dikirim" not in digest.body
    assert Notification.objects.get().kind == "staff_digest"
    assert run(MONDAY + timedelta(days=3, hours=5)) == []
    assert len(run(MONDAY + timedelta(days=4, minutes=1))) == 1


def test_the_digest_lists_the_outbox_failed_mails(staff_user, run):
    OutboxMail.objects.create(
        to="budi@example.com", subject="Pendaftaran diterima", body="…", status=OutboxMail.Status.FAILED
    )
    OutboxMail.objects.create(
        to="sari@example.com", subject="Terkirim", body="…", status=OutboxMail.Status.SENT
    )
    sent = run(MONDAY)
    assert len(sent) == 1
    assert "1 e-mail tidak dapat dikirim" in sent[0].body
    assert "menunggu verifikasi" not in sent[0].body  # an empty queue is not listed
    assert "Pendaftaran diterima → budi@example.com" in sent[0].body
    assert "Terkirim" not in sent[0].body
    assert "/admin/mitra_outbox/outboxmail/?status__exact=failed" in sent[0].body


def test_the_command_reports_what_it_sent(waiting_firm, staff_user, django_capture_on_commit_callbacks):
    out = StringIO()
    with at(MONDAY + timedelta(days=4)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "staff_digest: 1" in out.getvalue()
    out = StringIO()
    with at(MONDAY + timedelta(days=4)):
        call_command("send_reminders", stdout=out)
    assert "No reminder due." in out.getvalue()
