"""The Korean team works in Korean unless a member chose another language.

The portal's default is Bahasa Indonesia. On every page, a member of the "Korean team" group who never used the language
switcher gets Korean, and the language cookie is set to Korean so that every later page follows.
Pressing ID or EN in the switcher sets the cookie to that language, which then wins.
"""

from django.conf import settings
from django.utils import translation

from partnership.lib import roles
from partnership.lib.i18n import set_language_cookie

TEAM_LANGUAGE = "ko"


def wants_team_language(request) -> bool:
    return settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and roles.is_korean_team(request.user)


class KoreanTeamLanguageMiddleware:
    """Serve Korean to Korean team members who never chose a language (see the module's docstring).

    Sits after AuthenticationMiddleware, so the user is known; LocaleMiddleware has already
    activated the cookie's or the browser's language for everybody else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not wants_team_language(request):
            return self.get_response(request)
        translation.activate(TEAM_LANGUAGE)
        request.LANGUAGE_CODE = TEAM_LANGUAGE
        response = self.get_response(request)
        set_language_cookie(response, TEAM_LANGUAGE)
        response.headers.setdefault("Content-Language", TEAM_LANGUAGE)
        return response
