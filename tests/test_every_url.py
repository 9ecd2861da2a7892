"""Every named URL of the portal, as every role: never a 500, and the expected answer per role.

The walk finds the URLs itself (Django's resolver, admin excluded), so a new page without an
expectation below fails the test until someone states who may open it. GET answers are checked
against EXPECTED; every URL also gets an empty POST (rolled back) that must not give a 500.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from partnership.models import CooperationProposal
from smes.models import SMEDocument
from surveys.models import ShortlistEntry, SurveyVisit

from . import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "korean", "staff")

# What a GET answers, per role. 200 page; 302 redirect (anonymous -> login; a done step -> next
# page); 403 wrong role; 404 an object the viewer may not know; 405 a POST-only URL.
LOGIN = 302
OPEN = {"anonymous": 200, "owner": 200, "korean": 200, "staff": 200}
TEAM = {"anonymous": LOGIN, "owner": 403, "korean": 200, "staff": 200}
STAFF = {"anonymous": LOGIN, "owner": 403, "korean": 403, "staff": 200}
OWNER = {"anonymous": LOGIN, "owner": 200, "korean": 403, "staff": 403}
SIGNED_IN = {"anonymous": LOGIN, "owner": 200, "korean": 200, "staff": 200}


def post_only(allowed: dict) -> dict:
    """A POST-only URL: 405 on GET, or the refusal when the role check comes before the method's."""
    return {role: {405} if status == 200 else {405, status} for role, status in allowed.items()}


EXPECTED: dict[str, dict[str, int | set[int]]] = {
    "home": OPEN,
    "set_language": {role: {302, 405} for role in ROLES},
    "login": OPEN,
    "logout": {role: 405 for role in ROLES},
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": OPEN,
    "password_reset_done": OPEN,
    "password_reset_confirm": OPEN,
    "password_reset_complete": OPEN,
    # Two-factor authentication (staff, the Korean team, superusers; none of the walk's users has
    # a device, so the code page sends everyone on and the codes page has nothing to show).
    "accounts:two_factor": TEAM,
    "accounts:enrol": TEAM,
    "accounts:recovery_codes": {**TEAM, "korean": 302, "staff": 302},
    "accounts:disable": post_only(TEAM),
    "accounts:verify": {role: 302 for role in ROLES},
    # The registry
    "smes:register": {"anonymous": 200, "owner": 302, "korean": {200, 302, 403}, "staff": {200, 302, 403}},
    "smes:my_firm": {"anonymous": LOGIN, "owner": 200, "korean": {302, 403}, "staff": {302, 403}},
    "smes:edit": {"anonymous": LOGIN, "owner": 200, "korean": {302, 403}, "staff": {302, 403}},
    "smes:submit": post_only(SIGNED_IN),
    "smes:upload_document": post_only(SIGNED_IN),
    "smes:archive_document": post_only(SIGNED_IN),
    "smes:document_download": {"anonymous": LOGIN, "owner": 200, "korean": {200, 403, 404}, "staff": 200},
    "smes:directory": OPEN,
    "smes:public_detail": OPEN,
    "smes:staff_list": STAFF,
    "smes:staff_export": STAFF,
    "smes:staff_detail": STAFF,
    "smes:staff_decide": post_only(STAFF),
    # The pipeline
    "surveys:stage_list": TEAM,
    "surveys:stage_create": STAFF,
    "surveys:shortlist": TEAM,
    "surveys:stage_edit": STAFF,
    "surveys:shortlist_export": TEAM,
    "surveys:shortlist_add": post_only(STAFF),
    "surveys:shortlist_remove": STAFF,  # GET: the form asking for the reason
    "surveys:shortlist_pilot": post_only(STAFF),
    "surveys:visit_plan": TEAM,
    "surveys:selection": {**STAFF, "staff": {200, 302}},  # 302 while the firm is not surveyed
    "surveys:ranking": TEAM,
    "surveys:ranking_export": TEAM,
    "surveys:visit": TEAM,
    "surveys:visit_reschedule": TEAM,
    "surveys:visit_cancel": TEAM,
    "partnership:programme_detail": OPEN,
    "partnership:dashboard": TEAM,
    "partnership:current_dashboard": {**TEAM, "korean": 302, "staff": 302},
    "partnership:current_roster": {**STAFF, "staff": 302},
    "partnership:report": STAFF,
    "partnership:report_pdf": STAFF,
    "partnership:roster": STAFF,
    "partnership:roster_export": STAFF,
    "partnership:roster_add": STAFF,
    "partnership:roster_withdraw": STAFF,
    "partnership:dossier": TEAM,
    "partnership:roster_leave": {"anonymous": LOGIN, "owner": 200, "korean": 404, "staff": 404},
    # Cooperation
    "cooperation:partner_list": TEAM,
    "cooperation:partner_export": TEAM,
    "cooperation:partner_import": TEAM,
    "cooperation:partner_create": TEAM,
    "cooperation:partner_detail": TEAM,
    "cooperation:partner_edit": TEAM,
    "cooperation:matches": {**TEAM, "owner": 200},  # the owner's own firm
    "cooperation:draft_from_match": post_only(TEAM),
    "cooperation:proposal_create": {"anonymous": LOGIN, "owner": 200, "korean": 200, "staff": 200},
    "cooperation:proposal_detail": {"anonymous": LOGIN, "owner": 200, "korean": 200, "staff": 200},
    # Only drafts are edited; the walk's proposal is submitted.
    "cooperation:proposal_edit": {"anonymous": LOGIN, "owner": 403, "korean": 403, "staff": 403},
    "cooperation:proposal_move": post_only(SIGNED_IN),
    "cooperation:proposal_comment": post_only(SIGNED_IN),
    "cooperation:proposal_outcomes": post_only(STAFF),
    "cooperation:board": TEAM,
    "cooperation:board_export": TEAM,
}


