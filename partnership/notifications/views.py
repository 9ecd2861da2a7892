"""The signed-in user's notifications: the list, mark one or all as read."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from partnership.lib.access import login_required

from .models import Notification
from .permissions import get_own_notification

PAGE_SIZE = 20


@require_safe
@login_required
def notification_list(request):
    mine = Notification.objects.of(request.user)
    page = Paginator(mine.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk):
    """Mark one notification read; with ``open``, go on to its object."""
    notification = get_own_notification(request.user, pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if "open" in request.POST and _is_site_path(notification.link, request):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    Notification.objects.of(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications:list")


def _is_site_path(link: str, request) -> bool:
    return bool(link) and link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
