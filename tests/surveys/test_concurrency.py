"""Two staff members take the last free place at the same moment: one wins, one is refused.

Real transactions in two threads, each with its own database connection. PostgreSQL only:
SQLite has no row locks (it locks the whole file), so the race these tests guard against cannot
happen there in the same way.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from partnership.models import RosterEntry
from partnership.roster import services as roster_services
from surveys import services
from surveys.models import ShortlistEntry
from tests.factories import make_programme, make_roster_entry, make_sme, make_staff, make_stage

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT … FOR UPDATE); run with DATABASE_URL=postgres://…",
    ),
]


def race(*attempts):
    """Run the attempts at the same moment in their own threads; return (results, errors)."""
    barrier = threading.Barrier(len(attempts))
    results, errors = [], []

    def run(attempt):
        # Each thread has its own active language: the refusals are asserted in English.
        translation.activate("en")
        try:
            barrier.wait(timeout=10)
            results.append(attempt())
        except ValidationError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_two_staff_members_take_the_last_roster_place_at_once():
    programme = make_programme(capacity=5)
    for _ in range(4):
        make_roster_entry(programme=programme)
    first, second = make_sme(), make_sme()
    alice, budi = make_staff("alice"), make_staff("budi")

    results, errors = race(
        lambda: roster_services.roster_add(programme, first, by=alice),
        lambda: roster_services.roster_add(programme, second, by=budi),
    )

    assert len(results) == 1 and len(errors) == 1
    assert "The roster is full: 5 of 5 places are taken" in errors[0].messages[0]
    assert RosterEntry.objects.filter(programme=programme).live().count() == 5


def test_two_staff_members_take_the_last_shortlist_place_at_once():
    stage = make_stage(capacity=2)
    alice, budi = make_staff("alice"), make_staff("budi")
    services.shortlist_add(stage, make_roster_entry(programme=stage.programme), by=alice)
    first = make_roster_entry(programme=stage.programme)
    second = make_roster_entry(programme=stage.programme)

    results, errors = race(
        lambda: services.shortlist_add(stage, first, by=alice),
        lambda: services.shortlist_add(stage, second, by=budi),
    )

    assert len(results) == 1 and len(errors) == 1
    assert "The stage is full: 2 of 2 places are taken." in errors[0].messages
    assert ShortlistEntry.objects.filter(stage=stage, is_active=True).count() == 2


def test_the_same_firm_added_twice_at_once_is_on_the_roster_once():
    programme = make_programme()
    firm = make_sme()
    alice, budi = make_staff("alice"), make_staff("budi")

    results, errors = race(
        lambda: roster_services.roster_add(programme, firm, by=alice),
        lambda: roster_services.roster_add(programme, firm, by=budi),
    )

    assert len(results) == 1 and len(errors) == 1
    assert "already on the roster" in errors[0].messages[0]
    assert RosterEntry.objects.filter(programme=programme, sme=firm).count() == 1
