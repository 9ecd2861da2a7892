"""The firm sees its progress in the programme on its own page."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from partnership.models import RosterEntry
from partnership.roster import services as roster_services

pytestmark = pytest.mark.django_db


def progress_html(sme):
    with translation.override("en"):
        return render_to_string("partnership/includes/sme_progress.html", {"sme": sme})


def test_a_firm_not_on_a_roster_is_told_so(sme):
    assert "not on a programme roster yet" in progress_html(sme)


def test_the_progress_follows_the_pipeline(scenario, staff_user, django_assert_max_num_queries):
    sme = scenario.planned.roster_entry.sme
    with django_assert_max_num_queries(3):
        html = progress_html(sme)
    assert "Tahap 1" in html
    assert "planned for" in html and "2015" in html
    assert html.count("Done:") == 2  # on the roster, shortlisted

    surveyed = scenario.shared.roster_entry
    roster_services.record_selection(
        surveyed, RosterEntry.Status.SELECTED, by=staff_user, justification="Top."
    )
    html = progress_html(surveyed.sme)
    assert html.count("Done:") == 4
    assert "selected" in html


def test_a_withdrawn_firm_sees_the_reason(scenario, staff_user):
    roster_services.roster_withdraw(scenario.candidate, by=staff_user, reason="The firm asked to leave.")
    html = progress_html(scenario.candidate.sme)
    assert "withdrawn" in html and "The firm asked to leave." in html
