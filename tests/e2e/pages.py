"""The portal's main pages with the demo objects they need, shared by the accessibility check and
the screenshots.

``demo_objects()`` loads the demo scenario (``load_demo``) and finds the objects the pages show;
``resolve(page_spec, objects)`` gives the URL, or a reason to skip when the page or its object is
not there yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from partnership.demo import PILOT_LEGAL_NAME, PROGRAMME_SLUG
from partnership.demo.users import DEMO_LOGINS

PASSWORDS = {login.key: (login.username, login.password) for login in DEMO_LOGINS}


@dataclass(frozen=True)
class PageSpec:
    key: str
    role: str  # "anonymous", "owner", "staff", "korean" (the Korean team) or "korean_firm"
    url: Callable[[dict], str]  # may raise NoReverseMatch or LookupError
    title: str = ""


def _first(queryset, what: str):
    found = queryset.first()
    if found is None:
        raise LookupError(f"the demo data has no {what} yet")
    return found


def demo_objects() -> dict:
    """Load the demo scenario and return the objects the pages need (missing ones as None)."""
    from partnership.models import CooperationProposal, Programme, RosterEntry
    from smes.models import SME
    from surveys.models import Stage, SurveyVisit

    call_command("load_demo", verbosity=0)
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    return {
        "programme": programme,
        "published_sme": SME.objects.published().filter(legal_name=PILOT_LEGAL_NAME).first()
        or SME.objects.published().first(),
        "stage": Stage.objects.filter(programme=programme).order_by("number").first(),
        "roster_entry": RosterEntry.objects.filter(
            programme=programme, sme__legal_name=PILOT_LEGAL_NAME
        ).first()
        or RosterEntry.objects.filter(programme=programme).first(),
        "visit": SurveyVisit.objects.filter(
            shortlist_entry__stage__programme=programme, status=SurveyVisit.Status.PLANNED
        ).first()
        or SurveyVisit.objects.filter(shortlist_entry__stage__programme=programme).first(),
        "proposal": CooperationProposal.objects.filter(roster_entry__programme=programme).first(),
    }


def _need(objects: dict, key: str, what: str):
    if objects.get(key) is None:
        raise LookupError(f"the demo data has no {what} yet")
    return objects[key]


MAIN_PAGES = [
    PageSpec("home", "anonymous", lambda o: reverse("home")),
    PageSpec(
        "programme",
        "anonymous",
        lambda o: reverse("partnership:programme_detail", args=[o["programme"].slug]),
    ),
    PageSpec("registration", "anonymous", lambda o: reverse("smes:register")),
    PageSpec("directory", "anonymous", lambda o: reverse("smes:directory")),
    PageSpec(
        "firm_page",
        "anonymous",
        lambda o: reverse("smes:public_detail", args=[_need(o, "published_sme", "published firm").pk]),
    ),
    PageSpec("login", "anonymous", lambda o: reverse("login")),
    PageSpec("help", "anonymous", lambda o: reverse("help")),
    PageSpec("help_documents", "anonymous", lambda o: reverse("help_documents")),
    PageSpec("help_contact", "anonymous", lambda o: reverse("help_contact")),
    PageSpec("help_owner", "owner", lambda o: reverse("help_guide", args=["owner"])),
    PageSpec("help_staff", "staff", lambda o: reverse("help_guide", args=["staff"])),
    PageSpec("help_korean_team", "korean", lambda o: reverse("help_guide", args=["korean-team"])),
    PageSpec("my_firm", "owner", lambda o: reverse("smes:my_firm")),
    PageSpec("my_firm_edit", "owner", lambda o: reverse("smes:edit")),
    PageSpec("api_tokens", "owner", lambda o: reverse("api_tokens:list")),
    PageSpec("staff_list", "staff", lambda o: reverse("smes:staff_list")),
    PageSpec("roster", "staff", lambda o: reverse("partnership:roster", args=[o["programme"].slug])),
    PageSpec("stages", "staff", lambda o: reverse("surveys:stage_list")),
    PageSpec(
        "shortlist", "staff", lambda o: reverse("surveys:shortlist", args=[_need(o, "stage", "stage").pk])
    ),
    PageSpec(
        "dossier",
        "korean",
        lambda o: reverse(
            "partnership:dossier",
            args=[o["programme"].slug, _need(o, "roster_entry", "roster entry").pk],
        ),
    ),
    PageSpec(
        "survey_form",
        "korean",
        lambda o: reverse("surveys:visit", args=[_need(o, "visit", "survey visit").pk]),
    ),
    PageSpec("ranking", "korean", lambda o: reverse("surveys:ranking", args=[_need(o, "stage", "stage").pk])),
    PageSpec("partners", "korean", lambda o: reverse("cooperation:partner_list")),
    PageSpec(
        "matches",
        "staff",
        lambda o: reverse("cooperation:matches", args=[_need(o, "roster_entry", "roster entry").pk]),
    ),
    PageSpec("proposals_board", "staff", lambda o: reverse("cooperation:board")),
    PageSpec(
        "proposal",
        "korean",
        lambda o: reverse(
            "cooperation:proposal_detail", args=[_need(o, "proposal", "cooperation proposal").pk]
        ),
    ),
    PageSpec("two_factor", "staff", lambda o: reverse("accounts:two_factor")),
    PageSpec("two_factor_enrol", "staff", lambda o: reverse("accounts:enrol")),
    PageSpec("two_factor_korean", "korean", lambda o: reverse("accounts:two_factor")),
    PageSpec("password_change", "owner", lambda o: reverse("password_change")),
    PageSpec("dashboard", "staff", lambda o: reverse("partnership:dashboard", args=[o["programme"].slug])),
    PageSpec("report", "staff", lambda o: reverse("partnership:report", args=[o["programme"].slug])),
    PageSpec("privacy_notice", "anonymous", lambda o: reverse("privacy:notice")),
    PageSpec("privacy_rights", "owner", lambda o: reverse("privacy:rights")),
    PageSpec("privacy_erasure", "owner", lambda o: reverse("privacy:erasure")),
    PageSpec("privacy_requests", "staff", lambda o: reverse("privacy:staff_requests")),
    PageSpec("korean_firm_registration", "anonymous", lambda o: reverse("partners:register")),
    PageSpec("korean_firm_page", "korean_firm", lambda o: reverse("partners:my_firm")),
    PageSpec("korean_firm_finds", "korean_firm", lambda o: reverse("partners:firm_list")),
    PageSpec(
        "korean_firm_reads",
        "korean_firm",
        lambda o: reverse("partners:firm_detail", args=[_need(o, "published_sme", "published firm").pk]),
    ),
    PageSpec("korean_firms_to_verify", "staff", lambda o: reverse("partners:staff_list")),
    PageSpec("korean_firms_for_owner", "owner", lambda o: reverse("partners:for_owner")),
]


def resolve(spec: PageSpec, objects: dict) -> tuple[str | None, str]:
    """``(url, "")`` or ``(None, reason to skip)``."""
    try:
        return spec.url(objects), ""
    except NoReverseMatch as exc:
        return None, f"page {spec.key!r} is not built yet ({exc})"
    except LookupError as exc:
        return None, f"page {spec.key!r}: {exc}"
