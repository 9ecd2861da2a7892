"""Switching the language on a page with a form, without losing what was typed.

On a page whose form is marked ``data-language-switch``, ``static/js/language-switch.js`` turns
the navigation bar's language buttons into a submit of that form to its own view, with
``switch_language=<code>``. The view then shows what was typed again in the new language: nothing
is validated, saved or stored (neither on the server nor in the browser), so nothing can outlive
the request or reach the next user of a shared computer. Passwords are the exception: password
inputs are never rendered back (nor would a file input be).

Without JavaScript, and on every other page, the buttons post to Django's ``set_language`` view:
the language changes and the current URL is kept, but a half-filled form starts empty. (Making
the buttons part of the page's form with HTML's ``form`` attribute would work without JavaScript,
but they would then be the form's default button, and Enter in a field would switch the language
instead of submitting.)
"""

from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import translation

from partnership.lib.i18n import set_language_cookie

SWITCH_FIELD = "switch_language"


def switch_requested(request) -> bool:
    """Whether this POST is a language button of the navigation bar, not the form's own submit.

    A switch with an unknown language still never saves: the page is shown again as it was.
    """
    return request.method == "POST" and SWITCH_FIELD in request.POST


def activate_switch(request) -> str | None:
    """Activate the requested language for this response; the language, or None if none applies.

    Call it before building the forms, so that their labels and choices follow the new language.
    """
    if not switch_requested(request):
        return None
    language = request.POST[SWITCH_FIELD]
    if language not in dict(settings.LANGUAGES):
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def show_as_typed(*forms) -> None:
    """Let bound forms show what was typed without judging it: no validation, no error message.

    A bound form renders its submitted data; its errors are computed lazily on first access, so
    giving it an empty error dictionary skips validation (and its database look-ups) entirely.
    """
    for form in forms:
        if form is not None and form.is_bound:
            form._errors = ErrorDict()


def remember(response, language: str | None):
    """Keep the switched language for the next pages, as ``set_language`` does."""
    if language:
        set_language_cookie(response, language)
    return response
