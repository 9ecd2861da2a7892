import pytest
from django.contrib.auth.models import Group

from partnership.lib import roles


@pytest.mark.django_db
def test_ministry_staff_group_gets_the_admin_permissions_of_the_programme_apps():
    group = Group.objects.get(name=roles.STAFF_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_sme", "view_stage", "add_rosterentry", "change_koreanpartner", "view_user"} <= codenames
    assert "delete_user" not in codenames


@pytest.mark.django_db
def test_staff_member_sees_every_programme_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    for app in ("smes", "surveys", "partnership"):
        assert f"/admin/{app}/" in response.content.decode()
