"""Staff see the reminders sent in the admin, and cannot change them."""

import pytest
from django.urls import reverse

from partnership.notifications.models import ReminderSent

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:mitra_notifications_remindersent_changelist")


def test_staff_see_the_reminders_sent_read_only(client, staff_user):
    sent = ReminderSent.objects.create(kind="needs_info", object_key="sme:7", situation="event:12")
    client.force_login(staff_user)
    response = client.get(CHANGELIST, {"q": "sme:7"})
    assert response.status_code == 200
    assert "event:12" in response.content.decode()
    assert client.get(reverse("admin:mitra_notifications_remindersent_add")).status_code == 403
    change = client.post(
        reverse("admin:mitra_notifications_remindersent_change", args=[sent.pk]), {"kind": "x"}
    )
    assert change.status_code == 403
    sent.refresh_from_db()
    assert sent.kind == "needs_info"


def test_owners_do_not_see_them(client, owner_user):
    client.force_login(owner_user)
    assert client.get(CHANGELIST).status_code == 302
