"""Documents: checked by content and size, stored under a random name, served with permission."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from smes.models import SMEDocument
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# The start of a Windows executable (MZ header, then the PE signature offset and DOS stub).
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"\x80\x00\x00\x00"
    + (b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 200)
)


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def owner_client(client, sme, owner_user):
    client.force_login(owner_user)
    return client


def upload(client, name: str, content: bytes, content_type="application/pdf", **data):
    payload = {"kind": "nib", "title": data.pop("title", "NIB certificate"), **data}
    payload["file"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("smes:upload_document"), payload)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("nib.pdf", PDF, "application/pdf", "pdf"),
        ("foto.jpg", image_bytes("JPEG"), "image/jpeg", "jpg"),
        ("foto.png", image_bytes("PNG"), "image/png", "png"),
        # The browser's name and type do not matter: the content does.
        ("scan.bin", PDF, "application/octet-stream", "pdf"),
    ],
)
def test_owner_uploads_pdf_jpeg_png(owner_client, sme, settings, name, content, content_type, extension):
    response = upload(owner_client, name, content, content_type=content_type)
    assert response.status_code == 302
    document = SMEDocument.objects.get()
    assert document.sme == sme
    assert (
        document.content_type
        == {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[extension]
    )
    assert document.original_name == name
    assert document.size == len(content)
    # Stored under MEDIA_ROOT with a random name, never the uploaded one.
    assert document.file.name.startswith(f"documents/{sme.pk}/")
    assert document.file.name.endswith(f".{extension}")
    assert name.rsplit(".", 1)[0] not in document.file.name
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == content


def assert_refused(response, settings, message, title="NIB certificate"):
    assert response.status_code == 200
    form = response.context["upload_form"]
    assert any(message in error for error in form.errors["file"]), form.errors
    assert message in response.text
    assert 'id="error_1_id_file"' in response.text  # next to the field
    assert f'value="{title}"' in response.text  # what was typed stays
    assert '<option value="nib" selected>' in response.text
    assert not SMEDocument.objects.exists()
    assert stored_files(settings) == []


def test_executable_renamed_pdf_is_refused(owner_client, settings):
    response = upload(owner_client, "nib.pdf", EXE, content_type="application/pdf")
    assert_refused(response, settings, "not a PDF, JPEG or PNG")


def test_html_renamed_png_is_refused(owner_client, settings):
    response = upload(
        owner_client, "foto.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    assert_refused(response, settings, "not a PDF, JPEG or PNG")


def test_damaged_png_is_refused(owner_client, settings):
    content = image_bytes("PNG")[:40] + b"\x00" * 100
    response = upload(owner_client, "foto.png", content, content_type="image/png")
    assert_refused(response, settings, "damaged")


def test_file_over_5_mb_is_refused(owner_client, settings):
    content = PDF + b"0" * (settings.MAX_DOCUMENT_SIZE + 1 - len(PDF))
    response = upload(owner_client, "besar.pdf", content)
    assert_refused(response, settings, "too large")


def test_file_of_exactly_5_mb_is_accepted(owner_client, settings):
    content = PDF + b"0" * (settings.MAX_DOCUMENT_SIZE - len(PDF))
    assert upload(owner_client, "pas.pdf", content).status_code == 302
    assert SMEDocument.objects.get().size == settings.MAX_DOCUMENT_SIZE


def test_upload_without_kind_keeps_the_title(owner_client, settings):
    response = upload(owner_client, "nib.pdf", PDF, kind="", title="Akta")
    assert response.status_code == 200
    assert "kind" in response.context["upload_form"].errors
    assert 'value="Akta"' in response.text
    assert not SMEDocument.objects.exists()


def test_upload_is_post_only(owner_client):
    assert owner_client.get(reverse("smes:upload_document")).status_code == 405


def test_anonymous_upload_goes_to_login(client, sme):
    response = upload(client, "nib.pdf", PDF)
    assert response.status_code == 302
    assert reverse("login") in response.url
    assert not SMEDocument.objects.exists()


def test_rejected_firm_cannot_upload(client, owner_user):
    factories.make_valid_sme(owner=owner_user, status="rejected")
    client.force_login(owner_user)
    assert upload(client, "nib.pdf", PDF).status_code == 403


@pytest.fixture
def document(owner_client, sme):
    upload(owner_client, "Sertifikat NIB.pdf", PDF)
    owner_client.logout()
    return SMEDocument.objects.get()


def download(client, document):
    return client.get(reverse("smes:document_download", args=[document.pk]))


def test_owner_downloads_as_attachment_with_nosniff(client, owner_user, document):
    client.force_login(owner_user)
    response = download(client, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Sertifikat NIB.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_staff_downloads_any_document(client, staff_user, document):
    client.force_login(staff_user)
    assert download(client, document).status_code == 200


def test_anonymous_download_goes_to_login(client, document):
    response = download(client, document)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_another_owner_cannot_download(client, other_owner, document):
    client.force_login(other_owner)
    assert download(client, document).status_code == 403


def test_missing_document_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("smes:document_download", args=[999])).status_code == 404


def test_korean_team_needs_consent_and_a_live_roster_place(client, korean_user, document, sme):
    client.force_login(korean_user)
    # Consented to sharing, but not on a roster.
    assert download(client, document).status_code == 403
    entry = factories.make_roster_entry(sme)
    assert download(client, document).status_code == 200
    # Without the consent, never.
    sme.consent_share_korea = False
    sme.save()
    assert download(client, document).status_code == 403
    # A withdrawn roster place does not count.
    sme.consent_share_korea = True
    sme.save()
    entry.status = "withdrawn"
    entry.save()
    assert download(client, document).status_code == 403


def test_owner_archives_a_document_which_is_kept(client, owner_user, document, staff_user):
    client.force_login(owner_user)
    response = client.post(reverse("smes:archive_document", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_archived
    page = client.get(reverse("smes:my_firm")).text
    assert "Sertifikat NIB.pdf" not in page
    # Archived, not deleted: the ministry can still read it.
    client.force_login(staff_user)
    assert download(client, document).status_code == 200


def test_another_owner_cannot_archive(client, other_owner, document):
    client.force_login(other_owner)
    assert client.post(reverse("smes:archive_document", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert not document.is_archived


def test_archive_is_post_only(client, owner_user, document):
    client.force_login(owner_user)
    assert client.get(reverse("smes:archive_document", args=[document.pk])).status_code == 405


def test_korean_team_never_downloads_the_npwp_card(client, korean_user, staff_user, document, sme):
    factories.make_roster_entry(sme)
    document.kind = SMEDocument.Kind.NPWP
    document.save()
    client.force_login(korean_user)
    assert download(client, document).status_code == 404
    client.force_login(staff_user)
    assert download(client, document).status_code == 200
