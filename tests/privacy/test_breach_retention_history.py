"""Breach report (Art. 46), retention (Art. 43-44), change history."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnership.privacy.log import write_line
from partnership.privacy.models import AccessLog
from smes.models import SME, SMEDocument

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return factories.make_user("root", is_superuser=True, is_staff=True)


def _rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_the_breach_report_lists_the_people_categories_and_addresses(client, root, sme):
    other = factories.make_sme(legal_name="PT Tidak Terkena")
    client.force_login(root)
    response = client.get(reverse("privacy:breach_report"), {"references": sme.reference, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert len(rows) == 3  # header, the owner's account, the contact person
    body = "\n".join(",".join(row) for row in rows)
    assert sme.contact_email in body and sme.contact_phone in body
    assert "NPWP" in body
    assert other.legal_name not in body


def test_the_breach_report_for_a_window_and_a_compromised_account(client, root, sme, staff_user):
    seen = factories.make_sme(legal_name="PT Dilihat")
    write_line(staff_user, "dossier", [seen.pk], "", "/x")
    client.force_login(root)
    today = timezone.localdate().isoformat()
    response = client.get(
        reverse("privacy:breach_report"),
        {"after": today, "before": today, "username": "staff", "format": "csv"},
    )
    body = response.getvalue().decode()
    assert "PT Dilihat" in body and sme.legal_name not in body


def test_the_breach_report_form_says_what_is_missing(client, root):
    client.force_login(root)
    response = client.get(reverse("privacy:breach_report"), {"format": "csv"})
    assert response.status_code == 400
    assert (
        "window" in response.content.decode()
        or "jendela" in response.content.decode()
        or response.context["form"].errors
    )
    assert (
        client.get(reverse("privacy:breach_report"), {"references": "X", "format": "pdf"}).status_code == 400
    )


def test_retention_purges_old_rejected_and_draft_registrations_only(settings, capsys):
    settings.PRIVACY_RETENTION_MONTHS = 24
    long_ago = timezone.now() - timedelta(days=800)
    with time_machine.travel(long_ago):
        rejected = factories.make_sme(status="rejected", owner=factories.make_user("r"))
        draft = factories.make_sme(status="draft")
        verified = factories.make_sme(status="verified")
        doc = SMEDocument(
            sme=draft, kind="nib", original_name="n.pdf", content_type="application/pdf", size=15
        )
        doc.file.save("n.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        doc.save()
    recent_draft = factories.make_sme(status="draft")
    call_command("purge_personal_data", "--dry-run")
    assert "would erase" in capsys.readouterr().out
    assert SME.objects.filter(personal_data_erased_at__isnull=False).count() == 0
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "2 firm(s) erased" in out
    erased = set(SME.objects.filter(personal_data_erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {rejected.pk, draft.pk}
    assert verified.pk not in erased and recent_draft.pk not in erased
    assert not SMEDocument.objects.get(pk=doc.pk).file
    assert User.objects.get(pk=rejected.owner_id).is_active is False
    # Run again: nothing left to do.
    call_command("purge_personal_data")
    assert "0 firm(s) erased" in capsys.readouterr().out


def test_a_change_is_kept_with_who_and_the_admin_shows_the_difference(client, staff_user, sme, owner_user):
    client.force_login(owner_user)
    client.post(
        reverse("privacy:correction"),
        {"contact_name": "Sari", "contact_email": "sari@example.com", "contact_phone": "081234567891"},
    )
    latest = sme.history.first()
    assert latest.history_user == owner_user
    delta = latest.diff_against(latest.prev_record)
    assert {change.field for change in delta.changes} >= {"contact_name", "contact_email", "contact_phone"}
    root = factories.make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(reverse("admin:smes_sme_history", args=[sme.pk]))
    assert page.status_code == 200
    assert "Sari" in page.content.decode()
    user_history = client.get(reverse("admin:auth_user_history", args=[owner_user.pk]))
    assert user_history.status_code == 200
    assert not AccessLog.objects.filter(what="identifiers").exists()
