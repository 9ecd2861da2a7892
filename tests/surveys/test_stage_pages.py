"""Stage pages: create and edit a stage with its rubric; weights must add up to 100."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys.models import Criterion, Stage
from surveys.rubric import DEFAULT_RUBRIC, check_weights
from tests.factories import make_programme, make_stage

pytestmark = pytest.mark.django_db


def stage_post(rows, **fields):
    data = {
        "programme": make_programme().pk,
        "name": "Tahap 3",
        "number": "3",
        "capacity": "20",
        "eligible_regencies": ["3201", "3271"],
        "eligible_provinces": ["36"],
        "survey_start": "2015-10-01",
        "survey_end": "2015-10-31",
        "status": "open",
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"criteria-{index}-{key}"] = str(value)
    data.update(fields)
    return data


def default_rows():
    return [dict(row, order=index) for index, row in enumerate(DEFAULT_RUBRIC, start=1)]


def test_rubric_weights_must_add_up_to_100():
    check_weights([25, 20, 15, 15, 15, 10])
    with pytest.raises(ValidationError, match="add up to 100; now they add up to 99"):
        check_weights([25, 20, 15, 15, 15, 9])
    with pytest.raises(ValidationError, match="at least one criterion"):
        check_weights([])


def test_the_default_rubric_adds_up_to_100():
    assert sum(row["weight"] for row in DEFAULT_RUBRIC) == 100
    assert len(DEFAULT_RUBRIC) == 6


def test_a_new_stage_is_offered_the_default_rubric(client, staff_user):
    make_programme()
    client.force_login(staff_user)
    response = client.get(reverse("surveys:stage_create"))
    html = response.content.decode()
    for row in DEFAULT_RUBRIC:
        assert row["name_en"] in html and row["name_ko"] in html
    assert response.context["form"].initial["name"] == "Tahap 1"


def test_staff_create_a_stage_with_its_rubric(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("surveys:stage_create"), stage_post(default_rows()))
    assert response.status_code == 302
    stage = Stage.objects.get(number=3)
    assert stage.capacity == 20
    assert set(stage.eligible_regencies.values_list("code", flat=True)) == {"3201", "3271"}
    assert list(stage.criteria.values_list("weight", flat=True)) == [25, 20, 15, 15, 15, 10]


def test_weights_not_adding_up_to_100_are_refused_and_nothing_is_saved(client, staff_user):
    rows = default_rows()
    rows[0]["weight"] = 30  # 105 in all
    client.force_login(staff_user)
    response = client.post(reverse("surveys:stage_create"), stage_post(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "must add up to 100; now they add up to 105" in html
    assert 'value="30"' in html  # what was typed stays
    assert 'value="Tahap 3"' in html
    assert not Stage.objects.filter(number=3).exists()
    assert not Criterion.objects.exists()


def test_a_survey_window_ending_before_it_starts_is_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("surveys:stage_create"), stage_post(default_rows(), survey_end="2015-09-01")
    )
    assert response.status_code == 400
    assert "must end on or after its first day" in response.content.decode()
    assert not Stage.objects.exists()


def test_a_stage_number_is_unique_in_its_programme(client, staff_user):
    make_stage(number=3)
    client.force_login(staff_user)
    response = client.post(reverse("surveys:stage_create"), stage_post(default_rows()))
    assert response.status_code == 400
    assert "already has a stage with this number" in response.content.decode()


def test_staff_edit_a_stage_and_its_rubric(client, staff_user):
    stage = make_stage()
    criteria = list(stage.criteria.all())
    data = stage_post([], name="Tahap 1 (revised)", number="1")
    data.pop("programme")
    data.update({"criteria-TOTAL_FORMS": str(len(criteria)), "criteria-INITIAL_FORMS": str(len(criteria))})
    for index, criterion in enumerate(criteria):
        for key in ("code", "name_en", "name_id", "name_ko", "weight", "order"):
            data[f"criteria-{index}-{key}"] = str(getattr(criterion, key))
        data[f"criteria-{index}-id"] = str(criterion.pk)
        data[f"criteria-{index}-stage"] = str(stage.pk)
    # Move 5 points from technology to eco-innovation: still 100.
    data["criteria-0-weight"] = "20"
    data["criteria-4-weight"] = "20"
    client.force_login(staff_user)
    response = client.post(reverse("surveys:stage_edit", args=[stage.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stage.refresh_from_db()
    assert stage.name == "Tahap 1 (revised)"
    assert list(stage.criteria.values_list("weight", flat=True)) == [20, 20, 15, 15, 20, 10]


def test_the_admin_rubric_inline_refuses_weights_not_adding_up_to_100(admin_client):
    programme = make_programme()
    data = {
        "programme": programme.pk,
        "number": "4",
        "name": "Tahap 4",
        "capacity": "20",
        "status": "open",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-code": "a",
        "criteria-0-name_en": "A",
        "criteria-0-name_id": "A",
        "criteria-0-name_ko": "가",
        "criteria-0-weight": "60",
        "criteria-0-order": "1",
        "criteria-1-code": "b",
        "criteria-1-name_en": "B",
        "criteria-1-name_id": "B",
        "criteria-1-name_ko": "나",
        "criteria-1-weight": "30",
        "criteria-1-order": "2",
    }
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(reverse("admin:surveys_stage_add"), data)
    assert response.status_code == 200
    assert "must add up to 100; now they add up to 90" in response.content.decode()
    assert not Stage.objects.filter(number=4).exists()
    data["criteria-1-weight"] = "40"
    response = admin_client.post(reverse("admin:surveys_stage_add"), data)
    assert response.status_code == 302
    assert Stage.objects.get(number=4).criteria.count() == 2


def test_the_admin_offers_the_default_rubric_for_a_new_stage(admin_client):
    html = admin_client.get(reverse("admin:surveys_stage_add")).content.decode()
    assert "Eco-innovation potential" in html and "친환경혁신 잠재력" in html
