"""Who may call which endpoint. The role predicates are the portal's (partnership.lib.roles); which
object a user may see is each part's permissions module, applied in the views' querysets."""

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission

from partnership.lib import roles


class ReadOnly(BasePermission):
    """The API is read-only: GET, HEAD and OPTIONS (every move goes through the pages); any other
    method is a 405, whoever asks."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        return True


class ProgrammeTeam(ReadOnly):
    """Ministry staff and the Korean team (``team_required`` of the pages)."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and roles.is_programme_team(request.user)


class SignedIn(ReadOnly):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.is_authenticated
