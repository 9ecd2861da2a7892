"""Put what the workflow services write during the demo on the story's dates.

The services stamp rows and timeline events with the real time; the demo tells a 2015 story
(roster in February, the pilot visit on 8 April, selection in May), and the dated programme
report depends on those dates. Each phase of the demo runs inside :func:`dated`, which moves
everything the phase wrote to the phase's date, keeping the order of the events.
"""

import datetime as dt
from contextlib import contextmanager

from django.db.models import Max
from django.utils import timezone

from partnership.models import RosterEntry
from smes.models import TimelineEvent
from surveys.models import ShortlistEntry, SurveyVisit


def _last_pk(model) -> int:
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def dated(when: dt.datetime):
    started = timezone.now()
    marks = {model: _last_pk(model) for model in (TimelineEvent, RosterEntry, ShortlistEntry, SurveyVisit)}
    yield
    events = list(
        TimelineEvent.objects.filter(pk__gt=marks[TimelineEvent]).order_by("pk").values_list("pk", "sme_id")
    )
    for offset, (pk, _sme) in enumerate(events):
        TimelineEvent.objects.filter(pk=pk).update(at=when + dt.timedelta(minutes=offset))
    RosterEntry.objects.filter(pk__gt=marks[RosterEntry]).update(added_at=when)
    RosterEntry.objects.filter(updated_at__gte=started).update(updated_at=when)
    ShortlistEntry.objects.filter(pk__gt=marks[ShortlistEntry]).update(added_at=when)
    SurveyVisit.objects.filter(pk__gt=marks[SurveyVisit]).update(created_at=when)
    SurveyVisit.objects.filter(completed_at__gte=started).update(completed_at=when)
