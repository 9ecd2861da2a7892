"""The data subject's requests, carried out (UU 27/2022 Art. 5-13).

Every request is a :class:`DataRequest` row: made by the owner, handled by staff or at once by the
portal, with its outcome; the owner is told by e-mail (``send_templated_mail``) either way.
"""

import io
import json
import logging
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from partnership.lib import roles
from partnership.lib.notify import send_templated_mail
from partnership.models import CooperationProposal, ProposalEvent, RosterEntry
from partnership.notifications.models import Notification
from smes import consents
from smes.models import SME, ConsentChange, SMEDocument, TimelineEvent
from surveys.models import Score, ShortlistEntry, SurveyVisit

from .models import AccessLog, DataRequest

logger = logging.getLogger(__name__)
K, S = DataRequest.Kind, DataRequest.Status
EXPORT_SALT = "mitra.privacy.export"
EXPORT_FORMAT_VERSION = 1


# --- the owner is told ---------------------------------------------------------------------------


def notify_owner(request: DataRequest, template: str, **context) -> None:
    """Tell the firm about its request (rendered now: an erasure clears the address afterwards)."""
    sme = request.sme
    send_templated_mail(
        to=sme.mail_recipients(),
        template=f"emails/{template}",
        context={
            "sme": sme,
            "request": request,
            "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
            "rights_url": settings.SITE_URL + reverse("privacy:rights"),
            **context,
        },
        language=sme.language,
        users=sme.notified_users(),
    )


def _record(sme: SME, kind: str, *, by, summary: str = "", reason: str = "", done: bool = False, outcome=""):
    now = timezone.now()
    return DataRequest.objects.create(
        sme=sme,
        kind=kind,
        made_by=by,
        made_at=now,
        summary=summary[:300],
        reason=reason,
        status=S.DONE if done else S.OPEN,
        handled_at=now if done else None,
        outcome=outcome,
    )


# --- consent -------------------------------------------------------------------------------------


def change_consent(sme: SME, name: str, given: bool, *, by) -> DataRequest | None:
    """Withdraw or give a consent now; it takes effect at once on every page and export.

    ``None`` when the consent already was as asked (a page sent twice): nothing is recorded.
    """
    with transaction.atomic():
        if bool(getattr(SME.objects.select_for_update().get(pk=sme.pk), name)) == given:
            return None
        sme = consents.set_consent(sme, name, given, by=by, source=ConsentChange.Source.RIGHTS_PAGE)
        label = ConsentChange.Consent(name).label
        summary = (_("Consent given: %s") if given else _("Consent withdrawn: %s")) % label
        request = _record(sme, K.CONSENT, by=by, summary=summary, done=True, outcome=summary)
        notify_owner(request, "privacy_consent_changed", given=given, consent=label)
    return request


# --- correction ----------------------------------------------------------------------------------

CONTACT_FIELDS = ("contact_name", "contact_position", "contact_email", "contact_phone")


def correct_contact(sme: SME, values: dict, *, by) -> DataRequest:
    """Correct the contact person's data (Art. 6); the change is on the firm's history too."""
    with transaction.atomic():
        locked = SME.objects.select_for_update().get(pk=sme.pk)
        changed = [name for name in CONTACT_FIELDS if getattr(locked, name) != values[name]]
        for name in CONTACT_FIELDS:
            setattr(locked, name, values[name])
        locked.save()
        labels = ", ".join(str(SME._meta.get_field(name).verbose_name) for name in changed) or "—"
        summary = _("Corrected: %s") % labels
        request = _record(locked, K.CORRECTION, by=by, summary=summary, done=True, outcome=summary)
        notify_owner(request, "privacy_corrected")
    return request


# --- access and portability ----------------------------------------------------------------------


def _row(obj, exclude=()) -> dict:
    """The concrete fields of ``obj`` by name (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        if hasattr(value, "name") and not isinstance(value, str):  # a file
            value = value.name or ""
        data[field.attname] = value
    return data


def _fields_doc(model, exclude=()) -> dict:
    return {
        field.attname: str(field.verbose_name)
        for field in model._meta.concrete_fields
        if field.name not in exclude
    }


OWNER_FIELDS = ("username", "first_name", "last_name", "email", "date_joined", "last_login")


def _notifications(user) -> tuple[list, dict]:
    """The owner's notifications in the portal, with the documentation of their fields."""
    if user is None:
        return [], {}
    rows = [_row(obj) for obj in Notification.objects.filter(recipient=user).order_by("created_at", "pk")]
    return rows, _fields_doc(Notification)


