"""The demo scenario that `make run` loads: idempotent, complete, and true to the programme's story."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db.models import Q

from partnership.demo import PILOT_LEGAL_NAME, PROGRAMME_SLUG
from partnership.demo.smes import build_firms
from partnership.demo.users import DEMO_LOGINS
from partnership.lib import roles
from partnership.models import CooperationProposal, KoreanPartner, Programme, ProposalEvent, RosterEntry
from smes.models import SME, TimelineEvent
from smes.validators import normalize_nib, normalize_npwp, normalize_phone
from surveys.models import Score, ShortlistEntry, Stage, SurveyVisit

MODELS = [
    User,
    Programme,
    SME,
    SME.cooperation_interests.through,
    TimelineEvent,
    RosterEntry,
    Stage,
    ShortlistEntry,
    SurveyVisit,
    Score,
    KoreanPartner,
    CooperationProposal,
    ProposalEvent,
]


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    return load()


def in_stage1_regions(queryset):
    return queryset.filter(Q(regency__in=["3201", "3271"]) | Q(province="36"))


def test_running_twice_changes_nothing(demo):
    before = counts()
    second = load()
    assert counts() == before
    assert "0 created" in second
    assert before["smes.SME"] > 100


def test_second_run_keeps_the_firms_as_they_were(demo):
    snapshot = list(SME.objects.order_by("pk").values())
    load()
    assert list(SME.objects.order_by("pk").values()) == snapshot


def test_logins_are_printed_and_work(demo):
    for login in DEMO_LOGINS:
        assert login.username in demo and login.password in demo
        user = User.objects.get(username=login.username)
        assert user.check_password(login.password)
        validate_password(login.password, user)


def test_each_role_user_is_in_its_group(demo):
    staff = User.objects.get(username="staf")
    assert roles.is_ministry_staff(staff) and staff.is_staff and not staff.is_superuser
    korean = User.objects.get(username="korea")
    assert roles.is_korean_team(korean) and not roles.is_ministry_staff(korean) and not korean.is_staff
    owner = User.objects.get(username="pemilik")
    assert not roles.is_programme_team(owner)
    assert owner.sme.legal_name == PILOT_LEGAL_NAME
    assert User.objects.get(username="admin").is_superuser
    korean_firm = User.objects.get(username="hanbit")
    assert roles.is_korean_firm(korean_firm) and not roles.is_programme_team(korean_firm)
    assert korean_firm.partner_membership.partner.is_verified and korean_firm.partner_membership.is_admin


def test_a_changed_demo_password_is_restored(demo):
    staff = User.objects.get(username="staf")
    staff.set_password("something-else-entirely")
    staff.save()
    load()
    staff.refresh_from_db()
    assert staff.check_password("Staf-Kemenkop-2015")


def test_the_pilot_firm_has_its_facts(demo):
    pilot = SME.objects.get(legal_name=PILOT_LEGAL_NAME)
    assert pilot.status == SME.Status.VERIFIED
    assert pilot.regency.name == "Kabupaten Bogor" and pilot.province_id == "32"
    assert "Ciomas" in pilot.address
    assert pilot.year_founded == 2007
    assert "biogas" in pilot.products.lower() and "fiberglass" in pilot.products.lower()
    assert "biogas" in pilot.eco_practices.lower()
    assert pilot.consent_publish and pilot.consent_share_korea and pilot.consent_data_processing
    assert pilot.is_eligible_size
    events = list(pilot.events.filter(workflow="registration").order_by("at"))
    assert [e.to_state for e in events] == ["submitted", "verified"]
    assert all(e.at.year == 2015 for e in events)


def test_the_programme_tells_its_story_in_three_languages(demo):
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.year == 2015 and programme.capacity == 100
    assert "ASEIC" in programme.name
    assert "Swen" in programme.story_en and "Bogor" in programme.story_id and "보고르" in programme.story_ko


def test_enough_verified_firms_for_the_roster_and_stage_one(demo):
    verified = SME.objects.verified()
    assert verified.count() >= 100
    eligible = in_stage1_regions(verified)
    assert eligible.count() >= 20
    assert eligible.filter(consent_share_korea=True).count() >= 20
    assert verified.filter(consent_publish=True).exists()
    assert set(verified.values_list("sector__code", flat=True)) == {
        "metal",
        "mechanical",
        "it_components",
        "software",
        "food_processing",
    }
    assert verified.values("province").distinct().count() >= 5
    assert set(verified.values_list("size_class", flat=True)) == {"micro", "small", "medium"}


def test_staff_have_work_in_every_registration_state(demo):
    for status in SME.Status.values:
        assert SME.objects.filter(status=status).exists(), status


def test_every_fictional_firm_says_so(demo):
    names = SME.objects.exclude(legal_name=PILOT_LEGAL_NAME).values_list("legal_name", flat=True)
    assert all(name.split()[1] in {"Contoh", "Fiktif"} for name in names)


def test_identifiers_are_valid_unique_and_stored_normalised(demo):
    for sme in SME.objects.all():
        assert normalize_npwp(sme.npwp) == sme.npwp
        if sme.nib:
            assert normalize_nib(sme.nib) == sme.nib
        if sme.contact_phone:
            assert normalize_phone(sme.contact_phone) == sme.contact_phone
        if sme.status != SME.Status.DRAFT:
            assert sme.reference and sme.reference.startswith("UKM-2015-")
    assert SME.objects.values("legal_name").distinct().count() == SME.objects.count()


def test_derived_fields_match_what_save_would_compute(demo):
    for sme in SME.objects.select_related("regency"):
        size, criterion = sme.size_class, sme.size_criterion
        sme.save()
        assert (sme.size_class, sme.size_criterion, sme.province_id) == (
            size,
            criterion,
            sme.regency.province_id,
        )


def test_registration_timeline_follows_the_workflow(demo):
    for sme in SME.objects.exclude(status=SME.Status.DRAFT).prefetch_related("events"):
        moves = sorted((e for e in sme.events.all() if e.workflow == "registration"), key=lambda e: e.at)
        assert moves and moves[0].from_state == "draft"
        assert moves[-1].to_state == sme.status
        assert all(e.at.date() < dt.date(2015, 12, 31) for e in moves)
        for earlier, later in zip(moves, moves[1:], strict=False):
            assert earlier.to_state == later.from_state


def test_firm_list_is_deterministic():
    first, second = build_firms(), build_firms()
    assert [f.fields for f in first] == [f.fields for f in second]


def test_refuses_to_run_in_production_without_the_flag(db, monkeypatch, settings):
    monkeypatch.setenv("TESTING", "0")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not SME.objects.exists()


# The later parts of the scenario (partnership/demo/pipeline.py and cooperation.py).


def test_pipeline_roster_stage_one_and_the_pilot_visit(demo):
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert RosterEntry.objects.filter(programme=programme).live().count() == 100
    stage1 = Stage.objects.get(programme=programme, number=1)
    shortlist = ShortlistEntry.objects.filter(stage=stage1, is_active=True).select_related(
        "roster_entry__sme"
    )
    assert shortlist.count() == 20
    for entry in shortlist:
        sme = entry.roster_entry.sme
        assert sme.regency_id in {"3201", "3271"} or sme.province_id == "36", sme
    pilot_visit = SurveyVisit.objects.get(
        shortlist_entry__roster_entry__sme__legal_name=PILOT_LEGAL_NAME, status=SurveyVisit.Status.DONE
    )
    assert pilot_visit.scheduled_for.date() == dt.date(2015, 4, 8)
    assert pilot_visit.shortlist_entry.stage == stage1 and pilot_visit.shortlist_entry.is_pilot
    assert pilot_visit.scores.count() == stage1.criteria.count() > 0
    assert SurveyVisit.objects.filter(status=SurveyVisit.Status.DONE).count() > 1
    assert Stage.objects.filter(programme=programme, number=2).exists()


def test_cooperation_partners_and_proposals_in_every_status_and_form(demo):
    assert 12 <= KoreanPartner.objects.count() <= 20
    statuses = set(CooperationProposal.objects.values_list("status", flat=True))
    assert statuses == set(CooperationProposal.Status.values)
    forms = set(CooperationProposal.objects.values_list("forms__code", flat=True))
    assert forms == {"technology_transfer", "investment", "training", "staff_exchange"}
    assert CooperationProposal.objects.filter(
        roster_entry__sme__legal_name=PILOT_LEGAL_NAME, forms__code="technology_transfer"
    ).exists()


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_the_page_printed_for_each_login_opens_for_that_user(demo, client, username):
    line = next(line for line in demo.splitlines() if f"| {username} " in line)
    url = line.rsplit("|", 2)[-2].strip()
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    client.force_login(User.objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200, (username, path)


def test_demo_staff_user_can_work_in_the_admin(demo, client):
    client.force_login(User.objects.get(username="staf"))
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/smes/sme/", {"q": "Swen"})
    assert response.status_code == 200
    assert PILOT_LEGAL_NAME in response.content.decode()


def test_the_pipeline_happens_on_the_story_dates(demo):
    pilot = SME.objects.get(legal_name="PT Swen Inovasi Transfer")
    visit = SurveyVisit.objects.get(shortlist_entry__roster_entry__sme=pilot, status="done")
    jakarta = ZoneInfo("Asia/Jakarta")
    assert visit.completed_at.astimezone(jakarta).date() == dt.date(2015, 4, 8)
    done = TimelineEvent.objects.get(sme=pilot, workflow="visit", to_state="done")
    assert done.at.astimezone(jakarta).date() == dt.date(2015, 4, 8)
    # Nothing of the demo is stamped with the day it was loaded.
    assert not TimelineEvent.objects.exclude(at__year=2015).exists()
    # Every firm was verified before it joined the roster, and shortlisted after.
    for sme in SME.objects.filter(roster_entries__isnull=False).prefetch_related("events"):
        moves = {(e.workflow, e.to_state): e.at for e in sorted(sme.events.all(), key=lambda e: e.at)}
        assert moves[("registration", "verified")] < moves[("roster", "candidate")]
        if ("shortlist", "shortlisted") in moves:
            assert moves[("roster", "candidate")] < moves[("shortlist", "shortlisted")]
