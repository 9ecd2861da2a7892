"""Reminders and the staff digest, sent by ``manage.py send_reminders`` (a daily timer).

Each reminder is sent once per situation: before it is queued, a :class:`ReminderSent` row
(kind, object, situation) is written in the same transaction, and its unique constraint stops a
second run, or a second machine, from sending it again. A situation is what the reminder is about:
the timeline event of the ministry's request, the visit's date and time, the proposal's entry into
"under review", the digest's day. When it changes (a new request, a new date), a new reminder
is due. The thresholds are ``settings.MITRA_REMINDERS``.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from partnership.accounts.services import account_language
from partnership.lib import roles
from partnership.lib.notify import send_templated_mail
from partnership.models import CooperationProposal, ProposalEvent
from partnership.outbox.models import OutboxMail
from smes.models import SME, TimelineEvent
from smes.services import notify_sme
from surveys.models import SurveyVisit

from .models import ReminderSent

DEFAULTS = {
    # A firm asked for information that has not answered for this many days.
    "needs_info_days": 7,
    # Visits this many days ahead (1: tomorrow), to the firm and the Korean team.
    "visit_days_ahead": 1,
    # A proposal addressed to the firm, under review for this many days without its answer.
    "proposal_answer_days": 14,
    # The staff digest lists submissions waiting for verification for more than this many days.
    "verification_queue_days": 3,
    # The outbox's model ("app_label.Model"), whose rows with status "failed" the digest lists
    # when that app is installed; empty to leave failed mails out.
    # How many firms and failed mails the digest lists by name.
    "digest_list_length": 20,
}


def thresholds() -> dict:
    return {**DEFAULTS, **getattr(settings, "MITRA_REMINDERS", {})}


@dataclass
class Report:
    sent: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.sent[kind] = self.sent.get(kind, 0) + 1


def _first_time(kind: str, object_key: str, situation: str) -> bool:
    """Record the reminder; False when it was sent before (call inside the sending transaction)."""
    _, created = ReminderSent.objects.get_or_create(kind=kind, object_key=object_key, situation=situation)
    return created


def _local_day_bounds(day) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return start, start + timedelta(days=1)


# --- the firm asked for information ------------------------------------------------------------


def remind_needs_info(now: datetime, report: Report) -> None:
    days = thresholds()["needs_info_days"]
    requests = TimelineEvent.objects.filter(
        sme=OuterRef("pk"), workflow="registration", to_state=SME.Status.NEEDS_INFO
    ).order_by("-at", "-id")
    waiting = (
        SME.objects.filter(status=SME.Status.NEEDS_INFO)
        .annotate(
            request_id=Subquery(requests.values("id")[:1]), asked_at=Subquery(requests.values("at")[:1])
        )
        .filter(asked_at__lte=now - timedelta(days=days))
        .select_related("owner")
        .order_by("pk")
    )
    for sme in waiting:
        with transaction.atomic():
            if not _first_time("needs_info", f"sme:{sme.pk}", f"event:{sme.request_id}"):
                continue
            note = TimelineEvent.objects.get(pk=sme.request_id).note
            notify_sme(sme, "reminder_needs_info", note=note, asked_at=sme.asked_at, days=days)
            report.count("needs_info")


# --- a survey visit tomorrow -------------------------------------------------------------------


def remind_visits(now: datetime, report: Report) -> None:
    day = timezone.localdate(now) + timedelta(days=thresholds()["visit_days_ahead"])
    start, end = _local_day_bounds(day)
    visits = (
        SurveyVisit.objects.filter(
            status=SurveyVisit.Status.PLANNED, scheduled_for__gte=start, scheduled_for__lt=end
        )
        .select_related("shortlist_entry__stage", "shortlist_entry__roster_entry__sme__owner")
        .order_by("scheduled_for", "pk")
    )
    team = None
    for visit in visits:
        entry = visit.shortlist_entry.roster_entry
        stage = visit.shortlist_entry.stage
        sme = entry.sme
        situation = visit.scheduled_for.isoformat()
        with transaction.atomic():
            if _first_time("visit_firm", f"visit:{visit.pk}", situation):
                notify_sme(sme, "reminder_visit_firm", visit=visit, stage=stage, entry=entry)
                report.count("visit_firm")
        # The Korean team sees the firm only while it is shared with it (the one rule).
        if not entry.is_shared_with_korean_team:
            continue
        if team is None:
            team = list(
                User.objects.filter(groups__name=roles.KOREAN_TEAM_GROUP, is_active=True)
                .exclude(email="")
                .distinct()
            )
        if not team:
            continue
        with transaction.atomic():
            if _first_time("visit_team", f"visit:{visit.pk}", situation):
                send_templated_mail(
                    to=sorted({user.email for user in team}),
                    template="emails/reminder_visit_team",
                    context={"visit": visit, "stage": stage, "sme": sme, "entry": entry},
                    language="ko",
                    users=team,
                )
                report.count("visit_team")


# --- a proposal waiting for the firm's answer -------------------------------------------------


def remind_proposals(now: datetime, report: Report) -> None:
    days = thresholds()["proposal_answer_days"]
    P = CooperationProposal.Status
    entries = ProposalEvent.objects.filter(
        proposal=OuterRef("pk"), kind=ProposalEvent.Kind.MOVE, to_state=P.UNDER_REVIEW
    ).order_by("-at", "-id")
    waiting = (
        CooperationProposal.objects.filter(status=P.UNDER_REVIEW)
        .exclude(author_side=CooperationProposal.Side.SME)
        .annotate(
            entry_id=Subquery(entries.values("id")[:1]), waiting_since=Subquery(entries.values("at")[:1])
        )
        .filter(waiting_since__lte=now - timedelta(days=days))
        .select_related("roster_entry__sme__owner", "partner")
        .order_by("pk")
    )
    for proposal in waiting:
        with transaction.atomic():
            if not _first_time("proposal", f"proposal:{proposal.pk}", f"event:{proposal.entry_id}"):
                continue
            notify_sme(
                proposal.roster_entry.sme,
                "reminder_proposal",
                proposal=proposal,
                waiting_since=proposal.waiting_since,
                days=days,
            )
            report.count("proposal")


# --- the staff digest --------------------------------------------------------------------------


def failed_mails():
    """The outbox's mails that exhausted their attempts."""
    return OutboxMail.objects.filter(status=OutboxMail.Status.FAILED)


