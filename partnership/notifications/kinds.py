"""What each kind of notification says, and what it keeps of the mail that caused it.

A notification stores the mail's template name as its ``kind`` and a few plain values as its
``params``; the text is the English msgid below, translated when the notification is read, so
that it is shown in the reader's language, whatever the language of the mail. Most texts are the
subjects of the mails themselves (same msgids, same translations).
"""

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnership.models import CooperationProposal

# kind -> the text, with %(name)s placeholders filled from params.
MESSAGES = {
    "sme_submitted": _("Registration received: %(ref)s"),
    "sme_resubmitted": _("Registration sent again for verification: %(ref)s"),
    "sme_verified": _("Your firm has been verified: %(ref)s"),
    "sme_needs_info": _("More information needed for your registration %(ref)s"),
    "sme_rejected": _("Your registration %(ref)s was not accepted"),
    "roster_added": _("Your firm is on the roster of %(programme)s"),
    "roster_withdrawn": _("Your firm was withdrawn from the roster of %(programme)s"),
    "selection_selected": _("Your firm has been selected: %(programme)s"),
    "selection_not_selected": _("The selection of %(programme)s"),
    "shortlist_added": _("Your firm is on the shortlist of %(stage)s"),
    "shortlist_removed": _("Your firm is no longer on the shortlist of %(stage)s"),
    "visit_planned": _("Survey visit to your firm on %(when)s"),
    "visit_rescheduled": _("New date for the survey visit: %(when)s"),
    "visit_cancelled": _("The survey visit to your firm is cancelled"),
    "visit_done": _("Thank you for receiving the survey team"),
    "proposal_moved": _("Cooperation proposal “%(title)s”: %(status)s"),
    "proposal_comment": _("New comment on the cooperation proposal “%(title)s”"),
    "account_password_reset": _("A link to choose your password was sent to your e-mail address."),
    "reminder_needs_info": _("Reminder: more information is still needed for your registration %(ref)s"),
    "reminder_visit_firm": _("Reminder: survey visit to your firm tomorrow, %(when)s"),
    "reminder_visit_team": _("Reminder: survey visit to %(firm)s tomorrow, %(when)s"),
    "reminder_proposal": _("Reminder: the cooperation proposal “%(title)s” is waiting for your answer"),
    "privacy_consent_changed": _("Your consent to the use of your firm's data was changed"),
    "privacy_corrected": _("The contact person's data were corrected"),
    "privacy_erasure_received": _("Your erasure request was received"),
    "privacy_erased": _("Your personal data were erased"),
    "privacy_refused": _("Your request about personal data was refused"),
    "privacy_export_ready": _("The copy of your data is ready"),
    "partner_submitted": _("Registration of %(firm)s received"),
    "partner_resubmitted": _("Registration of %(firm)s sent again for verification"),
    "partner_verified": _("%(firm)s has been verified"),
    "partner_needs_info": _("More information needed for the registration of %(firm)s"),
    "partner_rejected": _("The registration of %(firm)s was not accepted"),
    # Sent to an address without an account yet: no notification, the text is for completeness.
    "partner_invitation": _("Invitation to the account of %(firm)s in Mitra UKM"),
    "staff_digest": _(
        "Daily digest: %(waiting)s registrations waiting for verification, %(failed)s failed e-mails."
    ),
}
UNKNOWN = pgettext_lazy("notification", "Something changed in the portal.")

# Params that hold a moment (ISO 8601), shown as a date and time in the reader's language.
MOMENTS = {"when"}
NOTE_LENGTH = 300


def _moment(value: datetime) -> str:
    return value.isoformat()


def params_for(kind: str, context: dict) -> dict:
    """The plain values of a mail's ``context`` that the notification of ``kind`` shows."""
    params = {}
    if sme := context.get("sme"):
        params["ref"] = sme.reference or ""
        params["firm"] = sme.legal_name or ""
    if (partner := context.get("korean_firm")) and "firm" not in params:
        params["firm"] = str(partner.name_ko if partner.language == "ko" else partner.name_en)
    if programme := context.get("programme"):
        params["programme"] = programme.name
    if stage := context.get("stage"):
        params["stage"] = stage.name
    if visit := context.get("visit"):
        params["when"] = _moment(visit.scheduled_for)
    if proposal := context.get("proposal"):
        params["title"] = proposal.title
        params["status"] = proposal.status
    for name in ("waiting", "failed"):
        if name in context:
            params[name] = int(context[name])
    note = context.get("note") or context.get("comment") or ""
    if note:
        params["note"] = str(note)[:NOTE_LENGTH]
    return params


def link_for(kind: str, context: dict) -> str:
    """The page of the object the notification is about, for its reader."""
    try:
        if proposal := context.get("proposal"):
            return reverse("cooperation:proposal_detail", args=[proposal.pk])
        if kind == "reminder_visit_team":
            return reverse("surveys:visit", args=[context["visit"].pk])
        if kind.startswith("privacy_"):
            return reverse("privacy:rights")
        if kind.startswith("partner_"):
            return reverse("partners:my_firm")
        if kind == "staff_digest":
            return reverse("smes:staff_list") + "?status=submitted"
        if context.get("sme") is not None:
            return reverse("smes:my_firm")
    except NoReverseMatch:
        pass
    return ""


def _shown(name: str, value):
    if name in MOMENTS and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if name == "status" and value in CooperationProposal.Status.values:
        return str(CooperationProposal.Status(value).label)
    return value


def render(kind: str, params: dict) -> str:
    """The text of a notification in the active language."""
    message = MESSAGES.get(kind)
    if message is None:
        return str(UNKNOWN)
    values = {name: _shown(name, value) for name, value in (params or {}).items()}
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return str(UNKNOWN)
