"""The admin of the pipeline: lists, filters, search, and actions that call the services."""

import pytest
from django.urls import reverse

from surveys.models import SurveyVisit

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:partnership_programme_changelist",
    "admin:partnership_rosterentry_changelist",
    "admin:surveys_stage_changelist",
    "admin:surveys_shortlistentry_changelist",
    "admin:surveys_surveyvisit_changelist",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_the_changelists_open_with_search_for_ministry_staff(client, scenario, staff_user, name):
    client.force_login(staff_user)
    response = client.get(reverse(name), {"q": "Berbagi"})
    assert response.status_code == 200


def test_the_change_pages_open(admin_client, scenario):
    for name, obj in [
        ("admin:partnership_programme_change", scenario.programme),
        ("admin:partnership_rosterentry_change", scenario.candidate),
        ("admin:surveys_stage_change", scenario.stage),
        ("admin:surveys_shortlistentry_change", scenario.shared),
        ("admin:surveys_surveyvisit_change", scenario.done_visit),
    ]:
        assert admin_client.get(reverse(name, args=[obj.pk])).status_code == 200, name


def test_the_admin_cancels_visits_through_the_service(admin_client, scenario):
    url = reverse("admin:surveys_surveyvisit_changelist")
    selected = [scenario.planned_visit.pk, scenario.done_visit.pk]
    admin_client.post(
        url, {"action": "cancel_selected", "_selected_action": selected, "apply": "1", "reason": "Rain."}
    )
    scenario.planned_visit.refresh_from_db()
    scenario.done_visit.refresh_from_db()
    assert scenario.planned_visit.status == SurveyVisit.Status.CANCELLED
    assert scenario.done_visit.status == SurveyVisit.Status.DONE  # refused by the transition table


def test_the_admin_removes_shortlisted_firms_through_the_service(admin_client, scenario):
    url = reverse("admin:surveys_shortlistentry_changelist")
    admin_client.post(
        url,
        {
            "action": "remove_selected",
            "_selected_action": [scenario.planned.pk],
            "apply": "1",
            "reason": "No.",
        },
    )
    scenario.planned.refresh_from_db()
    assert not scenario.planned.is_active
    assert scenario.planned.roster_entry.status == "candidate"


def test_the_korean_team_has_no_admin(client, scenario, korean_user):
    client.force_login(korean_user)
    response = client.get(reverse("admin:surveys_stage_changelist"))
    assert response.status_code == 302
