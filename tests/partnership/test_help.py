"""Help: a guide per role, the contact page and the documents checklist, linked from every page."""

import pytest
from django.urls import reverse

from partnership.views import DOCUMENT_CHECKLIST, HELP_GUIDES
from smes.models import SMEDocument
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


@pytest.mark.parametrize("guide", list(HELP_GUIDES))
@pytest.mark.parametrize("language", ["id", "en", "ko"])
def test_every_guide_opens_in_every_language(client, guide, language):
    client.cookies["django_language"] = language

    response = client.get(reverse("help_guide", args=[guide]))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert response.context["guide"] == guide


def test_an_unknown_guide_is_a_404(client):
    assert client.get(reverse("help_guide", args=["nobody"])).status_code == 404


@pytest.mark.parametrize(
    ("who", "guide"),
    [("anonymous", "visitor"), ("owner", "owner"), ("staff", "staff"), ("korean", "korean-team")],
)
def test_the_help_page_points_each_role_to_its_own_guide(client, who, guide):
    if who == "owner":
        owner = factories.make_user()
        factories.make_sme(owner=owner, status="draft")
        client.force_login(owner)
    elif who != "anonymous":
        client.force_login({"staff": factories.make_staff, "korean": factories.make_korean}[who]())

    response = client.get(reverse("help"))

    assert response.context["own_guide"] == guide
    html = response.content.decode()
    card = html.split(f'data-guide="{guide}"')[1].split("</a>")[0]
    assert "Your guide" in card


def test_the_contact_page_gives_the_address_of_the_setting(client, settings):
    settings.PROGRAMME_CONTACT_EMAIL = "tim@kemitraan.example"

    html = client.get(reverse("help_contact")).content.decode()

    assert 'href="mailto:tim@kemitraan.example"' in html


def test_the_checklist_names_the_documents_of_the_upload_form(client):
    html = client.get(reverse("help_documents")).content.decode()

    for kind, _level, _why in DOCUMENT_CHECKLIST:
        assert f'data-kind="{kind}"' in html
        assert str(SMEDocument.Kind(kind).label) in html
    assert {kind for kind, _l, _w in DOCUMENT_CHECKLIST} <= set(SMEDocument.Kind.values)


@pytest.mark.parametrize("path", [reverse("home"), reverse("smes:directory"), reverse("login")])
def test_help_contact_and_checklist_are_linked_from_every_page(client, path):
    html = client.get(path).content.decode()

    for name in ("help", "help_contact", "help_documents"):
        assert f'href="{reverse(name)}"' in html
