"""Switching the language on a page with a form, without losing what was typed.

On a page that opts in (its view passes ``language_switch_form``, the id of the page's form), the
navigation bar's language buttons belong to that form (HTML's ``form`` and ``formaction``
attributes, no JavaScript) and submit it to its own view with ``switch_language=<code>``. The view
then re-renders what was typed in the new language: nothing is validated, saved or stored, so
nothing can outlive the request or reach another user. Passwords and files are the exception:
browsers never send a file again, and password inputs are never rendered back.

On every other page the buttons post to Django's ``set_language`` view as before.
"""

from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import translation

from partnership.i18n import set_language_cookie

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
