"""The consents of a firm: the one place that stamps them and records every change.

The registration and profile forms, the admin, the spreadsheet import and the firm's privacy page
all end here, so that each change of ``consent_publish`` or ``consent_share_korea`` has its row
in :class:`~smes.models.ConsentChange` with its time. Withdrawing takes effect at once: every page,
export and match reads the consent fields themselves (``SME.objects.published()``,
``partnership.models.shared_with_korean_team``).
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from .models import SME, ConsentChange

CONSENTS = tuple(ConsentChange.Consent.values)


def consents_of(sme: SME | None) -> dict[str, bool]:
    """The consents of ``sme`` as they stand (all off for ``None``: a firm that does not exist yet)."""
    return {name: sme is not None and bool(getattr(sme, name)) for name in CONSENTS}


def stamp_consents(sme: SME, before: Mapping[str, bool] | None = None, *, now=None) -> list[str]:
    """Keep the moment of each consent in step with the consent; return the stamps changed.

    A consent given (again, if ``before`` says it was not given) carries ``now``; one that
    stands keeps its moment; a withdrawn one has none. Without ``before`` a stamp already set is
    kept (a new firm whose file or demo says when). Nothing is saved.
    """
    now = now or timezone.now()
    changed = []
    for name in CONSENTS:
        stamp = f"{name}_at"
        current = getattr(sme, stamp)
        if not getattr(sme, name):
            value = None
        elif current is None or (before is not None and not before.get(name)):
            value = now
        else:
            value = current
        if value != current:
            setattr(sme, stamp, value)
            changed.append(stamp)
    return changed


def record_consents(
    sme: SME, before: Mapping[str, bool], *, by, source: str, now=None
) -> list[ConsentChange]:
    """Record each consent of the saved ``sme`` that differs from ``before`` (stamped already by
    :func:`stamp_consents`, the one place that sets ``<consent>_at``)."""
    now = now or timezone.now()
    changes = [
        ConsentChange(
            sme=sme,
            consent=name,
            given=bool(getattr(sme, name)),
            at=now,
            by=by if by is not None and by.is_authenticated else None,
            source=source,
        )
        for name in CONSENTS
        if bool(getattr(sme, name)) != bool(before.get(name))
    ]
    if changes:
        ConsentChange.objects.bulk_create(changes)
    return changes


def set_consent(sme: SME, name: str, given: bool, *, by, source: str) -> SME:
    """Give or withdraw one consent now (the firm's privacy page); returns the fresh row."""
    if name not in CONSENTS:
        raise ValueError(name)
    with transaction.atomic():
        locked = SME.objects.select_for_update().get(pk=sme.pk)
        before = consents_of(locked)
        setattr(locked, name, given)
        stamps = stamp_consents(locked, before)
        locked.save(update_fields=[name, *stamps, "updated_at"])
        record_consents(locked, before, by=by, source=source)
    return locked
