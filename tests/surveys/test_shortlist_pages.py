"""The shortlist builder, the survey visit pages, the ranking and the selection, as pages."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from partnership.models import RosterEntry
from partnership.roster import services as roster_services
from surveys import services
from surveys.models import Criterion, SurveyVisit
from tests.factories import make_sme

from . import scenario as scenario_module

R = RosterEntry.Status
V = SurveyVisit.Status
pytestmark = pytest.mark.django_db


def shortlist_url(s):
    return reverse("surveys:shortlist", args=[s.stage.pk])


def test_the_builder_shows_the_fill_level_and_why_firms_cannot_be_added(client, scenario, staff_user):
    client.force_login(staff_user)
    response = client.get(shortlist_url(scenario))
    html = response.content.decode()
    assert "3 / 20" in html
    eligible = [entry.sme.legal_name for entry in response.context["eligible"]]
    assert eligible == ["PT Calon Bogor"]
    reasons = {
        entry.sme.legal_name: [p.code for p in problems] for entry, problems in response.context["ineligible"]
    }
    assert reasons == {"PT Jauh Surabaya": ["region"]}
    assert "Kota Surabaya, Jawa Timur, outside the stage&#x27;s eligible regions" in html


def test_the_builder_names_other_shortlists_withdrawals_and_a_full_stage(client, scenario, staff_user):
    from tests.factories import make_stage

    stage2 = make_stage(scenario.programme, number=2)
    roster_services.roster_withdraw(scenario.outside, by=staff_user, reason="Left.")
    scenario.stage.capacity = 3
    scenario.stage.save()
    client.force_login(staff_user)
    response = client.get(reverse("surveys:shortlist", args=[stage2.pk]))
    reasons = {
        entry.sme.legal_name: [p.code for p in problems] for entry, problems in response.context["ineligible"]
    }
    assert reasons["PT Kunjungan Nanti"] == ["on_other_shortlist"]
    assert reasons["PT Jauh Surabaya"] == ["withdrawn"]
    response = client.get(shortlist_url(scenario))
    reasons = {
        entry.sme.legal_name: [p.code for p in problems] for entry, problems in response.context["ineligible"]
    }
    assert reasons["PT Calon Bogor"] == ["stage_full"]


def test_staff_add_a_candidate_from_the_builder(client, scenario, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("surveys:shortlist_add", args=[scenario.stage.pk]), {"roster_entry": scenario.candidate.pk}
    )
    assert response.status_code == 302
    scenario.candidate.refresh_from_db()
    assert scenario.candidate.status == R.SHORTLISTED


def test_adding_an_ineligible_firm_shows_the_reason(client, scenario, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("surveys:shortlist_add", args=[scenario.stage.pk]),
        {"roster_entry": scenario.outside.pk},
        follow=True,
    )
    assert "outside the stage&#x27;s eligible regions" in response.content.decode()
    scenario.outside.refresh_from_db()
    assert scenario.outside.status == R.CANDIDATE


def test_remove_from_the_shortlist_needs_a_reason(client, scenario, staff_user):
    url = reverse("surveys:shortlist_remove", args=[scenario.stage.pk, scenario.planned.pk])
    client.force_login(staff_user)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    scenario.planned.refresh_from_db()
    assert scenario.planned.is_active
    response = client.post(url, {"reason": "Owner declined the visit."})
    assert response.status_code == 302
    scenario.planned.refresh_from_db()
    scenario.planned_visit.refresh_from_db()
    assert not scenario.planned.is_active
    assert scenario.planned_visit.status == V.CANCELLED


def test_staff_mark_the_pilot(client, scenario, staff_user):
    client.force_login(staff_user)
    client.post(
        reverse("surveys:shortlist_pilot", args=[scenario.stage.pk, scenario.shared.pk]), {"pilot": "1"}
    )
    scenario.shared.refresh_from_db()
    assert scenario.shared.is_pilot
    assert "pilot firm" in client.get(shortlist_url(scenario)).content.decode()


def test_the_builder_has_a_fixed_number_of_queries(
    client, scenario, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(20) as small:
        client.get(shortlist_url(scenario))
    for _ in range(6):
        entry = roster_services.roster_add(scenario.programme, make_sme(), by=staff_user)
        services.shortlist_add(scenario.stage, entry, by=staff_user)
        roster_services.roster_add(scenario.programme, make_sme(regency="3578"), by=staff_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(shortlist_url(scenario))


def test_the_korean_teams_shortlist_has_a_fixed_number_of_queries(
    client, scenario, staff_user, korean_user, django_assert_max_num_queries
):
    client.force_login(korean_user)
    with django_assert_max_num_queries(20) as small:
        client.get(shortlist_url(scenario))
    for _ in range(5):
        entry = roster_services.roster_add(scenario.programme, make_sme(), by=staff_user)
        services.shortlist_add(scenario.stage, entry, by=staff_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(shortlist_url(scenario))


def test_the_stage_list_has_a_fixed_number_of_queries(
    client, scenario, staff_user, django_assert_max_num_queries
):
    from tests.factories import make_stage

    client.force_login(staff_user)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("surveys:stage_list"))
    for number in range(2, 5):
        make_stage(scenario.programme, number=number)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("surveys:stage_list"))


def test_schedule_a_visit_from_the_page(client, scenario, korean_user, staff_user):
    entry = roster_services.roster_add(scenario.programme, make_sme(legal_name="PT Baru"), by=staff_user)
    shortlisted = services.shortlist_add(scenario.stage, entry, by=staff_user)
    client.force_login(korean_user)
    url = reverse("surveys:visit_plan", args=[scenario.stage.pk, shortlisted.pk])
    response = client.post(
        url, {"scheduled_for": "2015-04-21T09:30", "place": "Ciomas", "surveyors": "Kim, Park"}
    )
    assert response.status_code == 302
    visit = SurveyVisit.objects.get(shortlist_entry=shortlisted)
    assert (visit.status, visit.place, visit.created_by) == (V.PLANNED, "Ciomas", korean_user)


def test_a_visit_outside_the_window_shows_the_error_next_to_the_date(client, scenario, staff_user):
    entry = roster_services.roster_add(scenario.programme, make_sme(), by=staff_user)
    shortlisted = services.shortlist_add(scenario.stage, entry, by=staff_user)
    client.force_login(staff_user)
    url = reverse("surveys:visit_plan", args=[scenario.stage.pk, shortlisted.pk])
    response = client.post(url, {"scheduled_for": "2015-06-01T09:30", "place": "Ciomas", "surveyors": "Kim"})
    assert response.status_code == 400
    assert "outside the stage&#x27;s survey window" in response.content.decode()
    assert response.context["form"].errors["scheduled_for"]
    assert 'value="Ciomas"' in response.content.decode()
    assert not SurveyVisit.objects.filter(shortlist_entry=shortlisted).exists()


def test_a_visit_with_missing_fields_shows_the_errors(client, scenario, staff_user):
    client.force_login(staff_user)
    url = reverse("surveys:visit_plan", args=[scenario.stage.pk, scenario.hidden.pk])
    response = client.post(url, {"scheduled_for": "not a date", "place": "", "surveyors": "Kim"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"scheduled_for", "place"}
    assert 'value="Kim"' in response.content.decode()


def survey_data(stage, values, recommendation="recommend"):
    data = {"recommendation": recommendation, "notes": "Good workshop."}
    for criterion, value in zip(Criterion.objects.filter(stage=stage), values, strict=True):
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = f"comment {criterion.code}"
    return data


def test_the_survey_form_completes_the_visit_and_the_firm_appears_in_the_ranking(
    client, scenario, korean_user
):
    client.force_login(korean_user)
    url = reverse("surveys:visit", args=[scenario.planned_visit.pk])
    response = client.get(url)
    html = response.content.decode()
    assert html.count('type="radio"') == 6 * 6 + 3
    response = client.post(url, survey_data(scenario.stage, [5, 5, 5, 5, 5, 5]))
    assert response.status_code == 302
    scenario.planned_visit.refresh_from_db()
    assert scenario.planned_visit.status == V.DONE
    assert scenario.planned_visit.scores.get(criterion__code="technology").comment == "comment technology"
    ranking = client.get(reverse("surveys:ranking", args=[scenario.stage.pk]))
    names = [row.sme.legal_name for row in ranking.context["ranked"]]
    assert names == ["PT Kunjungan Nanti", "PT Berbagi Data"]
    assert "100.0" in ranking.content.decode()


def test_a_survey_with_a_missing_score_keeps_what_was_typed(client, scenario, staff_user):
    client.force_login(staff_user)
    data = survey_data(scenario.stage, [5, 4, 3, 2, 1, 0])
    first = Criterion.objects.filter(stage=scenario.stage).first()
    del data[f"score_{first.pk}"]
    response = client.post(reverse("surveys:visit", args=[scenario.planned_visit.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose a score from 0 to 5." in html
    assert "Good workshop." in html
    last = Criterion.objects.filter(stage=scenario.stage).last()
    assert f'name="score_{last.pk}" id="id_score_{last.pk}_0" value="0" autocomplete="off" checked' in html
    scenario.planned_visit.refresh_from_db()
    assert scenario.planned_visit.status == V.PLANNED and not scenario.planned_visit.scores.exists()


def test_reschedule_and_cancel_from_the_pages(client, scenario, staff_user):
    client.force_login(staff_user)
    visit = scenario.planned_visit
    response = client.post(
        reverse("surveys:visit_reschedule", args=[visit.pk]), {"scheduled_for": "2015-04-22T11:00"}
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.scheduled_for.day == 22
    response = client.post(reverse("surveys:visit_cancel", args=[visit.pk]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("surveys:visit_cancel", args=[visit.pk]), {"reason": "Road closed."})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == V.CANCELLED


def test_the_ranking_page_states_the_tie_break_and_has_a_fixed_number_of_queries(
    client, scenario, staff_user, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(12) as small:
        response = client.get(reverse("surveys:ranking", args=[scenario.stage.pk]))
    assert "Ties are broken by the higher eco-innovation score" in response.content.decode()
    for day in range(1, 6):
        entry = roster_services.roster_add(scenario.programme, make_sme(), by=staff_user)
        shortlisted = services.shortlist_add(scenario.stage, entry, by=staff_user)
        visit = services.plan_visit(
            shortlisted, scheduled_for=scenario_module.at(day), place="x", surveyors="y", by=staff_user
        )
        services.complete_visit(
            visit,
            scores={c.pk: (day % 6, "") for c in Criterion.objects.filter(stage=scenario.stage)},
            recommendation="maybe",
            by=staff_user,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("surveys:ranking", args=[scenario.stage.pk]))
    assert len(response.context["ranked"]) == 6


def test_staff_record_the_selection_with_a_justification(client, scenario, staff_user, korean_user):
    url = reverse("surveys:selection", args=[scenario.stage.pk, scenario.shared.pk])
    client.force_login(staff_user)
    response = client.post(url, {"decision": "selected", "justification": ""})
    assert response.status_code == 400
    assert "justification" in response.context["form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    response = client.post(url, {"decision": "selected", "justification": "Best technology."})
    assert response.status_code == 302
    entry = scenario.shared.roster_entry
    entry.refresh_from_db()
    assert (entry.status, entry.selection_justification) == (R.SELECTED, "Best technology.")
    client.force_login(korean_user)
    assert client.post(url, {"decision": "not_selected", "justification": "x"}).status_code == 403


def test_the_shortlist_and_ranking_exports_follow_the_filters(client, scenario, staff_user, korean_user):
    client.force_login(staff_user)
    url = reverse("surveys:shortlist_export", args=[scenario.stage.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == [
        "PT Berbagi Data",
        "PT Kunjungan Nanti",
        "PT Rahasia Sendiri",
    ]
    rows = list(
        csv.reader(
            io.StringIO(client.get(url, {"format": "csv", "province": "36"}).getvalue().decode("utf-8-sig"))
        )
    )
    assert [row[1] for row in rows[1:]] == ["PT Kunjungan Nanti"]
    client.force_login(korean_user)
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig"))))
    assert "PT Rahasia Sendiri" not in {row[1] for row in rows}

    client.force_login(staff_user)
    response = client.get(reverse("surveys:ranking_export", args=[scenario.stage.pk]), {"format": "xlsx"})
    values = list(openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert values[0][:4] == ("Rank", "Reference", "Legal name", "Weighted score (0–100)")
    assert values[1][0] == 1 and values[1][2] == "PT Berbagi Data" and values[1][3] == "80.0"
    response = client.get(
        reverse("surveys:ranking_export", args=[scenario.stage.pk]), {"format": "csv", "province": "36"}
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 1  # only the header: the Banten firm is not surveyed yet


def test_a_decided_firm_offers_a_revision_not_a_second_decision(client, scenario, staff_user):
    client.cookies["django_language"] = "en"
    url = reverse("surveys:selection", args=[scenario.stage.pk, scenario.shared.pk])
    client.force_login(staff_user)
    client.post(url, {"decision": "selected", "justification": "Best technology."})
    ranking_url = reverse("surveys:ranking", args=[scenario.stage.pk])

    html = client.get(ranking_url).content.decode()
    row = html.split('data-firm="PT Berbagi Data"')[1].split("</tr>")[0]
    assert "Revise" in row and "Record the decision" not in row

    page = client.get(url)
    assert [value for value, _label in page.context["form"].fields["decision"].choices] == ["not_selected"]
    assert "Decision recorded:" in page.content.decode() and "Best technology." in page.content.decode()
    response = client.post(url, {"decision": "not_selected", "justification": "Budget moved."})
    assert response.status_code == 302
    scenario.shared.roster_entry.refresh_from_db()
    assert scenario.shared.roster_entry.status == R.NOT_SELECTED


def test_the_ranking_offers_the_next_firm_to_decide(client, scenario, staff_user, korean_user):
    client.cookies["django_language"] = "en"
    client.force_login(korean_user)
    client.post(
        reverse("surveys:visit", args=[scenario.planned_visit.pk]),
        survey_data(scenario.stage, [5, 5, 5, 5, 5, 5]),
    )
    client.force_login(staff_user)
    ranking_url = reverse("surveys:ranking", args=[scenario.stage.pk])
    assert "Next firm to decide: PT Kunjungan Nanti (rank 1)" in client.get(ranking_url).content.decode()

    first = scenario.planned_visit.shortlist_entry
    response = client.post(
        reverse("surveys:selection", args=[scenario.stage.pk, first.pk]),
        {"decision": "selected", "justification": "Best."},
        follow=True,
    )

    assert "Next firm to decide: PT Berbagi Data (rank 2)" in response.content.decode()


def test_a_survey_saved_as_a_draft_keeps_the_answers_and_leaves_the_visit_planned(
    client, scenario, korean_user
):
    client.cookies["django_language"] = "en"
    client.force_login(korean_user)
    url = reverse("surveys:visit", args=[scenario.planned_visit.pk])
    data = survey_data(scenario.stage, [4, 3, 2, 1, 0, 5])
    first, second = list(Criterion.objects.filter(stage=scenario.stage))[:2]
    del data[f"score_{second.pk}"]  # not scored yet
    del data["recommendation"]

    response = client.post(url, {**data, "action": "draft"}, follow=True)

    visit = SurveyVisit.objects.get(pk=scenario.planned_visit.pk)
    assert visit.status == V.PLANNED and not visit.scores.exists()
    assert visit.draft["scores"][str(first.pk)] == [4, f"comment {first.code}"]
    assert visit.draft["scores"][str(second.pk)][0] is None
    assert visit.draft_saved_at is not None
    html = response.content.decode()
    assert "The draft of the survey of" in html
    assert f'data-clear-local-copy="survey-visit-{visit.pk}"' in html
    form = response.context["form"]
    assert form[f"score_{first.pk}"].value() == 4
    assert form["notes"].value() == "Good workshop."
    ranking = client.get(reverse("surveys:ranking", args=[scenario.stage.pk]))
    assert "PT Kunjungan Nanti" not in [row.sme.legal_name for row in ranking.context["ranked"]]


def test_completing_is_its_own_action_and_forgets_the_draft(client, scenario, korean_user):
    client.force_login(korean_user)
    url = reverse("surveys:visit", args=[scenario.planned_visit.pk])
    client.post(url, {**survey_data(scenario.stage, [1, 1, 1, 1, 1, 1]), "action": "draft"})

    incomplete = survey_data(scenario.stage, [5, 5, 5, 5, 5, 5])
    del incomplete["recommendation"]
    assert client.post(url, {**incomplete, "action": "complete"}).status_code == 400

    response = client.post(url, {**survey_data(scenario.stage, [5, 5, 5, 5, 5, 5]), "action": "complete"})

    assert response.status_code == 302
    visit = SurveyVisit.objects.get(pk=scenario.planned_visit.pk)
    assert visit.status == V.DONE and visit.scores.count() == 6
    assert visit.draft == {} and visit.draft_saved_at is None


def test_a_draft_with_a_score_out_of_range_is_refused_and_keeps_nothing(client, scenario, korean_user):
    client.force_login(korean_user)
    url = reverse("surveys:visit", args=[scenario.planned_visit.pk])
    first = Criterion.objects.filter(stage=scenario.stage).first()

    response = client.post(url, {f"score_{first.pk}": "9", "action": "draft"})

    assert response.status_code == 400
    assert SurveyVisit.objects.get(pk=scenario.planned_visit.pk).draft == {}
