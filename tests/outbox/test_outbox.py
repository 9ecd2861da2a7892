"""The outbox: a mail is a row written in the move's transaction, sent once, retried with backoff."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.lib.notify import send_templated_mail
from partnership.outbox import delivery, services
from partnership.outbox.models import MAX_ATTEMPTS, OutboxMail, WorkerHeartbeat
from smes.models import SME
from tests import factories

pytestmark = pytest.mark.django_db

BROKEN = "tests.outbox.test_outbox.BrokenBackend"


class BrokenBackend:
    """A delivery backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def _mail(**context):
    send_templated_mail(
        to=["budi@example.com"],
        template="emails/sme_submitted",
        context={"sme": factories.make_sme(), **context},
        language="ko",
    )


def test_a_submit_writes_its_mail_in_the_same_transaction_and_sends_it_after_the_commit(
    client, owner_user, django_capture_on_commit_callbacks
):
    sme = factories.make_valid_sme(owner=owner_user, status=SME.Status.DRAFT, language="ko")
    client.force_login(owner_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("smes:submit"))
    row = OutboxMail.objects.get()
    assert (row.status, row.language, row.template) == ("queued", "ko", "emails/sme_submitted")
    assert sme.contact_email in row.recipients
    assert mail.outbox == []  # nothing sent from the request
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == row.subject
    assert mail.outbox[0].extra_headers["Message-ID"] == row.headers["Message-ID"]


def test_a_rolled_back_move_leaves_no_mail():
    with pytest.raises(RuntimeError), transaction.atomic():
        _mail()
        raise RuntimeError("the move fails")
    assert not OutboxMail.objects.exists()


def test_a_mail_is_sent_once_however_often_it_is_asked_for(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _mail()
    row = OutboxMail.objects.get()
    assert delivery.deliver(row.pk) == delivery.SENT
    assert delivery.deliver(row.pk) == delivery.SKIPPED
    assert delivery.deliver_due()[delivery.SENT] == 0
    assert len(mail.outbox) == 1


def test_a_failure_is_retried_with_backoff_then_marked_failed(settings, django_capture_on_commit_callbacks):
    settings.MITRA_DELIVERY_BACKEND = BROKEN
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _mail()  # the task runs at the commit, and fails
        row = OutboxMail.objects.get()
        assert (row.status, row.attempts) == ("queued", 1)
        assert "Connection refused" in row.last_error
        assert row.next_attempt_at == start + timedelta(minutes=1)
        assert delivery.deliver_due() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}  # not due yet
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        row.refresh_from_db()
        with time_machine.travel(row.next_attempt_at, tick=False):
            before = row.next_attempt_at
            delivery.deliver_due()
            row.refresh_from_db()
            if row.status == "queued":
                waits.append(row.next_attempt_at - before)
    assert waits == [timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12)]
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert mail.outbox == []

    settings.MITRA_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_again(row)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1
    assert not services.send_again(row)  # only a failed mail is sent again


def test_the_sweep_sends_a_mail_whose_task_was_lost(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _mail()
    assert mail.outbox == []
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxMail.objects.get().status == "sent"
    assert len(mail.outbox) == 1


def test_the_delivery_backend_cannot_be_the_outbox(settings, django_capture_on_commit_callbacks):
    settings.MITRA_DELIVERY_BACKEND = settings.EMAIL_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        _mail()
    row = OutboxMail.objects.get()
    assert row.status == "queued" and "MITRA_DELIVERY_BACKEND" in row.last_error


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_queued_mails_and_beats(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=timezone.now() - timedelta(days=8))
    for _ in range(3):
        with transaction.atomic():
            _mail()
    assert mail.outbox == []
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 3
    # The sweep runs first in --batch mode: make it find nothing, so that the tasks do the work.
    OutboxMail.objects.update(next_attempt_at=timezone.now() + timedelta(hours=1))
    call_command(
        "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "w1", verbosity=0
    )
    assert mail.outbox == []  # the tasks found their mails not due
    OutboxMail.objects.update(next_attempt_at=timezone.now())
    call_command(
        "run_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "w1", verbosity=0
    )
    assert OutboxMail.objects.filter(status="sent").count() == 3
    assert len(mail.outbox) == 3
    assert WorkerHeartbeat.objects.get().worker_id == "w1"


class HeldBackend:
    """A delivery backend that holds the first mail until the test lets it go."""

    entered = None
    release = None
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        HeldBackend.entered.set()
        assert HeldBackend.release.wait(10)
        HeldBackend.sent.extend(messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_mail_twice(settings):
    """While one worker holds a mail at the SMTP server, the other passes over it (SKIP LOCKED)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL (on SQLite the transactions serialise)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MITRA_DELIVERY_BACKEND = "tests.outbox.test_outbox.HeldBackend"
    HeldBackend.entered, HeldBackend.release, HeldBackend.sent = threading.Event(), threading.Event(), []
    with transaction.atomic():
        _mail()
    row = OutboxMail.objects.get()
    outcomes = {}

    def first():
        try:
            outcomes["first"] = delivery.deliver(row.pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=first)
    worker.start()
    assert HeldBackend.entered.wait(10)
    outcomes["second"] = delivery.deliver(row.pk)
    HeldBackend.release.set()
    worker.join(10)
    assert outcomes == {"first": delivery.SENT, "second": delivery.SKIPPED}
    assert len(HeldBackend.sent) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