def collect(sme: SME) -> dict:
    """Everything the portal holds about the firm and its people, as JSON-ready data."""
    owner = sme.owner
    entries = list(RosterEntry.objects.filter(sme=sme))
    shortlist = list(ShortlistEntry.objects.filter(roster_entry__sme=sme))
    visits = list(SurveyVisit.objects.filter(shortlist_entry__roster_entry__sme=sme))
    scores = list(Score.objects.filter(visit__shortlist_entry__roster_entry__sme=sme))
    proposals = list(CooperationProposal.objects.filter(roster_entry__sme=sme))
    proposal_events = list(ProposalEvent.objects.filter(proposal__roster_entry__sme=sme))
    documents = list(SMEDocument.objects.filter(sme=sme))
    notifications, notification_doc = _notifications(owner)
    access_lines = AccessLog.objects.filter(firms=sme).order_by("at", "id")
    sections = {
        "profile": ([_row(sme)], _fields_doc(SME)),
        "cooperation_interests": (list(sme.cooperation_interests.values("code")), {"code": "code"}),
        "owner_account": (
            [{name: getattr(owner, name) for name in OWNER_FIELDS}] if owner else [],
            {name: str(get_user_model()._meta.get_field(name).verbose_name) for name in OWNER_FIELDS},
        ),
        "timeline": (
            [_row(e) for e in TimelineEvent.objects.filter(sme=sme, visible_to_sme=True)],
            _fields_doc(TimelineEvent),
        ),
        "consent_history": (
            [_row(c) for c in ConsentChange.objects.filter(sme=sme).order_by("at", "id")],
            _fields_doc(ConsentChange),
        ),
        "documents": (
            [{**_row(d), "file_in_zip": _zip_name(d)} for d in documents],
            {**_fields_doc(SMEDocument), "file_in_zip": "path of the file inside this ZIP"},
        ),
        "roster": ([_row(e) for e in entries], _fields_doc(RosterEntry)),
        "shortlist": ([_row(e) for e in shortlist], _fields_doc(ShortlistEntry)),
        "survey_visits": ([_row(v) for v in visits], _fields_doc(SurveyVisit)),
        "survey_scores": ([_row(s) for s in scores], _fields_doc(Score)),
        "proposals": ([_row(p) for p in proposals], _fields_doc(CooperationProposal)),
        "proposal_events_and_comments": ([_row(e) for e in proposal_events], _fields_doc(ProposalEvent)),
        "requests": (
            [_row(r, exclude=("export_file",)) for r in DataRequest.objects.filter(sme=sme)],
            _fields_doc(DataRequest, exclude=("export_file",)),
        ),
        "access_log": (
            [{**_row(line), "organisation": line.organisation} for line in access_lines],
            {**_fields_doc(AccessLog), "organisation": "organisation of the viewer"},
        ),
        "notifications": (notifications, notification_doc),
    }
    return {
        "format": "mitra-ukm-personal-data-export",
        "version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
        "controller": settings.PRIVACY_CONTROLLER,
        "data_protection_contact": settings.PRIVACY_CONTACT_EMAIL,
        "fields": {name: doc for name, (_rows, doc) in sections.items()},
        **{name: rows for name, (rows, _doc) in sections.items()},
    }


def _zip_name(document: SMEDocument) -> str:
    return f"documents/{document.pk}-{Path(document.original_name).stem or 'document'}.{document.extension}"


README = """Mitra UKM: the personal data of your firm (UU 27/2022, right of access and portability)

data.json holds every record, one section per kind; its "fields" section names each field.
documents/ holds the documents your firm uploaded, as they were uploaded.
"""


def request_export(sme: SME, *, by) -> DataRequest:
    """The owner asks for a copy: recorded now, built by :func:`build_export`."""
    return _record(sme, K.ACCESS, by=by, summary=_("Copy of all data (ZIP)"))


