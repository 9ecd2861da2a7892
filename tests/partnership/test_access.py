"""The role decorators of every view (partnership.lib.access): login, 403 with a message, or the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from partnership.lib.access import login_required, owner_required, staff_required, team_required


def page(request, *args):
    return HttpResponse("page:" + ",".join(str(arg) for arg in args))


def call(decorated, user, path="/somewhere/?q=1"):
    request = RequestFactory().get(path)
    request.user = user
    return decorated(request)


@pytest.mark.parametrize("decorator", [login_required, staff_required, team_required])
def test_anonymous_visitors_go_to_the_login_page_and_come_back(decorator):
    response = call(decorator(page), AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/somewhere/%3Fq%3D1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decorator", "allowed"),
    [
        (login_required, {"owner", "korean", "staff"}),
        (team_required, {"korean", "staff"}),
        (staff_required, {"staff"}),
    ],
)
def test_each_role_decorator_lets_in_exactly_its_roles(
    decorator, allowed, owner_user, korean_user, staff_user
):
    users = {"owner": owner_user, "korean": korean_user, "staff": staff_user}
    for role, user in users.items():
        if role in allowed:
            assert call(decorator(page), user).content == b"page:"
        else:
            with pytest.raises(PermissionDenied):
                call(decorator(page), user)


@pytest.mark.django_db
def test_the_refusal_says_why_in_the_users_language(owner_user):
    with translation.override("id"), pytest.raises(PermissionDenied) as refused:
        call(staff_required(page), owner_user)
    assert str(refused.value) == "Halaman ini khusus untuk staf kementerian."


@pytest.mark.django_db
def test_a_page_can_give_its_own_reason_with_the_same_check(owner_user, staff_user):
    reports = staff_required.because("Programme reports are for ministry staff.")
    with pytest.raises(PermissionDenied, match="Programme reports are for ministry staff."):
        call(reports(page), owner_user)
    assert call(reports(page), staff_user).content == b"page:"


@pytest.mark.django_db
def test_owner_pages_receive_the_users_own_object_or_the_answer_for_none(owner_user, other_owner):
    own = owner_required(
        lambda request: "firm-of-" + request.user.username if request.user == other_owner else None,
        when_missing=lambda request: HttpResponse("register first", status=302),
    )
    assert call(own(page), other_owner).content == b"page:firm-of-other-owner"
    assert call(own(page), owner_user).content == b"register first"
    assert call(own(page), AnonymousUser()).status_code == 302
    assert call(own(page), AnonymousUser())["Location"].startswith("/accounts/login/")
