"""The answers of Django REST framework that the API can give, in the portal's catalogue.

DRF is not an installed app (its catalogue would replace Django's own wording of form errors), so
its messages are translated here, word for word the same msgids: makemessages finds them in this
module and ``locale/`` holds their Indonesian and Korean.
"""

from django.utils.translation import gettext_lazy as _

DRF_MESSAGES = (
    _("A server error occurred."),
    _("Invalid input."),
    _("Malformed request."),
    _("Incorrect authentication credentials."),
    _("Authentication credentials were not provided."),
    _("You do not have permission to perform this action."),
    _("Not found."),
    _('Method "{method}" not allowed.'),
    _("Could not satisfy the request Accept header."),
    _('Unsupported media type "{media_type}" in request.'),
)
