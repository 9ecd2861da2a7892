"""The user admin's permission model: a staff member (not a superuser) manages the accounts of SME
owners and the Korean team, and can make no account, their own included, into anything more."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from partnership.lib import roles
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/auth/user/add/"
LIST_URL = "/admin/auth/user/"


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


def password_url(user):
    return f"/admin/auth/user/{user.pk}/password/"


def group(name):
    return Group.objects.get(name=name)


def account_data(user, **changes):
    """What the staff change form posts for ``user``, with ``changes``."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": [g.pk for g in user.groups.all()],
        "_save": "Save",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def snapshot(user):
    user.refresh_from_db()
    return (
        user.username,
        user.email,
        user.password,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        list(user.user_permissions.all()),
    )


@pytest.fixture
def superuser(db):
    return factories.make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def other_staff(db):
    return factories.make_staff("other-staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# Refused: staff or superuser status --------------------------------------------------------------
@pytest.mark.parametrize("field", ["is_superuser", "is_staff"])
def test_staff_cannot_grant_themselves_superuser_or_staff_status(staff_client, staff_user, field):
    staff_user.is_staff = field != "is_staff"  # is_staff: a staff-group member without admin access
    before = snapshot(staff_user)
    response = staff_client.post(change_url(staff_user), account_data(staff_user, **{field: "on"}))
    assert response.status_code == 403
    assert snapshot(staff_user) == before


@pytest.mark.parametrize("field", ["is_superuser", "is_staff"])
def test_staff_cannot_grant_an_owner_superuser_or_staff_status(staff_client, owner_user, field):
    before = snapshot(owner_user)
    response = staff_client.post(change_url(owner_user), account_data(owner_user, **{field: "on"}))
    assert response.status_code == 200
    assert "Hanya superuser" in response.content.decode()  # the error, in the user's language
    assert snapshot(owner_user) == before


def test_staff_cannot_grant_an_owner_permissions(staff_client, owner_user):
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(codename="change_user")
    before = snapshot(owner_user)
    response = staff_client.post(
        change_url(owner_user), account_data(owner_user, user_permissions=[permission.pk])
    )
    assert response.status_code == 200
    assert snapshot(owner_user) == before


def test_staff_cannot_make_another_staff_member_a_superuser(staff_client, other_staff):
    before = snapshot(other_staff)
    response = staff_client.post(change_url(other_staff), account_data(other_staff, is_superuser="on"))
    assert response.status_code == 403
    assert snapshot(other_staff) == before


# Refused: groups ----------------------------------------------------------------------------------
def test_staff_cannot_change_their_own_groups(staff_client, staff_user):
    before = snapshot(staff_user)
    wanted = [group(roles.STAFF_GROUP).pk, group(roles.KOREAN_TEAM_GROUP).pk]
    response = staff_client.post(change_url(staff_user), account_data(staff_user, groups=wanted))
    assert response.status_code == 403
    assert snapshot(staff_user) == before


@pytest.mark.parametrize("user_fixture", ["owner_user", "korean_user"])
def test_staff_cannot_add_an_owner_or_korean_member_to_the_staff_group(staff_client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    before = snapshot(user)
    response = staff_client.post(change_url(user), account_data(user, groups=[group(roles.STAFF_GROUP).pk]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert snapshot(user) == before


def test_staff_cannot_add_themselves_to_a_group_through_the_group_admin(staff_client, staff_user):
    staff_group = group(roles.KOREAN_TEAM_GROUP)
    response = staff_client.post(
        f"/admin/auth/group/{staff_group.pk}/change/", {"name": staff_group.name, "users": [staff_user.pk]}
    )
    assert response.status_code == 403
    assert not staff_user.groups.filter(pk=staff_group.pk).exists()


# Refused: other staff members' and superusers' accounts ---------------------------------------
@pytest.mark.parametrize("target_fixture", ["superuser", "other_staff"])
def test_staff_cannot_set_the_password_of_a_superuser_or_another_staff_member(
    staff_client, request, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    before = snapshot(target)
    assert staff_client.get(password_url(target)).status_code == 403
    response = staff_client.post(
        password_url(target), {"password1": "Taken-Over-2025!", "password2": "Taken-Over-2025!"}
    )
    assert response.status_code == 403
    assert snapshot(target) == before
    assert not target.check_password("Taken-Over-2025!")


def test_staff_never_type_a_password_even_for_an_owner(staff_client, owner_user):
    before = snapshot(owner_user)
    response = staff_client.post(
        password_url(owner_user), {"password1": "Chosen-By-Staff-9", "password2": "Chosen-By-Staff-9"}
    )
    assert response.status_code == 403
    assert snapshot(owner_user) == before


@pytest.mark.parametrize("target_fixture", ["superuser", "other_staff"])
def test_staff_cannot_change_the_email_or_active_flag_of_a_superuser_or_staff(
    staff_client, request, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    before = snapshot(target)
    response = staff_client.post(change_url(target), account_data(target, email="attacker@example.com"))
    assert response.status_code == 403
    response = staff_client.post(change_url(target), account_data(target, is_active=None))
    assert response.status_code == 403
    assert snapshot(target) == before


def test_staff_see_a_superuser_account_read_only(staff_client, superuser):
    response = staff_client.get(change_url(superuser))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="email"' not in body
    assert 'name="_save"' not in body


def test_staff_actions_leave_superuser_and_staff_accounts_alone(
    staff_client, superuser, other_staff, django_capture_on_commit_callbacks
):
    targets = [superuser.pk, other_staff.pk]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(LIST_URL, {"action": "deactivate", "_selected_action": targets})
        staff_client.post(LIST_URL, {"action": "send_password_reset", "_selected_action": targets})
    assert User.objects.filter(pk__in=targets, is_active=True).count() == 2
    assert mail.outbox == []


# Refused: creating privileged accounts ---------------------------------------------------------
def new_account(**changes):
    data = {
        "username": "baru",
        "first_name": "Akun",
        "last_name": "Baru",
        "email": "baru@example.com",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {
            "is_staff": "on",
            "is_superuser": "on",
            "password1": "Pass-Word-2025!",
            "password2": "Pass-Word-2025!",
        },
    ],
    ids=["superuser", "staff", "staff-with-password"],
)
def test_staff_cannot_create_a_superuser_or_staff_user(staff_client, changes):
    response = staff_client.post(ADD_URL, new_account(**changes))
    assert response.status_code == 200
    assert not User.objects.filter(username="baru").exists()


def test_staff_cannot_create_a_member_of_the_staff_group(staff_client):
    response = staff_client.post(ADD_URL, new_account(groups=[group(roles.STAFF_GROUP).pk]))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert not User.objects.filter(username="baru").exists()


def test_the_staff_creation_form_has_no_password_or_privilege_fields(staff_client):
    body = staff_client.get(ADD_URL).content.decode()
    for name in ("password1", "is_staff", "is_superuser", "user_permissions"):
        assert f'name="{name}"' not in body


# Allowed ------------------------------------------------------------------------------------------
def test_staff_create_a_korean_team_member_who_gets_a_link_to_choose_a_password(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD_URL, new_account(groups=[group(roles.KOREAN_TEAM_GROUP).pk]))
    assert response.status_code == 302
    user = User.objects.get(username="baru")
    assert roles.is_korean_team(user)
    assert not user.is_staff and not user.is_superuser
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["baru@example.com"]
    assert "/accounts/reset/" in message.body
    assert "Mitra UKM" in message.subject


def test_staff_create_an_account_only_with_an_email_address(staff_client):
    response = staff_client.post(ADD_URL, new_account(email="", first_name="Tetap Di Sini"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert "Tetap Di Sini" in response.content.decode()  # what was typed stays
    assert not User.objects.filter(username="baru").exists()


def test_staff_set_an_owners_group_to_the_korean_team(staff_client, owner_user):
    response = staff_client.post(
        change_url(owner_user), account_data(owner_user, groups=[group(roles.KOREAN_TEAM_GROUP).pk])
    )
    assert response.status_code == 302
    assert roles.is_korean_team(User.objects.get(pk=owner_user.pk))


def test_staff_deactivate_an_owner_in_the_form_and_by_the_action(staff_client, owner_user, other_owner):
    response = staff_client.post(change_url(owner_user), account_data(owner_user, is_active=None))
    assert response.status_code == 302
    owner_user.refresh_from_db()
    assert not owner_user.is_active
    staff_client.post(LIST_URL, {"action": "deactivate", "_selected_action": [other_owner.pk]})
    other_owner.refresh_from_db()
    assert not other_owner.is_active


def test_staff_send_a_password_reset_email_to_an_owner(
    staff_client, owner_user, django_capture_on_commit_callbacks
):
    password = owner_user.password
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            LIST_URL, {"action": "send_password_reset", "_selected_action": [owner_user.pk]}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[owner_user.email]]
    assert "/accounts/reset/" in mail.outbox[0].body
    owner_user.refresh_from_db()
    assert owner_user.password == password  # the old password works until the owner chooses one


def test_the_reset_link_lets_the_owner_choose_a_password(
    client, staff_client, owner_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(LIST_URL, {"action": "send_password_reset", "_selected_action": [owner_user.pk]})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    staff_client.logout()
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Pilihan-Sendiri-77", "new_password2": "Pilihan-Sendiri-77"}
    )
    assert response.status_code == 302
    owner_user.refresh_from_db()
    assert owner_user.check_password("Pilihan-Sendiri-77")


def test_staff_change_their_own_password_through_the_password_change_page(staff_client, staff_user):
    response = staff_client.post(
        "/accounts/password_change/",
        {
            "old_password": "pass-1234-word",
            "new_password1": "Baru-Sekali-2025",
            "new_password2": "Baru-Sekali-2025",
        },
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password("Baru-Sekali-2025")


# A superuser can do everything -------------------------------------------------------------------
def test_a_superuser_grants_staff_status_groups_and_sets_passwords(client, superuser, owner_user):
    client.force_login(superuser)
    data = {
        "username": owner_user.username,
        "email": owner_user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [group(roles.STAFF_GROUP).pk],
        "date_joined_0": "2015-04-08",
        "date_joined_1": "09:00:00",
        "_save": "Save",
    }
    response = client.post(change_url(owner_user), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    owner_user.refresh_from_db()
    assert owner_user.is_staff and roles.is_ministry_staff(owner_user)
    response = client.post(
        password_url(owner_user),
        {"password1": "Dipilih-Admin-2025", "password2": "Dipilih-Admin-2025", "usable_password": "true"},
    )
    assert response.status_code == 302
    owner_user.refresh_from_db()
    assert owner_user.check_password("Dipilih-Admin-2025")


def test_a_superuser_creates_a_superuser(client, superuser):
    client.force_login(superuser)
    response = client.post(
        ADD_URL,
        {
            "username": "root2",
            "usable_password": "true",
            "password1": "Root-Dua-2025!",
            "password2": "Root-Dua-2025!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="root2")
    response = client.post(
        change_url(user),
        {
            "username": "root2",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2015-04-08",
            "date_joined_1": "09:00:00",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_superuser


def test_a_superuser_manages_another_superuser_by_the_actions(
    client, superuser, django_capture_on_commit_callbacks
):
    other = factories.make_user("root-other", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST_URL, {"action": "send_password_reset", "_selected_action": [other.pk]})
    client.post(LIST_URL, {"action": "deactivate", "_selected_action": [other.pk]})
    assert len(mail.outbox) == 1
    other.refresh_from_db()
    assert not other.is_active
