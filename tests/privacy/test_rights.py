"""The firm's rights end to end in the views: access (ZIP), correction, erasure, refusal, requests."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from partnership.dashboard.figures import programme_figures, public_progress
from partnership.privacy import services
from partnership.privacy.models import DataRequest
from smes.models import SME, SMEDocument
from surveys.models import ShortlistEntry

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(sme, owner_user):
    doc = SMEDocument(
        sme=sme,
        kind="profile",
        original_name="profil.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=owner_user,
    )
    doc.file.save("profil.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    doc.save()
    return doc


def _export_link(mail) -> str:
    return next(line for line in mail.body.splitlines() if "/privacy/my-firm/export/" in line).strip()


def test_the_owner_gets_one_zip_with_the_documented_json_and_the_documents(
    client, sme, owner_user, document, mailoutbox, django_capture_on_commit_callbacks
):
    factories.make_roster_entry(sme, programme=factories.make_programme())
    client.force_login(owner_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:export_request")).status_code == 302
    request = DataRequest.objects.get(sme=sme, kind="access")
    assert request.status == "done" and request.handled_at
    assert [m.subject for m in mailoutbox] == ["Salinan data Anda sudah siap"] or len(mailoutbox) == 1
    link = _export_link(mailoutbox[0])
    response = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["profile"][0]["npwp"] == sme.npwp
    assert data["profile"][0]["contact_email"] == sme.contact_email
    assert data["owner_account"][0]["username"] == "owner"
    assert len(data["roster"]) == 1
    assert "contact_email" in data["fields"]["profile"]
    assert data["documents"][0]["file_in_zip"] in archive.namelist()
    assert archive.read(data["documents"][0]["file_in_zip"]) == b"%PDF-1.4\n%%EOF\n"
    # Another user cannot use the link; after the set time it has expired.
    other = factories.make_user("someone")
    factories.make_sme(owner=other)
    client.force_login(other)
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 404
    client.force_login(owner_user)
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert client.get(reverse("privacy:export_download", args=["forged:token"])).status_code == 404


def test_the_contact_person_is_corrected_and_the_request_recorded(client, sme, owner_user):
    client.force_login(owner_user)
    url = reverse("privacy:correction")
    bad = client.post(
        url, {"contact_name": "Sari", "contact_email": "not-an-address", "contact_phone": "0812"}
    )
    assert bad.status_code == 400
    assert 'value="Sari"' in bad.content.decode()
    sme.refresh_from_db()
    assert sme.contact_name == "Budi"
    ok = client.post(
        url,
        {
            "contact_name": "Sari Dewi",
            "contact_position": "Direktur",
            "contact_email": "sari@example.com",
            "contact_phone": "0812 3456 7891",
        },
    )
    assert ok.status_code == 302
    sme.refresh_from_db()
    assert (sme.contact_name, sme.contact_phone) == ("Sari Dewi", "+6281234567891")
    request = DataRequest.objects.get(sme=sme)
    assert (request.kind, request.status, request.made_by) == ("correction", "done", owner_user)
    # The change history keeps the old value.
    assert sme.history.filter(contact_name="Budi").exists()


def _figures(programme):
    with translation.override("en"):
        return programme_figures(programme), public_progress(programme)


def _world():
    """A programme with the erased firm and another one, both shortlisted and scored."""
    owner = factories.make_user("erase-me")
    sme = factories.make_sme(owner=owner, owner_nik="3201011501800001", legal_name="PT Akan Dihapus")
    other = factories.make_sme(legal_name="PT Tetap Ada")
    programme = factories.make_programme()
    stage = factories.make_stage(programme, regencies=["3201"])
    for firm in (sme, other):
        entry = factories.make_roster_entry(firm, programme=programme, status="shortlisted")
        ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    return owner, sme, programme


def test_erasure_keeps_the_dashboard_figures_and_removes_the_personal_data(
    client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    owner, sme, programme = _world()
    doc = SMEDocument(sme=sme, kind="nib", original_name="nib.pdf", content_type="application/pdf", size=15)
    doc.file.save("nib.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    doc.save()
    path = doc.file.path
    before = _figures(programme)

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:erasure"), {"reason": "We stop trading.", "confirm": "on"})
    assert response.status_code == 302
    request = DataRequest.objects.get(sme=sme, kind="erasure")
    assert request.deadline == request.made_at + timedelta(hours=72)
    client.force_login(staff_user)
    listing = client.get(reverse("privacy:staff_requests"))
    assert f'data-request="{request.pk}"' in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:staff_request", args=[request.pk]), {"action": "erase"})

    request.refresh_from_db()
    assert (request.status, request.handled_by) == ("done", staff_user)
    sme.refresh_from_db()
    owner.refresh_from_db()
    assert sme.personal_data_erased_at is not None
    assert (sme.owner_nik, sme.npwp, sme.nib, sme.contact_name, sme.contact_email, sme.contact_phone) == (
        "",
        None,
        None,
        "",
        "",
        "",
    )
    assert "Dihapus" not in sme.legal_name
    assert (owner.email, owner.is_active, owner.has_usable_password()) == ("", False, False)
    assert owner.username == f"erased-{sme.pk}"
    assert not SMEDocument.objects.get(pk=doc.pk).file
    import os

    assert not os.path.exists(path)
    assert not sme.history.exclude(legal_name=sme.legal_name).exists()
    # The programme's figures still add up.
    assert _figures(programme) == before
    # The owner was told at the address the firm had (received, then carried out).
    assert len(mailoutbox) == 2 and all(m.to for m in mailoutbox)


def test_a_refused_erasure_is_seen_by_the_owner_with_its_reason(
    client, sme, owner_user, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    request = services.request_erasure(sme, by=owner_user)
    client.force_login(staff_user)
    empty = client.post(
        reverse("privacy:staff_request", args=[request.pk]), {"action": "refuse", "reason": "  "}
    )
    assert empty.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("privacy:staff_request", args=[request.pk]),
            {"action": "refuse", "reason": "Arsip wajib disimpan 10 tahun."},
        )
    request.refresh_from_db()
    assert (request.status, request.outcome) == ("refused", "Arsip wajib disimpan 10 tahun.")
    assert "Arsip wajib disimpan 10 tahun." in mailoutbox[-1].body
    client.force_login(owner_user)
    assert "Arsip wajib disimpan 10 tahun." in client.get(reverse("privacy:rights")).content.decode()
    sme.refresh_from_db()
    assert sme.contact_email  # nothing erased
    # Handled once only.
    client.force_login(staff_user)
    client.post(reverse("privacy:staff_request", args=[request.pk]), {"action": "erase"})
    assert SME.objects.get(pk=sme.pk).personal_data_erased_at is None


def test_a_second_erasure_request_while_one_is_open_is_refused_with_a_message(client, sme, owner_user):
    client.force_login(owner_user)
    client.post(reverse("privacy:erasure"), {"confirm": "on"})
    again = client.post(reverse("privacy:erasure"), {"confirm": "on", "reason": "lagi"})
    assert again.status_code == 400
    assert DataRequest.objects.filter(kind="erasure").count() == 1


def test_the_staff_list_has_a_fixed_number_of_queries(client, staff_user, django_assert_max_num_queries):
    for n in range(5):
        firm = factories.make_sme(owner=factories.make_user(f"o{n}"))
        services.request_erasure(firm, by=firm.owner)
    client.force_login(staff_user)
    client.get(reverse("privacy:staff_requests"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("privacy:staff_requests")).status_code == 200