def send_digest(now: datetime, report: Report) -> None:
    settings_ = thresholds()
    days = settings_["verification_queue_days"]
    length = settings_["digest_list_length"]
    queue = SME.objects.filter(status=SME.Status.SUBMITTED, submitted_at__lte=now - timedelta(days=days))
    waiting = queue.count()
    failed_qs = failed_mails()
    failed = failed_qs.count()
    if not waiting and not failed:
        return
    context = {
        "waiting": waiting,
        "days": days,
        "firms": list(queue.order_by("submitted_at", "pk")[:length]),
        "failed": failed,
        "failed_mails": [str(mail) for mail in failed_qs.order_by("-pk")[:length]] if failed else [],
        "day": timezone.localdate(now),
    }
    staff = User.objects.filter(groups__name=roles.STAFF_GROUP, is_active=True).exclude(email="").distinct()
    situation = timezone.localdate(now).isoformat()
    for user in staff.order_by("pk"):
        with transaction.atomic():
            if not _first_time("staff_digest", f"user:{user.pk}", situation):
                continue
            send_templated_mail(
                to=[user.email],
                template="emails/staff_digest",
                context={**context, "user": user},
                language=account_language(user),
                users=[user],
            )
            report.count("staff_digest")


def send_reminders(now: datetime | None = None) -> Report:
    """Send every reminder that is due and not yet sent; the report counts what was sent."""
    now = now or timezone.now()
    report = Report()
    remind_needs_info(now, report)
    remind_visits(now, report)
    remind_proposals(now, report)
    send_digest(now, report)
    return report
