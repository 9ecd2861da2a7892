from partnership.lib import roles


def portal(request):
    """Role flags for the navigation bar."""
    user = request.user
    return {
        "is_ministry_staff": roles.is_ministry_staff(user),
        "is_korean_team": roles.is_korean_team(user),
    }
