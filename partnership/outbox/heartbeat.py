"""What a worker does beside its tasks: a heartbeat row and the sweep of due mails."""

import logging
import threading
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

from . import delivery
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


# A worker that has not beaten for this long is gone (restarted under another id): its row goes.
FORGET_AFTER = timedelta(days=7)


def beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def sweep_once(worker_id: str) -> dict[str, int]:
    beat(worker_id)
    return delivery.deliver_due()


def start_sweeper(worker_id: str, interval: float) -> threading.Event:
    """Beat and sweep every ``interval`` seconds in a daemon thread; set the event to stop it."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            close_old_connections()
            try:
                counts = sweep_once(worker_id)
                if counts[delivery.SENT] or counts[delivery.RETRY] or counts[delivery.FAILED]:
                    logger.info("Outbox sweep: %s", counts)
            except Exception:
                logger.exception("Outbox sweep failed")
            finally:
                close_old_connections()
            stop.wait(interval)

    threading.Thread(target=loop, name="outbox-sweeper", daemon=True).start()
    return stop
