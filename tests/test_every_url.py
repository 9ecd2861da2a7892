"""Every named URL of the portal, as every role: never a 500, and the expected answer per role.

The walk finds the URLs itself (Django's resolver, admin excluded), so a new page without an
expectation below fails the test until someone states who may open it. GET answers are checked
against EXPECTED; every URL also gets an empty POST (rolled back) that must not give a 500.
The hostile walk at the end sends hostile values in every parameter and form field each view reads,
and to every admin changelist: never a 5xx, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import base64
import json
import re
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from partnership.api.models import ApiToken
from partnership.models import CooperationProposal, PartnerInvitation
from partnership.notifications.models import Notification
from partnership.privacy.models import DataRequest
from smes.models import SMEDocument
from surveys.models import ShortlistEntry, SurveyVisit

from . import factories

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "korean", "staff", "korean_firm")

# "korean" is the Korean team (ASEIC, GBC Korea); "korean_firm" a user of a verified Korean firm
# (partnership.partners), a signed-in account with none of the programme's roles elsewhere.
# What a GET answers, per role. 200 page; 302 redirect (anonymous -> login; a done step -> next
# page); 403 wrong role; 404 an object the viewer may not know; 405 a POST-only URL.
LOGIN = 302
OPEN = {"anonymous": 200, "owner": 200, "korean": 200, "staff": 200, "korean_firm": 200}
TEAM = {"anonymous": LOGIN, "owner": 403, "korean": 200, "staff": 200, "korean_firm": 403}
STAFF = {"anonymous": LOGIN, "owner": 403, "korean": 403, "staff": 200, "korean_firm": 403}
# A Korean firm's user has no Indonesian firm: its pages send it to the registration (a 403 there).
OWNER = {"anonymous": LOGIN, "owner": 200, "korean": 403, "staff": 403, "korean_firm": 302}
SIGNED_IN = {"anonymous": LOGIN, "owner": 200, "korean": 200, "staff": 200, "korean_firm": 200}
API_TEAM = {"anonymous": 401, "owner": 403, "korean": 200, "staff": 200, "korean_firm": 403}
API_SIGNED_IN = {"anonymous": 401, "owner": 200, "korean": 200, "staff": 200, "korean_firm": 200}


def post_only(allowed: dict) -> dict:
    """A POST-only URL: 405 on GET, or the refusal when the role check comes before the method's."""
    return {role: {405} if status == 200 else {405, status} for role, status in allowed.items()}


