"""Every page of the SME owner as anonymous, another firm's owner, the owner, staff, Korean team."""

import pytest
from django.urls import reverse

from smes import permissions
from smes.models import SME
from tests import factories

pytestmark = pytest.mark.django_db

OWNER_PAGES = ["smes:my_firm", "smes:edit"]
OWNER_POSTS = ["smes:submit", "smes:upload_document"]


@pytest.mark.parametrize("name", OWNER_PAGES + OWNER_POSTS)
def test_anonymous_is_sent_to_login(client, sme, name):
    response = client.get(reverse(name)) if name in OWNER_PAGES else client.post(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_owner_sees_own_firm(client, sme, owner_user, name):
    client.force_login(owner_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.context["sme"] == sme


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_another_owner_sees_only_their_own_firm(client, sme, other_owner, name):
    client.force_login(other_owner)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.context["sme"] != sme
    assert sme.legal_name not in response.text
    assert sme.nib not in response.text


def test_another_owner_cannot_change_a_firm_through_my_pages(client, sme, other_owner):
    client.force_login(other_owner)
    client.post(reverse("smes:edit"), {"legal_name": "Hacked", "legal_form": "pt", "language": "id"})
    sme.refresh_from_db()
    assert sme.legal_name == "PT Swen Inovasi Transfer"


@pytest.mark.parametrize("name", OWNER_PAGES)
@pytest.mark.parametrize("who", ["staff_user", "korean_user"])
def test_programme_team_without_firm_gets_403(client, request, sme, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_user_without_firm_is_sent_to_register(client, name):
    client.force_login(factories.make_user("no-firm"))
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == reverse("smes:register")


@pytest.mark.parametrize("name", OWNER_POSTS)
def test_owner_posts_are_post_only(client, sme, owner_user, name):
    client.force_login(owner_user)
    assert client.get(reverse(name)).status_code == 405


def test_registration_page_is_public(client):
    assert client.get(reverse("smes:register")).status_code == 200


def test_permission_rules(sme, owner_user, other_owner, staff_user, korean_user):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert permissions.can_view_private(owner_user, sme)
    assert permissions.can_view_private(staff_user, sme)
    assert not permissions.can_view_private(other_owner, sme)
    assert not permissions.can_view_private(anonymous, sme)
    assert not permissions.can_view_private(korean_user, sme)
    factories.make_roster_entry(sme)
    assert permissions.can_view_private(korean_user, sme)
    assert permissions.can_view_documents(korean_user, sme)
    # The Korean team never sees NIK or NPWP.
    assert not permissions.can_view_identifiers(korean_user, sme)
    assert permissions.can_view_identifiers(owner_user, sme)
    assert permissions.can_view_identifiers(staff_user, sme)
    # Editing: the owner (until rejected) and staff.
    assert permissions.can_edit(owner_user, sme)
    assert permissions.can_edit(staff_user, sme)
    assert not permissions.can_edit(other_owner, sme)
    assert not permissions.can_edit(korean_user, sme)
    sme.status = SME.Status.REJECTED
    assert not permissions.can_edit(owner_user, sme)


def test_get_sme_for_gives_404_and_403(sme, owner_user, other_owner, korean_user):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert permissions.get_sme_for(owner_user, sme.pk, "edit") == sme
    with pytest.raises(Http404):
        permissions.get_sme_for(owner_user, 99999, "edit")
    with pytest.raises(PermissionDenied):
        permissions.get_sme_for(other_owner, sme.pk, "view_private")
    with pytest.raises(PermissionDenied):
        permissions.get_sme_for(AnonymousUser(), sme.pk, "view_documents")
    with pytest.raises(PermissionDenied):
        permissions.get_sme_for(korean_user, sme.pk, "view_identifiers")
