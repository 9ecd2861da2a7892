"""The SME registration workflow and the firm's timeline.

Every state change of an SME goes through :func:`move`, which checks the transition table,
the actor's role and the state's preconditions inside a transaction, records a
:class:`~smes.models.TimelineEvent` and queues the e-mail to the firm.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership.lib import roles
from partnership.lib.notify import send_templated_mail
from partnership.lib.workflow import check_transition

from . import consents
from .models import SME, ConsentChange, SizeClass, TimelineEvent

S = SME.Status
STAFF, OWNER, SYSTEM = roles.STAFF, roles.OWNER, roles.SYSTEM

REGISTRATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED: {OWNER, STAFF}},
    S.SUBMITTED: {S.VERIFIED: {STAFF}, S.NEEDS_INFO: {STAFF}, S.REJECTED: {STAFF}},
    S.NEEDS_INFO: {S.SUBMITTED: {OWNER, STAFF}, S.REJECTED: {STAFF}},
    # A verified firm that changes a key field goes back to the ministry for verification.
    S.VERIFIED: {S.SUBMITTED: {OWNER, STAFF, SYSTEM}},
    S.REJECTED: {},
}

# Changing one of these on a verified firm sends it back for verification.
KEY_FIELDS = ("nib", "npwp", "legal_name", "sector", "regency")

# Moves that need a note the firm can read.
NOTE_REQUIRED = {S.NEEDS_INFO, S.REJECTED}

# Fields a firm must fill before it can submit.
REQUIRED_FOR_SUBMISSION = (
    "legal_name",
    "legal_form",
    "npwp",
    "year_founded",
    "address",
    "regency",
    "sector",
    "products",
    "employees",
    "capital",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# What a firm with the ministry must keep filled: the fields above and the consent to processing.
SUBMISSION_FIELDS = (*REQUIRED_FOR_SUBMISSION, "consent_data_processing")

# Where a registration can start, with the note that opens the firm's timeline.
PORTAL, ADMIN, IMPORT = "portal", "admin", "import"
# The consent history's source (smes.models.ConsentChange) of each way in.
CONSENT_SOURCES = {
    PORTAL: ConsentChange.Source.REGISTRATION,
    ADMIN: ConsentChange.Source.ADMIN,
    IMPORT: ConsentChange.Source.IMPORT,
}
REGISTRATION_SOURCES = {
    PORTAL: gettext_lazy("Registration started."),
    ADMIN: gettext_lazy("Entered in the administration."),
    IMPORT: gettext_lazy("Imported from a spreadsheet."),
}

# Consents that carry the moment they were given (``<name>_at``).


def registration_roles(user, sme: SME) -> set[str]:
    """The workflow roles ``user`` holds towards ``sme``."""
    return roles.workflow_roles(user, owner_id=sme.owner_id)


def record_event(
    sme: SME,
    *,
    workflow: str,
    to_state: str,
    from_state: str = "",
    by=None,
    note: str = "",
    subject: str = "",
    visible_to_sme: bool = True,
) -> TimelineEvent:
    """Write one line of the firm's timeline (shared by every workflow)."""
    return TimelineEvent.objects.create(
        sme=sme,
        workflow=workflow,
        from_state=str(from_state),
        to_state=str(to_state),
        actor=by if by is not None and by.is_authenticated else None,
        note=note,
        subject=subject,
        visible_to_sme=visible_to_sme,
    )


@dataclass(frozen=True)
class SubmissionProblem:
    """One thing that stops a firm from being submitted.

    ``message`` is the sentence of the page's list; ``fields`` are the form fields it concerns,
    each of which shows ``field_message`` next to it.
    """

    message: str
    fields: tuple[str, ...]
    field_message: str


def submission_blockers(sme: SME) -> list[SubmissionProblem]:
    """What stops ``sme`` from being submitted, in the active language; empty when nothing.

    The one source of the page's list (:func:`submission_problems`), the form's field errors
    (:func:`submission_field_errors`), the workflow's refusal (:func:`move`) and the import's.
    """
    problems = []
    missing = [name for name in REQUIRED_FOR_SUBMISSION if getattr(sme, name) in (None, "")]
    if missing:
        labels = ", ".join(str(SME._meta.get_field(name).verbose_name) for name in missing)
        problems.append(
            SubmissionProblem(
                message=_("Please complete these fields before submitting: %s.") % labels,
                fields=tuple(missing),
                field_message=_("Needed before you can submit."),
            )
        )
    if not sme.consent_data_processing:
        problems.append(
            SubmissionProblem(
                message=_("Please agree to the processing of your data before submitting."),
                fields=("consent_data_processing",),
                field_message=_("Needed before you can submit."),
            )
        )
    if sme.size_class == SizeClass.LARGE:
        problems.append(
            SubmissionProblem(
                message=_(
                    "Your capital or annual sales are above the limits for a medium enterprise "
                    "(PP 7/2021), so the firm cannot take part in the programme."
                ),
                fields=("annual_sales" if sme.size_criterion == "sales" else "capital",),
                field_message=_("Above the limit for a medium enterprise: the firm cannot be submitted."),
            )
        )
    return problems