EXPECTED: dict[str, dict[str, int | set[int]]] = {
    "home": OPEN,
    "healthz": OPEN,
    "help": OPEN,
    "help_contact": OPEN,
    "help_documents": OPEN,
    "help_guide": OPEN,
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
    "smes:register": {
        "anonymous": 200,
        "owner": 302,
        "korean": {200, 302, 403},
        "staff": {200, 302, 403},
        "korean_firm": 403,
    },
    "smes:my_firm": {
        "anonymous": LOGIN,
        "owner": 200,
        "korean": {302, 403},
        "staff": {302, 403},
        "korean_firm": 302,
    },
    "smes:edit": {
        "anonymous": LOGIN,
        "owner": 200,
        "korean": {302, 403},
        "staff": {302, 403},
        "korean_firm": 302,
    },
    "smes:submit": post_only(SIGNED_IN),
    "smes:upload_document": post_only(SIGNED_IN),
    "smes:archive_document": post_only(SIGNED_IN),
    "smes:document_download": {
        "anonymous": LOGIN,
        "owner": 200,
        "korean": {200, 403, 404},
        "staff": 200,
        "korean_firm": {403, 404},
    },
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
    "partnership:roster_leave": {
        "anonymous": LOGIN,
        "owner": 200,
        "korean": 404,
        "staff": 404,
        "korean_firm": 404,
    },
    # Cooperation
    "cooperation:partner_list": TEAM,
    "cooperation:partner_export": TEAM,
    "cooperation:partner_import": TEAM,
    "cooperation:partner_create": TEAM,
    "cooperation:partner_detail": TEAM,
    "cooperation:partner_edit": TEAM,
    "cooperation:matches": {**TEAM, "owner": 200, "korean_firm": 404},  # the owner's own firm
    "cooperation:draft_from_match": post_only(TEAM),
    "cooperation:proposal_create": {**SIGNED_IN, "korean_firm": 403},
    "cooperation:proposal_detail": {**SIGNED_IN, "korean_firm": {403, 404}},
    # Only drafts are edited; the walk's proposal is submitted.
    "cooperation:proposal_edit": {
        "anonymous": LOGIN,
        "owner": 403,
        "korean": 403,
        "staff": 403,
        "korean_firm": {403, 404},
    },
    "cooperation:proposal_move": post_only(SIGNED_IN),
    "cooperation:proposal_comment": post_only(SIGNED_IN),
    "cooperation:proposal_outcomes": post_only(STAFF),
    "cooperation:board": TEAM,
    "cooperation:board_export": TEAM,
    # Korean firms (partnership.partners): registration, their page, the staff's review, finding
    # the Indonesian firms that agreed to it, a Korean firm's public profile.
    "partners:register": {"anonymous": 200, "owner": 403, "korean": 403, "staff": 403, "korean_firm": 302},
    "partners:home": {**STAFF, "staff": 403, "korean_firm": 302},
    "partners:my_firm": {**STAFF, "staff": 403, "korean_firm": 200},
    "partners:firm_list": {**STAFF, "staff": 403, "korean_firm": 200},
    "partners:firm_detail": {**STAFF, "staff": 403, "korean_firm": 200},
    "partners:partner_profile": SIGNED_IN,
    "partners:for_owner": {**OWNER, "korean_firm": 403},
    "partners:staff_list": STAFF,
    "partners:staff_detail": STAFF,
    "partners:staff_decide": post_only(STAFF),
    # Staff invite the world's partner (a record they keep); the Korean firm user is not its
    # administrator (another firm): a 404. The walk's token is forged: a 404 page for everyone.
    "partners:invite": post_only({**SIGNED_IN, "owner": 404, "korean": 404, "korean_firm": 404}),
    "partners:revoke_invitation": post_only({**SIGNED_IN, "owner": 404, "korean": 404, "korean_firm": 404}),
    "partners:claim": {role: 404 for role in ROLES},
    # Notifications: everyone signed in has their own list; marking read is POST-only (another
    # account's notification is a 404).
    "notifications:list": SIGNED_IN,
    "notifications:read": post_only(SIGNED_IN),
    "notifications:read_all": post_only(SIGNED_IN),
    # The read API (session or token; an anonymous call of a team endpoint is a 401, not a login)
    "api:schema": OPEN,
    "api:swagger_ui": OPEN,
    "api:redoc": OPEN,
    "api:v1:firm_list": OPEN,
    "api:v1:firm_detail": OPEN,
    "api:v1:programme_progress": OPEN,
    "api:v1:roster_list": API_TEAM,
    "api:v1:roster_detail": API_TEAM,
    "api:v1:stage_list": API_TEAM,
    "api:v1:stage_detail": API_TEAM,
    "api:v1:shortlist": API_TEAM,
    "api:v1:ranking": API_TEAM,
    "api:v1:visit_list": API_TEAM,
    "api:v1:visit_detail": API_TEAM,
    "api:v1:partner_list": API_TEAM,
    "api:v1:partner_detail": API_TEAM,
    "api:v1:proposal_list": API_SIGNED_IN,
    "api:v1:proposal_detail": {**API_SIGNED_IN, "korean_firm": 404},  # none is visible to it
    "api_tokens:list": SIGNED_IN,
    "api_tokens:revoke": post_only(SIGNED_IN),
    # Personal data (UU 27/2022): the notice, the owner's rights, the staff's side
    "privacy:notice": OPEN,
    "privacy:rights": OWNER,
    "privacy:consent": post_only(OWNER),
    "privacy:correction": OWNER,
    "privacy:erasure": OWNER,
    "privacy:export_request": post_only(OWNER),
    "privacy:export_download": {**OWNER, "owner": 404},  # the walk's token is forged
    "privacy:who_accessed": OWNER,
    "privacy:staff_requests": STAFF,
    "privacy:staff_request": STAFF,
    # The access log and the breach report need their own permission (the walk's staff has none).
    "privacy:staff_access_log": {**STAFF, "staff": 403},
    "privacy:breach_report": {**STAFF, "staff": 403},
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
    notification = Notification.objects.create(
        recipient=owner_user, kind="sme_verified", params={"ref": "UKM-2026-0001"}, link="/sme/my-firm/"
    )
    token, _raw = ApiToken.issue(staff_user, name="walk")
    invitation = PartnerInvitation.objects.create(
        partner=partner, email="claim@kr.example", invited_by=staff_user
    )
    data_request = DataRequest.objects.create(sme=sme, kind=DataRequest.Kind.ERASURE, made_by=owner_user)
    korean_firm_user = factories.make_korean_firm_user("korean-firm")
    users = {
        "anonymous": None,
        "owner": owner_user,
        "korean": korean_user,
        "staff": staff_user,
        "korean_firm": korean_firm_user,
    }
    return {
        "users": users,
        "kwargs": {
            "slug": programme.slug,
            "uidb64": "MQ",
            "token": "bad-token",
            "entry_pk": shortlisted.pk,
            "roster_pk": entry.pk,
            "partner_pk": partner.pk,
            "guide": "owner",
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
            "notifications:*": notification.pk,
            "api:v1:firm_detail": sme.pk,
            "api:v1:roster_detail": entry.pk,
            "api:v1:stage_detail": stage.pk,
            "api:v1:shortlist": stage.pk,
            "api:v1:ranking": stage.pk,
            "api:v1:visit_detail": visit.pk,
            "api:v1:partner_detail": partner.pk,
            "api:v1:proposal_detail": proposal.pk,
            "api_tokens:revoke": token.pk,
            "privacy:*": data_request.pk,
            "partners:firm_detail": sme.pk,
            "partners:revoke_invitation": invitation.pk,
            "partners:*": partner.pk,
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


# --- The hostile walk -----------------------------------------------------------------------------
# Every named URL, as every role, with hostile values in every query parameter the view reads and
# in every form field it reads: no answer may be a 5xx. The parameters are found by recording which
# keys of request.GET/request.POST the view looks up (a probe request per URL and role), plus the
# parameters that any list page may read.

# Raw, already percent-encoded, so that invalid encodings reach the server as a browser sends them.
HOSTILE_VALUES = {
    "nul": "a%00b",
    "long": "x" * 10_000,
    "bad-escape": "%ZZ",
    "bad-utf8": "%C3%28",
    "negative": "-1",
    "huge": "99999999999999999999",
    "unknown-choice": "no-such-choice",
    "bad-date": "2015-02-30",
    # A cursor of the keyset pages that decodes to a NUL and an id past bigint: ["a\0", 10**30].
    "bad-cursor": base64.urlsafe_b64encode(json.dumps(["a\0", 10**30]).encode()).decode().rstrip("="),
}
COMMON_PARAMETERS = ("q", "page", "p", "o", "after", "before", "cursor", "format", "next", "status", "sort")
# For a page that reads none of its own (only the middleware sees them), and for the admin's
# parameters one at a time: the values that reach a different code path each.
FEW_VALUES = ("long", "bad-utf8", "huge")
PROBE = "probe"


@contextmanager
def recording_lookups():
    """The keys looked up in any QueryDict (request.GET, request.POST and their copies) meanwhile."""
    keys: set[str] = set()
    names = ("__getitem__", "get", "getlist", "__contains__")
    originals = {name: getattr(MultiValueDict, name) for name in names}

    def recorder(name):
        original = originals[name]

        def method(self, key, *args, **kwargs):
            if isinstance(self, QueryDict) and isinstance(key, str):
                keys.add(key)
            return original(self, key, *args, **kwargs)

        return method

    for name in originals:
        setattr(MultiValueDict, name, recorder(name))
    try:
        yield keys
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


def read_parameters(client, method: str, url: str) -> set[str]:
    """The keys the view reads from a GET's query string or a POST's form (rolled back)."""
    with recording_lookups() as keys, transaction.atomic():
        getattr(client, method)(url, {PROBE: "1"})
        transaction.set_rollback(True)
    # Keys the framework reads on every request are not the view's parameters.
    return keys - {PROBE, "csrfmiddlewaretoken", "language"}


def answer(call, *args, **kwargs) -> str | None:
    """None for an answer below 500; otherwise what went wrong (the test client re-raises)."""
    try:
        response = call(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the walk reports every failure, not the first
        where = [
            f"{frame.filename.split('/')[-2]}/{frame.name}:{frame.lineno}"
            for frame in traceback.extract_tb(error.__traceback__)
            if "site-packages" not in frame.filename and "/tests/" not in frame.filename
        ]
        return f"{type(error).__name__}: {str(error)[:200]} at {where[-3:]}"
    return str(response.status_code) if response.status_code >= 500 else None


def hostile_query(names, value: str) -> str:
    return "&".join(f"{name}={value}" for name in sorted(names))


def login_as(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_in_every_parameter_never_give_a_server_error(role, client, world):
    login_as(client, world["users"][role])
    errors = []
    for route in all_routes():
        if route.name not in EXPECTED or route.name == "logout":
            continue
        url = url_for(route, world)
        own_names = read_parameters(client, "get", url)
        get_names = own_names | set(COMMON_PARAMETERS)
        post_names = read_parameters(client, "post", url)
        for label, value in HOSTILE_VALUES.items():
            if not own_names and not post_names and label not in FEW_VALUES:
                continue
            if failure := answer(client.get, f"{url}?{hostile_query(get_names, value)}"):
                errors.append(f"GET {route.name} ({label}: {sorted(get_names)}): {failure}")
            if not post_names:
                continue
            with transaction.atomic():
                body = hostile_query(post_names, value)
                failure = answer(client.post, url, body, content_type="application/x-www-form-urlencoded")
                transaction.set_rollback(True)
            if failure:
                errors.append(f"POST {route.name} ({label}: {sorted(post_names)}): {failure}")
            # A POST may log the user out (a password change does not, but be sure).
            login_as(client, world["users"][role])
    assert not errors, f"As {role}:\n  " + "\n  ".join(errors)


def admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def filter_parameters(html: str) -> set[str]:
    """The query parameters of the changelist's own links: list filters, ordering, pages."""
    names = set()
    for query in re.findall(r'href="\?([^"]*)"', html):
        names |= {name for name, _ in parse_qsl(unescape(query), keep_blank_values=True)}
    return names


def test_admin_changelists_survive_hostile_filters_search_ordering_and_pages(client, world):
    superuser = factories.make_user("hostile-admin", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    errors = []
    for url in admin_changelists():
        response = client.get(url)
        assert response.status_code == 200, url
        names = filter_parameters(response.content.decode()) | {"q", "o", "p", "e"}
        for label, value in HOSTILE_VALUES.items():
            # Each parameter alone too: the admin refuses the whole list for one unknown filter.
            queries = [hostile_query(names, value)]
            if label in FEW_VALUES:
                queries += [hostile_query([name], value) for name in names]
            for query in queries:
                if failure := answer(client.get, f"{url}?{query}"):
                    errors.append(f"{url}?{query[:120]} ({label}): {failure}")
    assert not errors, "\n  ".join(errors)
