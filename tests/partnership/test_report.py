"""The dated programme report: permissions, figures as of a date, bad dates, the PDF."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.dashboard import figures as dashboard
from partnership.dashboard.report import stage_rankings
from tests.partnership.test_dashboard import Scenario, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(staff_user):
    return Scenario(staff_user)


def report_url(programme, **params):
    url = reverse("partnership:report", args=[programme.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def pdf_url(programme, **params):
    return report_url(programme, **params).replace("/report/", "/report/pdf/")


def test_report_asks_anonymous_visitors_to_log_in(client, scenario):
    response = client.get(report_url(scenario.programme))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["owner_user", "korean_user"])
def test_report_is_for_staff_only(client, scenario, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(report_url(scenario.programme, date="2015-06-01")).status_code == 403
    assert client.get(pdf_url(scenario.programme, date="2015-06-01")).status_code == 403


def test_report_without_a_date_shows_today(client, scenario, staff_user):
    client.force_login(staff_user)
    response = client.get(report_url(scenario.programme))
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    live = [step.count for step in dashboard.funnel(scenario.programme)]
    assert [step.count for step in response.context["figures"]["funnel"]] == live


def test_report_for_a_date_shows_the_figures_as_of_that_day(client, scenario, staff_user):
    client.force_login(staff_user)
    response = client.get(report_url(scenario.programme, date="2015-04-08"))
    assert response.status_code == 200
    funnel = {step.key: step.count for step in response.context["figures"]["funnel"]}
    assert (funnel["roster"], funnel["shortlisted"], funnel["surveyed"], funnel["selected"]) == (6, 5, 1, 0)
    html = response.content.decode()
    assert "2015-04-08" in html  # the PDF link keeps the date
    # The ranking as of that day holds only the visit done by then.
    ranking = response.context["rankings"][0]
    assert [row["firm"].sme for row in ranking["rows"]] == [
        scenario.visits[0].shortlist_entry.roster_entry.sme
    ]
    assert 'id="ranking-1"' in html


def test_stage_rankings_order_by_weighted_score(scenario):
    ranking = stage_rankings(scenario.programme)[0]
    totals = [(row["firm"].rank, float(row["firm"].weighted_total), row["scores"]) for row in ranking["rows"]]
    # (5×60 + 5×40) / 5 = 100; (3×60 + 4×40) / 5 = 68; (4×60 + 2×40) / 5 = 64.
    assert totals == [(1, 100.0, [5, 5]), (2, 68.0, [3, 4]), (3, 64.0, [4, 2])]
    assert stage_rankings(scenario.programme)[1]["rows"] == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2015-13-45", "Enter a real date"),
        ("yesterday", "Enter a real date"),
        ("0001-01-01", "from the year 2000 on"),
        ("2999-01-01", "cannot look into the future"),
    ],
)
def test_report_with_a_bad_date_says_why_without_a_500(client, scenario, staff_user, value, message):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    response = client.get(report_url(scenario.programme, date=value))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html  # what was typed stays in the field
    assert response.context["figures"] is None
    pdf = client.get(pdf_url(scenario.programme, date=value))
    assert pdf.status_code == 400
    assert message in pdf.content.decode()


@pytest.mark.parametrize("language", ["id", "en", "ko"])
def test_pdf_download_is_a_pdf(client, scenario, staff_user, language):
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    response = client.get(pdf_url(scenario.programme, date="2015-06-30"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="aseic-2015-report-2015-06-30.pdf"' in response["Content-Disposition"]


def test_pdf_holds_the_figures_and_the_ranking(client, scenario, staff_user):
    import io

    from pypdf import PdfReader

    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    response = client.get(pdf_url(scenario.programme, date="2015-06-30"))
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Programme report" in text
    assert "From registration to cooperation" in text
    assert "Tahap 1" in text
    assert scenario.verified[0].legal_name in text


def test_report_queries_are_bounded(client, scenario, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    # Figures (14) + rankings (1 + 3 per stage) + session, user, groups.
    with django_assert_max_num_queries(30):
        client.get(report_url(scenario.programme, date="2015-06-30"))


def test_report_of_an_empty_programme(client, staff_user):
    programme = make_programme(slug="empty")
    client.force_login(staff_user)
    response = client.get(report_url(programme, date=datetime.date(2015, 1, 1).isoformat()))
    assert response.status_code == 200
    assert response.context["rankings"] == []
    assert client.get(pdf_url(programme, date="2015-01-01")).content.startswith(b"%PDF")


def _packaged_font_dir():
    """The npm font (make install), or a copy unpacked by `npm pack` for a local run."""
    from django.conf import settings

    for folder in (settings.KOREAN_PDF_FONT_DIR, Path("/tmp/fontpack/package")):
        if (Path(folder) / "400Regular" / "NotoSansKR_400Regular.ttf").is_file():
            return Path(folder)
    return None


def test_the_korean_pdf_embeds_its_font_and_has_no_missing_glyph(client, scenario, staff_user, settings):
    import io

    from pypdf import PdfReader

    folder = _packaged_font_dir()
    if folder is None:
        pytest.skip("the npm package @expo-google-fonts/noto-sans-kr is not installed (make install)")
    settings.KOREAN_PDF_FONT = folder / "400Regular" / "NotoSansKR_400Regular.ttf"
    settings.KOREAN_PDF_FONT_BOLD = folder / "700Bold" / "NotoSansKR_700Bold.ttf"
    client.force_login(staff_user)
    client.cookies["django_language"] = "ko"
    response = client.get(pdf_url(scenario.programme, date="2015-06-30"))
    reader = PdfReader(io.BytesIO(response.content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.add((str(font["/BaseFont"]).split("+")[-1], embedded))
    assert ("NotoSansKR-Regular", True) in fonts, fonts
    assert not any(name.startswith("HYSMyeongJo") for name, _ in fonts), fonts
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "·" in text and "보고서" in text, text[:300]
    assert "\ufffd" not in text and "☒" not in text
