"""/healthz, the request id, JSON logs and the outbox in the admin."""

import io
import json
import logging
import logging.config
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import DatabaseError
from django.db.models.query import QuerySet
from django.urls import reverse
from django.utils import timezone

from partnership.lib.notify import send_templated_mail
from partnership.lib.requestid import RequestIdFilter, request_id_from
from partnership.outbox.models import OutboxMail, WorkerHeartbeat
from tests import factories

pytestmark = pytest.mark.django_db


def _queue_a_mail(**fields):
    send_templated_mail(
        to=["budi@example.com"], template="emails/sme_submitted", context={"sme": factories.make_sme()}
    )
    row = OutboxMail.objects.latest("pk")
    OutboxMail.objects.filter(pk=row.pk).update(**fields)
    return row


def test_healthz_says_the_database_is_up_with_the_queue_age_and_the_heartbeat(
    client, django_assert_max_num_queries
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _queue_a_mail()  # no commit in this test: it stays queued
        WorkerHeartbeat.objects.create(worker_id="w1", seen_at=start - timedelta(seconds=5))
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        with django_assert_max_num_queries(2):
            response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "database": "ok",
        "oldest_queued_mail_age_seconds": 90,
        "last_worker_heartbeat": (start - timedelta(seconds=5)).isoformat(),
    }


def test_healthz_with_an_empty_queue_and_no_worker(client):
    assert client.get("/healthz").json() == {
        "database": "ok",
        "oldest_queued_mail_age_seconds": None,
        "last_worker_heartbeat": None,
    }


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(QuerySet, "aggregate", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "refused" not in response.text


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert (
        client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc_9"})["X-Request-ID"] == "lb-1234.abc_9"
    )
    hostile = client.get("/healthz", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"})["X-Request-ID"]
    assert hostile != "x\r\nSet-Cookie: a=b" and len(hostile) == 32
    assert request_id_from("a" * 65) != "a" * 65


def test_json_logs_carry_the_request_id_of_the_request(client, settings, monkeypatch):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter = logging.config.DictConfigurator({}).configure_formatter(
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    )
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/sme/directory/999999999/", headers={"X-Request-ID": "req-42"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines and all(line["request_id"] == "req-42" for line in lines)
    assert {"time", "level", "logger", "message"} <= set(lines[0])


def test_the_settings_give_json_logs_on_request(monkeypatch):
    import importlib

    import partnership.settings as production

    monkeypatch.setenv("LOG_FORMAT", "json")
    try:
        config = importlib.reload(production).LOGGING
    finally:
        monkeypatch.delenv("LOG_FORMAT")
        importlib.reload(production)
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["handlers"]["console"]["filters"] == ["request_id"]


def test_staff_see_the_outbox_read_only_and_send_a_failed_mail_again(
    client, staff_user, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    failed = _queue_a_mail(status="failed", attempts=6, last_error="SMTPServerDisconnected")
    sent = _queue_a_mail(status="sent", attempts=1)
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    url = reverse("admin:mitra_outbox_outboxmail_changelist")
    with django_assert_max_num_queries(12):
        listing = client.get(url, {"status__exact": "failed"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [failed]
    assert client.get(url, {"q": "budi@"}).context["cl"].result_count == 2
    detail = client.get(reverse("admin:mitra_outbox_outboxmail_change", args=[failed.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "send_again", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 1)
    assert sent.attempts == 1
    assert len(mail.outbox) == 1
    assert "only a failed mail is sent again" in response.text


def test_the_outbox_is_closed_to_firms_and_the_korean_team(client, owner_user, korean_user):
    url = reverse("admin:mitra_outbox_outboxmail_changelist")
    for user in (owner_user, korean_user):
        client.force_login(user)
        assert client.get(url).status_code in {302, 403}
