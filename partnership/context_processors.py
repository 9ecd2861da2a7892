from django.contrib.auth.models import AnonymousUser

from partnership.lib import roles
from partnership.partners.permissions import is_verified_korean_firm


def portal(request):
    """Role flags for the navigation bar.

    An error page can be rendered before AuthenticationMiddleware has run (a 400 for a bad Host
    header or unusable input): no ``request.user`` yet, so nobody is signed in.
    """
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_ministry_staff": roles.is_ministry_staff(user),
        "is_korean_team": roles.is_korean_team(user),
        "is_korean_firm": roles.is_korean_firm(user),
        "is_verified_korean_firm": lambda: is_verified_korean_firm(user),
        # Asked only where a page needs it (a query): templates call a callable when they read it.
        "is_sme_owner": lambda: roles.is_sme_owner(user),
    }