def submission_problems(sme: SME) -> list[str]:
    """The sentences of :func:`submission_blockers`, for a page's list or an error message."""
    return [problem.message for problem in submission_blockers(sme)]


def submission_field_errors(sme: SME) -> dict[str, str]:
    """The message next to each form field that :func:`submission_blockers` names."""
    return {name: problem.field_message for problem in submission_blockers(sme) for name in problem.fields}


def start_registration(sme: SME, *, by, source: str, submit: bool = False) -> SME:
    """Open the registration of a new firm: its consents' moments, the row, its first event.

    ``sme`` is a draft, saved or not (the import saves it first). ``source`` is one of
    :data:`REGISTRATION_SOURCES` and gives the note of the first timeline event. With
    ``submit`` the firm goes to the ministry at once (an import of complete firms): the
    submission, with the same checks as a firm that submits itself, is then its first event.
    """
    if sme.status != S.DRAFT:
        raise ValueError(f"A registration starts as a draft, not as {sme.status!r}.")
    note = str(REGISTRATION_SOURCES[source])
    with transaction.atomic():
        stamps = consents.stamp_consents(sme)
        if sme.pk is None:
            sme.save()
        elif stamps:
            sme.save(update_fields=stamps)
        consents.record_consents(sme, consents.consents_of(None), by=by, source=CONSENT_SOURCES[source])
        if submit:
            return move(sme, S.SUBMITTED, by=by, note=note)
        record_event(sme, workflow="registration", to_state=S.DRAFT, by=by, note=note)
    return sme


def notify_sme(sme: SME, template: str, **context) -> None:
    """Queue ``templates/emails/<template>`` to the firm's recipients, in its language.

    The owner's account also gets the portal's notification (``users``).
    """
    send_templated_mail(
        to=sme.mail_recipients(),
        template=f"emails/{template}",
        context={"sme": sme, "contact_email": settings.PROGRAMME_CONTACT_EMAIL, **context},
        language=sme.language,
        users=sme.notified_users(),
    )


def move(sme: SME, target: str, *, by, note: str = "", acting_as: set[str] | None = None) -> SME:
    """Apply one registration move to ``sme`` and return the fresh row.

    ``acting_as`` overrides the roles derived from ``by`` (used for the SYSTEM role, when an
    owner's edit sends a verified firm back for verification).
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = SME.objects.select_for_update().get(pk=sme.pk)
        held = acting_as if acting_as is not None else registration_roles(by, locked)
        current = locked.status
        check_transition(REGISTRATION_TRANSITIONS, current, target, held)
        if target in NOTE_REQUIRED and not note:
            raise ValidationError(_("Please write a note for the firm explaining this decision."))
        if target == S.SUBMITTED:
            problems = submission_problems(locked)
            if problems:
                raise ValidationError(problems)
        now = timezone.now()
        locked.status = target
        fields = ["status", "updated_at"]
        if target == S.SUBMITTED:
            locked.submitted_at = now
            fields.append("submitted_at")
            if not locked.reference:
                locked.reference = f"UKM-{now.year}-{locked.pk:04d}"
                fields.append("reference")
        if target == S.VERIFIED:
            locked.verified_at = now
            fields.append("verified_at")
        locked.save(update_fields=fields)
        record_event(
            locked,
            workflow="registration",
            from_state=current,
            to_state=target,
            by=by,
            note=note,
        )
        first_submission = target == S.SUBMITTED and current == S.DRAFT
        template = {
            S.SUBMITTED: "sme_submitted" if first_submission else "sme_resubmitted",
            S.VERIFIED: "sme_verified",
            S.NEEDS_INFO: "sme_needs_info",
            S.REJECTED: "sme_rejected",
        }[target]
        notify_sme(locked, template, note=note, previous=current)
    return locked


def submit(sme: SME, *, by) -> SME:
    return move(sme, S.SUBMITTED, by=by)


def verify(sme: SME, *, by, note: str = "") -> SME:
    return move(sme, S.VERIFIED, by=by, note=note)


def request_info(sme: SME, *, by, note: str) -> SME:
    return move(sme, S.NEEDS_INFO, by=by, note=note)


def reject(sme: SME, *, by, note: str) -> SME:
    return move(sme, S.REJECTED, by=by, note=note)


def after_profile_edit(sme: SME, *, by, changed: list[str]) -> SME:
    """Send a verified firm back for verification when an edit touched a key field."""
    if sme.status != S.VERIFIED:
        return sme
    key_changes = [name for name in changed if name in KEY_FIELDS]
    if not key_changes:
        return sme
    labels = ", ".join(str(SME._meta.get_field(name).verbose_name) for name in key_changes)
    return move(
        sme,
        S.SUBMITTED,
        by=by,
        note=_("Changed: %s. The ministry verifies the firm again.") % labels,
        acting_as={SYSTEM},
    )
