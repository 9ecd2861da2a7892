"""``/healthz``: is the database up, how old is the oldest queued mail, when did a worker last beat.

No login; it says nothing else (no versions, host names or counts). Two small queries.
"""

from django.db import DatabaseError
from django.db.models import Max, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import OutboxMail, WorkerHeartbeat


@never_cache
@require_safe
def healthz(request):
    try:
        oldest = OutboxMail.objects.filter(status=OutboxMail.Status.QUEUED).aggregate(
            oldest=Min("created_at")
        )["oldest"]
        beat = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    except DatabaseError:
        body = {"database": "error", "oldest_queued_mail_age_seconds": None, "last_worker_heartbeat": None}
        return JsonResponse(body, status=503)
    now = timezone.now()
    return JsonResponse(
        {
            "database": "ok",
            "oldest_queued_mail_age_seconds": None
            if oldest is None
            else max(0, int((now - oldest).total_seconds())),
            "last_worker_heartbeat": None if beat is None else beat.isoformat(),
        }
    )
