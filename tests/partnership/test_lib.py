"""The single definitions that every part uses: the active language, roster places, pipeline steps."""

import pytest
from django.utils import translation

from partnership.lib.i18n import active_language
from partnership.models import RosterEntry
from tests.factories import make_programme, make_roster_entry

R = RosterEntry.Status


@pytest.mark.parametrize(("active", "expected"), [("ko", "ko"), ("en-us", "en"), ("id", "id"), (None, "id")])
def test_active_language_is_the_two_letter_code_with_the_site_default(active, expected):
    if active is None:
        with translation.override(None):
            assert active_language() == expected
    else:
        with translation.override(active):
            assert active_language() == expected


@pytest.mark.django_db
def test_places_taken_counts_every_live_entry_and_no_withdrawn_one():
    programme = make_programme()
    for status in (*RosterEntry.LIVE_STATUSES, R.WITHDRAWN, R.WITHDRAWN):
        make_roster_entry(programme=programme, status=status)
    assert programme.places_taken() == len(RosterEntry.LIVE_STATUSES) == 5


def test_each_step_reached_includes_the_steps_beyond_it():
    steps = RosterEntry.STEP_REACHED
    order = ["roster", "shortlist", "survey", "selection"]
    for earlier, later in zip(order, order[1:], strict=False):
        assert set(steps[later]) < set(steps[earlier])
    assert R.WITHDRAWN not in steps["roster"]
    assert set(steps["selection"]) == set(RosterEntry.DECISIONS) == {R.SELECTED, R.NOT_SELECTED}
    assert R.CANDIDATE not in steps["shortlist"]


@pytest.mark.django_db
def test_text_search_trims_and_finds_the_text_in_any_field_across_relations():
    from partnership.lib.filters import text_search
    from smes.models import SME
    from tests.factories import make_sme

    tanks = make_sme(legal_name="PT Tangki Jaya", products="fibreglass tanks")
    boats = make_sme(legal_name="CV Perahu", trade_name="Tangki Laut", products="boats")
    make_sme(legal_name="PT Lain", products="rice")
    entry = make_roster_entry(tanks)

    found = text_search(SME.objects.order_by("pk"), "  tangki ", ("legal_name", "trade_name"))
    assert list(found) == [tanks, boats]
    assert list(text_search(SME.objects.all(), "BOATS", ("products",))) == [boats]
    assert text_search(SME.objects.all(), "   ", ("legal_name",)).count() == 3
    assert list(text_search(RosterEntry.objects.all(), "jaya", ("sme__legal_name",))) == [entry]
