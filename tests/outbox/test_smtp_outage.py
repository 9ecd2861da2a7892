"""A real SMTP server (aiosmtpd) that is down, then up: the moves never wait for it, and every mail
arrives exactly once, in its recipient's language, once the worker runs."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from partnership.models import CooperationProposal
from partnership.outbox.models import OutboxMail
from smes.models import SME
from tests import factories

from .smtp_sink import free_port, start

P = CooperationProposal.Status


def _work(worker_id="w1"):
    call_command(
        "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", worker_id, verbosity=0
    )


@pytest.mark.django_db(transaction=True)
def test_moves_succeed_while_the_mail_server_is_down_and_every_mail_arrives_once_when_it_is_up(
    client, settings
):
    port = free_port()  # nothing listens there yet: the server is down
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MITRA_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5

    korean_firm_owner = factories.make_user("pemilik-ko")
    submitted = factories.make_valid_sme(owner=korean_firm_owner, status=SME.Status.DRAFT, language="ko")
    to_verify = factories.make_valid_sme(
        owner=factories.make_user("pemilik-en"), status=SME.Status.SUBMITTED, language="en"
    )
    staff, korean = factories.make_staff("staf"), factories.make_korean("korea")
    firm = factories.make_sme(owner=factories.make_user("pemilik-id"), language="id")
    proposal = CooperationProposal.objects.create(
        roster_entry=factories.make_roster_entry(firm, status="shortlisted"),
        partner=factories.make_partner(),
        author=korean,
        author_side="korean_team",
        status=P.UNDER_REVIEW,
        submitted_at=timezone.now(),
        title="Pelatihan cetakan fiberglass",
        training_topic="Moulding",
        trainees=4,
        training_days=10,
        training_place="Ansan",
    )

    # 1. The server is down: a registration submit, a verification and a proposal move succeed.
    client.force_login(korean_firm_owner)
    assert client.post(reverse("smes:submit")).status_code == 302
    client.force_login(staff)
    assert (
        client.post(reverse("smes:staff_decide", args=[to_verify.pk]), {"decision": "verified"}).status_code
        == 302
    )
    client.force_login(firm.owner)
    move = client.post(reverse("cooperation:proposal_move", args=[proposal.pk]), {"target": P.ACCEPTED})
    assert move.status_code == 302
    assert SME.objects.get(pk=submitted.pk).status == SME.Status.SUBMITTED
    assert SME.objects.get(pk=to_verify.pk).status == SME.Status.VERIFIED
    assert CooperationProposal.objects.get(pk=proposal.pk).status == P.ACCEPTED
    mails = {mail.template: mail for mail in OutboxMail.objects.all()}
    assert set(mails) == {"emails/sme_submitted", "emails/sme_verified", "emails/proposal_moved"}
    assert {mail.status for mail in mails.values()} == {"queued"}
    assert (mails["emails/sme_submitted"].language, mails["emails/sme_verified"].language) == ("ko", "en")
    assert mails["emails/proposal_moved"].language == "ko"  # to the Korean team member
    assert mails["emails/proposal_moved"].recipients == [korean.email]

    # 2. The worker runs while the server is still down: each mail fails once and waits for a retry.
    _work()
    for mail in OutboxMail.objects.all():
        assert (mail.status, mail.attempts) == ("queued", 1)
        assert "refused" in mail.last_error.lower()
        assert mail.next_attempt_at > timezone.now()

    # 3. The server is up, the backoff has passed, the worker runs (twice): every mail arrives once.
    controller, sink = start(port)
    try:
        OutboxMail.objects.update(next_attempt_at=timezone.now())
        _work()
        _work("w2")
    finally:
        controller.stop()
    assert {mail.status for mail in OutboxMail.objects.all()} == {"sent"}
    received = Counter(message["Message-ID"] for message in sink.messages)
    assert received == Counter({mail.headers["Message-ID"]: 1 for mail in OutboxMail.objects.all()})
    by_id = {message["Message-ID"]: message for message in sink.messages}
    for mail in OutboxMail.objects.all():
        message = by_id[mail.headers["Message-ID"]]
        assert message["Subject"].strip() == mail.subject
        assert sorted(a.addr_spec for a in message["To"].addresses) == sorted(mail.recipients)
    submitted.refresh_from_db()
    with translation.override("ko"):
        korean_subject = " ".join(
            render_to_string("emails/sme_submitted_subject.txt", {"sme": submitted}).split()
        )
    with translation.override("en"):
        english_subject = " ".join(
            render_to_string("emails/sme_verified_subject.txt", {"sme": to_verify}).split()
        )
    subjects = {message["Subject"].strip() for message in sink.messages}
    assert korean_subject in subjects and english_subject in subjects
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean_subject)  # Hangul: really in Korean
    moved = by_id[mails["emails/proposal_moved"].headers["Message-ID"]]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in moved["Subject"])