def build_export(request_id: int) -> DataRequest:
    """Write the ZIP of an access request and tell the owner it is ready.

    A plain function of the request's id: the task ``tasks.prepare_export`` runs it in the worker.
    """
    request = DataRequest.objects.select_related("sme__owner").get(pk=request_id)
    sme = request.sme
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr(
            "data.json", json.dumps(collect(sme), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for document in SMEDocument.objects.filter(sme=sme):
            try:
                with document.file.open("rb") as handle:
                    archive.writestr(_zip_name(document), handle.read())
            except (FileNotFoundError, ValueError):
                logger.warning("Document %s of firm %s is missing from the export", document.pk, sme.pk)
    with transaction.atomic():
        if request.export_file:
            request.export_file.delete(save=False)
        request.export_file.save(
            f"{request.pk}-{get_random_string(24)}.zip", ContentFile(buffer.getvalue()), save=False
        )
        request.status = S.DONE
        request.handled_at = timezone.now()
        request.outcome = _("The copy was prepared.")
        request.save()
        notify_owner(request, "privacy_export_ready", link=settings.SITE_URL + export_link(request))
    return request


def export_link(request: DataRequest) -> str:
    token = signing.TimestampSigner(salt=EXPORT_SALT).sign(str(request.pk))
    return reverse("privacy:export_download", args=[token])


def request_for_token(token: str) -> DataRequest | None:
    """The request of a download link still valid; ``None`` when expired or forged."""
    max_age = settings.PRIVACY_EXPORT_LINK_HOURS * 3600
    try:
        pk = int(signing.TimestampSigner(salt=EXPORT_SALT).unsign(token, max_age=max_age))
    except (signing.BadSignature, ValueError):
        return None
    return DataRequest.objects.select_related("sme").filter(pk=pk, kind=K.ACCESS, status=S.DONE).first()


# --- erasure -------------------------------------------------------------------------------------


def request_erasure(sme: SME, *, by, reason: str = "") -> DataRequest:
    if DataRequest.objects.open().filter(sme=sme, kind=K.ERASURE).exists():
        raise ValidationError(_("Your firm already has an open erasure request."))
    request = _record(sme, K.ERASURE, by=by, reason=reason, summary=_("Erasure of the personal data"))
    notify_owner(request, "privacy_erasure_received")
    return request


def _ensure_open(request: DataRequest, by) -> DataRequest:
    if not roles.is_ministry_staff(by):
        raise PermissionDenied(_("Only ministry staff handle requests."))
    locked = (
        DataRequest.objects.select_for_update(of=("self",)).select_related("sme__owner").get(pk=request.pk)
    )
    if locked.status != S.OPEN:
        raise ValidationError(_("This request was already handled."))
    return locked


def refuse(request: DataRequest, *, by, reason: str) -> DataRequest:
    """Refuse an open request with a reason the owner reads (e.g. a legal duty to keep the data)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please write the reason for the firm."))
    with transaction.atomic():
        locked = _ensure_open(request, by)
        locked.status, locked.handled_by, locked.handled_at = S.REFUSED, by, timezone.now()
        locked.outcome = reason
        locked.save()
        notify_owner(locked, "privacy_refused", reason=reason)
    return locked


def erased_label(sme: SME) -> str:
    return f"[erased {sme.pk}]"


def anonymise(sme: SME, *, by) -> None:
    """Remove the personal data of ``sme``; keep the de-identified programme facts.

    Kept: status, region, sector, size, employees, capital, sales, dates, roster places, shortlist,
    visits, scores, proposals (counts, scores and stages still add up). Removed: names of persons,
    NIK, NPWP, NIB, e-mails, phones, address, the owner's account, the uploaded documents (files
    destroyed), the history rows that held them.
    """
    before = consents.consents_of(sme)
    label = erased_label(sme)
    sme.legal_name = label
    sme.trade_name = ""
    sme.nib = None
    sme.npwp = None
    sme.owner_nik = ""
    sme.address = ""
    sme.postal_code = ""
    for name in CONTACT_FIELDS:
        setattr(sme, name, "")
    sme.consent_publish = False
    sme.consent_share_korea = False
    sme.personal_data_erased_at = timezone.now()
    consents.stamp_consents(sme, before)
    sme.save()
    consents.record_consents(sme, before, by=by, source=ConsentChange.Source.ERASURE)
    for document in SMEDocument.objects.filter(sme=sme):
        if document.file:
            document.file.delete(save=False)
        document.file = ""
        document.title = ""
        document.original_name = "erased"
        document.is_archived = True
        document.save()
    TimelineEvent.objects.filter(sme=sme).exclude(note="").update(note="")
    for request in DataRequest.objects.filter(sme=sme).exclude(export_file=""):
        request.export_file.delete(save=False)
        DataRequest.objects.filter(pk=request.pk).update(export_file="")
    owner = sme.owner
    if owner is not None:
        owner.username = f"erased-{sme.pk}"
        owner.first_name = owner.last_name = owner.email = ""
        owner.is_active = False
        owner.set_unusable_password()
        owner.save()
    _forget_history(sme, owner)


def _forget_history(sme: SME, owner) -> None:
    """The change history must not keep what the erasure removed (django-simple-history)."""
    for model, lookup in ((SME, {"id": sme.pk}), (SMEDocument, {"sme_id": sme.pk})):
        history = getattr(model, "history", None)
        if history is not None:
            history.model.objects.filter(**lookup).delete()
    if owner is not None:
        history = getattr(get_user_model(), "history", None)
        if history is not None:
            history.model.objects.filter(id=owner.pk).delete()


def carry_out_erasure(request: DataRequest, *, by, note: str = "") -> DataRequest:
    with transaction.atomic():
        locked = _ensure_open(request, by)
        if locked.kind != K.ERASURE:
            raise ValidationError(_("Only an erasure request is carried out here."))
        # Told before the addresses go: the mail is rendered now and sent after the commit.
        locked.status, locked.handled_by, locked.handled_at = S.DONE, by, timezone.now()
        locked.outcome = note.strip() or _("The personal data were erased.")
        notify_owner(locked, "privacy_erased")
        anonymise(locked.sme, by=by)
        locked.reason = ""
        locked.save()
    return locked
