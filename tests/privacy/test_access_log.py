"""The access log (UU 27/2022 Art. 31): every route that shows identifiers or personal data writes
its line; nobody changes or deletes a line; the owner sees who accessed the firm's data."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from partnership.models import CooperationProposal
from partnership.privacy.models import AccessLog
from smes.models import SMEDocument
from surveys.models import ShortlistEntry

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm_world(sme, owner_user):
    programme = factories.make_programme()
    entry = factories.make_roster_entry(sme, programme=programme, status="shortlisted")
    stage = factories.make_stage(programme, regencies=["3201"])
    ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    document = SMEDocument(
        sme=sme,
        kind="profile",
        original_name="p.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=owner_user,
    )
    document.file.save("p.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    CooperationProposal.objects.create(
        roster_entry=entry,
        partner=factories.make_partner(),
        title="Biogas",
        status=CooperationProposal.Status.SUBMITTED,
        author=owner_user,
        author_side=CooperationProposal.Side.SME,
        submitted_at=timezone.now(),
    )
    return {"programme": programme, "entry": entry, "stage": stage, "document": document}


def routes(sme, world):
    slug = world["programme"].slug
    return [
        # (role, url, what)
        ("staff", reverse("smes:staff_detail", args=[sme.pk]), "identifiers"),
        ("staff", reverse("smes:document_download", args=[world["document"].pk]), "document"),
        ("korean", reverse("smes:document_download", args=[world["document"].pk]), "document"),
        ("staff", reverse("partnership:dossier", args=[slug, world["entry"].pk]), "dossier"),
        ("korean", reverse("partnership:dossier", args=[slug, world["entry"].pk]), "dossier"),
        ("staff", reverse("smes:staff_export") + "?format=csv&status=verified", "export"),
        ("staff", reverse("partnership:roster_export", args=[slug]) + "?format=xlsx", "export"),
        ("korean", reverse("surveys:shortlist_export", args=[world["stage"].pk]) + "?format=csv", "export"),
        # Only surveyed firms are ranked: the line is written, with no firm yet.
        (
            "staff",
            reverse("surveys:ranking_export", args=[world["stage"].pk]) + "?format=csv",
            "export-empty",
        ),
        ("staff", reverse("cooperation:board_export") + "?format=csv", "export"),
        ("korean_firm", reverse("partners:firm_detail", args=[sme.pk]), "dossier"),
        ("superuser", reverse("privacy:breach_report") + f"?references={sme.reference}&format=csv", "export"),
        ("superuser", reverse("admin:smes_sme_export") + "?", "export"),
        # The read API's roster entries carry the dossier.
        ("staff", reverse("api:v1:roster_list"), "dossier"),
        ("korean", reverse("api:v1:roster_detail", args=[world["entry"].pk]), "dossier"),
    ]


def test_every_route_that_shows_personal_data_writes_its_line(
    client, sme, firm_world, staff_user, korean_user
):
    users = {
        "staff": staff_user,
        "korean": korean_user,
        "superuser": factories.make_user("root", is_superuser=True, is_staff=True),
        "korean_firm": factories.make_korean_firm_user("kr-firm"),
    }
    for role, url, what in routes(sme, firm_world):
        client.force_login(users[role])
        count = AccessLog.objects.count()
        if url.startswith(reverse("admin:smes_sme_export")):
            page = client.get(url)
            form = page.context["form"]
            data = {"format": "0", **{name: "on" for name in form.fields if name.startswith("smeresource_")}}
            response = client.post(url, data)
        else:
            response = client.get(url)
        if response.streaming:
            # A streamed file names its firms on the line once it has been sent.
            response.getvalue()
        assert response.status_code == 200, (role, url, response.status_code)
        assert AccessLog.objects.count() == count + 1, (role, url)
        line = AccessLog.objects.order_by("-id").first()
        assert (line.what, line.user) == (what.removesuffix("-empty"), users[role]), url
        if not what.endswith("-empty"):
            assert sme.pk in set(line.firms.values_list("pk", flat=True)), url


def test_a_refused_or_unknown_format_writes_no_line(client, sme, staff_user, korean_user):
    client.force_login(staff_user)
    assert client.get(reverse("smes:staff_export") + "?format=pdf").status_code == 400
    client.force_login(korean_user)
    assert client.get(reverse("smes:staff_detail", args=[sme.pk])).status_code == 403
    assert not AccessLog.objects.exists()


def test_the_owner_sees_who_accessed_with_role_and_organisation(
    client, sme, firm_world, owner_user, korean_user
):
    client.force_login(korean_user)
    client.get(reverse("partnership:dossier", args=[firm_world["programme"].slug, firm_world["entry"].pk]))
    client.force_login(owner_user)
    client.get(
        reverse("smes:document_download", args=[firm_world["document"].pk])
    )  # the owner's own: not listed
    page = client.get(reverse("privacy:who_accessed"))
    body = page.content.decode()
    assert body.count('data-what="') == 1
    assert 'data-what="dossier"' in body
    assert "ASEIC" in body
    # The role and organisation, not the user name (the top bar's /korean-firms/ link aside).
    assert "korean" not in body.replace("/korean-firms/", "")


def test_the_log_cannot_be_changed_or_deleted(sme, staff_user):
    from partnership.privacy.log import write_line

    line = write_line(staff_user, "identifiers", [sme.pk], "", "/x")
    line.detail = "changed"
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        line.delete()
    with pytest.raises(ValidationError):
        AccessLog.objects.all().delete()
    with pytest.raises(ValidationError):
        AccessLog.objects.update(detail="x")
    model_admin = admin.site._registry[AccessLog]
    root = factories.make_user("root", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.user = root
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, line)
    assert not model_admin.has_delete_permission(request, line)


def test_the_staff_search_needs_the_permission_and_finds_by_firm(client, sme, staff_user):
    from django.contrib.auth.models import Permission

    from partnership.privacy.log import write_line

    write_line(staff_user, "identifiers", [sme.pk], "staff detail", "/x")
    other = factories.make_sme(legal_name="PT Tidak Dicari")
    write_line(staff_user, "dossier", [other.pk], "", "/y")
    client.force_login(staff_user)
    assert client.get(reverse("privacy:staff_access_log")).status_code == 403
    staff_user.user_permissions.add(
        Permission.objects.get(codename="view_accesslog", content_type__app_label="mitra_privacy")
    )
    client.force_login(staff_user)
    page = client.get(reverse("privacy:staff_access_log"), {"firm": sme.legal_name[:8]})
    assert page.status_code == 200
    assert len(page.context["lines"]) == 1


def test_the_log_pages_keep_a_fixed_number_of_queries(
    client, sme, owner_user, staff_user, korean_user, django_assert_max_num_queries
):
    from django.contrib.auth.models import Permission

    from partnership.privacy.log import write_line

    firms = [factories.make_sme().pk for _ in range(3)]
    for n in range(12):
        write_line(korean_user if n % 2 else staff_user, "dossier", [sme.pk, *firms], "", f"/{n}")
    staff_user.user_permissions.add(
        Permission.objects.get(codename="view_accesslog", content_type__app_label="mitra_privacy")
    )
    for user, url in (
        (owner_user, reverse("privacy:who_accessed")),
        (staff_user, reverse("privacy:staff_access_log")),
        (owner_user, reverse("privacy:rights")),
    ):
        client.force_login(user)
        client.get(url)
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_the_owner_sees_that_a_korean_firm_opened_its_profile(client, sme, owner_user):
    client.force_login(factories.make_korean_firm_user())
    assert client.get(reverse("partners:firm_detail", args=[sme.pk])).status_code == 200
    client.force_login(owner_user)
    body = client.get(reverse("privacy:who_accessed")).content.decode()
    assert body.count('data-what="dossier"') == 1
    assert AccessLog.objects.get().role == AccessLog.Role.KOREAN_FIRM


def test_a_streamed_export_writes_its_line_at_once_and_names_its_firms_once_sent(client, sme, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("smes:staff_export") + "?format=csv&status=verified")
    line = AccessLog.objects.get(what="export")
    assert list(line.firms.all()) == []  # the first byte does not wait for the ids
    response.getvalue()
    assert set(line.firms.values_list("pk", flat=True)) == {sme.pk}
