"""The firm's dossier for the programme team: content, NIK/NPWP never for the Korean team, print."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from smes.models import SMEDocument
from tests.surveys import scenario as scenario_module

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that assertions on messages survive the translation pass."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


NIK = "3201010101800001"
NPWP = "0912345678901234"


@pytest.fixture
def scenario(staff_user):
    s = scenario_module.build(staff_user)
    sme = s.shared.roster_entry.sme
    sme.eco_practices = "Biogas from cassava waste"
    sme.save()
    for kind, title in [
        (SMEDocument.Kind.PROFILE, "Company profile 2015"),
        (SMEDocument.Kind.NPWP, "Tax card"),
    ]:
        document = SMEDocument(
            sme=sme, kind=kind, title=title, original_name="x.pdf", content_type="application/pdf", size=10
        )
        document.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
        document.save()
    return s


def dossier_url(s, entry):
    return reverse("partnership:dossier", args=[s.programme.slug, entry.roster_entry_id])


def test_the_dossier_shows_profile_documents_survey_and_timeline(client, scenario, korean_user):
    client.force_login(korean_user)
    html = client.get(dossier_url(scenario, scenario.shared)).content.decode()
    for text in [
        "PT Berbagi Data",
        "fibreglass tanks",  # products
        "Biogas from cassava waste",  # eco-innovation practices
        "Company profile 2015",  # a document
        "Tahap 1",  # shortlist and timeline
        "4 / 5",  # survey scores
    ]:
        assert text in html, text
    assert (
        reverse("smes:document_download", args=[SMEDocument.objects.get(title="Company profile 2015").pk])
        in html
    )


def test_the_korean_team_never_sees_nik_or_npwp(client, scenario, korean_user):
    client.force_login(korean_user)
    html = client.get(dossier_url(scenario, scenario.shared)).content.decode()
    assert NIK not in html
    assert NPWP not in html
    assert "Tax card" not in html  # the NPWP card document is not listed either
    sme = scenario.shared.roster_entry.sme
    assert sme.contact_email not in html


def test_staff_see_the_identifiers(client, scenario, staff_user):
    client.force_login(staff_user)
    html = client.get(dossier_url(scenario, scenario.shared)).content.decode()
    assert NPWP in html
    assert "Tax card" in html


def test_the_dossier_prints_on_a4_without_navigation(client, scenario, korean_user):
    client.force_login(korean_user)
    html = client.get(dossier_url(scenario, scenario.shared)).content.decode()
    assert 'class="dossier"' in html
    assert 'class="navbar' in html and "d-print-none" in html
    # The print rules live in the stylesheet (the Content-Security-Policy allows no inline <style>).
    css = (scenario_module.__file__.rsplit("/tests/", 1)[0]) + "/static/css/mitra.css"
    with open(css, encoding="utf-8") as fh:
        stylesheet = fh.read()
    assert "size: A4" in stylesheet
    assert ".dossier section { break-inside: avoid; }" in stylesheet


def test_the_dossier_is_in_korean_for_the_korean_team(client, scenario, korean_user, settings):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(korean_user)
    response = client.get(dossier_url(scenario, scenario.shared))
    assert response.headers["Content-Language"] == "ko"
    assert '<html lang="ko">' in response.content.decode()


def test_a_firm_of_another_programme_is_not_found(client, scenario, staff_user):
    from tests.factories import make_programme

    other = make_programme(slug="other", name="Other", year=2016)
    client.force_login(staff_user)
    url = reverse("partnership:dossier", args=[other.slug, scenario.shared.roster_entry_id])
    assert client.get(url).status_code == 404


def test_the_korean_dossier_names_the_stage_in_korean_even_in_the_timeline(client, scenario, korean_user):
    from smes.models import TimelineEvent

    stage = scenario.shared.stage
    stage.name_ko = "1단계"
    stage.save()
    sme = scenario.shared.roster_entry.sme
    assert TimelineEvent.objects.filter(sme=sme, subject=stage.name).exists()
    client.force_login(korean_user)
    client.cookies["django_language"] = "ko"
    html = client.get(dossier_url(scenario, scenario.shared)).content.decode()
    assert "1단계" in html
    assert stage.name not in html