@dataclass
class Route:
    name: str
    route: str
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                params = tuple(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else ()
                yield Route(name, prefix + str(pattern.pattern), params)

    return list(walk(get_resolver().url_patterns))


@pytest.fixture
def world(sme, owner_user, staff_user, korean_user):
    """One of everything: the owner's firm on the roster and shortlist, a visit, a proposal."""
    programme = factories.make_programme()
    document = SMEDocument(
        sme=sme,
        kind=SMEDocument.Kind.PROFILE,
        original_name="profil.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=owner_user,
    )
    document.file.save("profil.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    entry = factories.make_roster_entry(sme, programme=programme, status="shortlisted")
    stage = factories.make_stage(programme, regencies=["3201", "3271"])
    shortlisted = ShortlistEntry.objects.create(stage=stage, roster_entry=entry)
    visit = SurveyVisit.objects.create(
        shortlist_entry=shortlisted,
        scheduled_for=timezone.now(),
        place="Ciomas",
        surveyors="Kim, Park",
    )
    partner = factories.make_partner()
    proposal = CooperationProposal.objects.create(
        roster_entry=entry,
        partner=partner,
        title="Biogas digester technology",
        status=CooperationProposal.Status.SUBMITTED,
        author=korean_user,
        author_side=CooperationProposal.Side.KOREAN_TEAM,
        submitted_at=timezone.now(),
    )
    proposal.forms.set(proposal.forms.model.objects.filter(code="technology_transfer"))
    users = {"anonymous": None, "owner": owner_user, "korean": korean_user, "staff": staff_user}
    return {
        "users": users,
        "kwargs": {
            "slug": programme.slug,
            "uidb64": "MQ",
            "token": "bad-token",
            "entry_pk": shortlisted.pk,
            "roster_pk": entry.pk,
            "partner_pk": partner.pk,
        },
        # What "pk" means, by the URL's first path segment.
        "pk": {
            "smes:archive_document": document.pk,
            "smes:document_download": document.pk,
            "smes:public_detail": sme.pk,
            "smes:staff_detail": sme.pk,
            "smes:staff_decide": sme.pk,
            "surveys:visit": visit.pk,
            "surveys:visit_reschedule": visit.pk,
            "surveys:visit_cancel": visit.pk,
            "surveys:*": stage.pk,
            "partnership:*": entry.pk,
            "cooperation:partner_detail": partner.pk,
            "cooperation:partner_edit": partner.pk,
            "cooperation:*": proposal.pk,
        },
    }


def url_for(route: Route, world: dict) -> str:
    kwargs = {}
    for param in route.params:
        if param == "pk":
            pks = world["pk"]
            namespace = route.name.split(":")[0]
            kwargs["pk"] = pks.get(route.name, pks.get(f"{namespace}:*"))
        else:
            kwargs[param] = world["kwargs"][param]
    return reverse(route.name, kwargs=kwargs)


def answers_for(client, role: str, world: dict, routes: list[Route]) -> dict[str, int]:
    user = world["users"][role]
    client.logout()
    if user is not None:
        client.force_login(user)
    statuses = {}
    for route in routes:
        statuses[route.name] = client.get(url_for(route, world)).status_code
    return statuses


def test_every_url_has_a_stated_expectation():
    names = {route.name for route in all_routes()}
    missing = sorted(names - set(EXPECTED))
    assert not missing, "URLs without an expectation in tests/test_every_url.py: " + ", ".join(missing)
    stale = sorted(set(EXPECTED) - names)
    assert not stale, "Expectations for URLs that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_expected_for(role, client, world):
    routes = [route for route in all_routes() if route.name in EXPECTED]
    statuses = answers_for(client, role, world, routes)
    wrong = []
    for route in routes:
        expected = EXPECTED[route.name][role]
        allowed = expected if isinstance(expected, set) else {expected}
        if statuses[route.name] not in allowed:
            wrong.append(
                f"{route.name} ({url_for(route, world)}): {statuses[route.name]}, expected {sorted(allowed)}"
            )
    assert not wrong, f"As {role}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_an_empty_post_to_any_url_is_never_a_server_error(role, client, world):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    errors = []
    for route in all_routes():
        if route.name not in EXPECTED:
            continue
        url = url_for(route, world)
        with transaction.atomic():
            response = client.post(url, {})
            transaction.set_rollback(True)
        if response.status_code >= 500:
            errors.append(f"{route.name} ({url}): {response.status_code}")
    assert not errors, f"As {role}:\n  " + "\n  ".join(errors)
