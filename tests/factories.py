"""Small ``make_*`` helpers that build valid objects with sensible defaults."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.utils import timezone

from partnership.lib import roles
from smes.models import SME, CooperationForm, Regency, Sector

_counter = itertools.count(1)


def make_user(username: str | None = None, *, groups=(), password="pass-1234-word", **extra) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        username=username or f"user{n}",
        email=extra.pop("email", f"user{n}@example.com"),
        password=password,
        **extra,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_staff(username: str | None = None) -> User:
    return make_user(username, groups=[roles.STAFF_GROUP], is_staff=True)


def make_korean(username: str | None = None) -> User:
    return make_user(username, groups=[roles.KOREAN_TEAM_GROUP])


def make_korean_firm_user(username: str | None = None, *, partner=None, verified=True) -> User:
    """A user of a Korean firm (group "Korean firm"), its firm's administrator; verified by default."""
    from partnership.models import KoreanPartner, PartnerMember

    user = make_user(username, groups=[roles.KOREAN_FIRM_GROUP])
    if partner is None:
        status = KoreanPartner.Status.VERIFIED if verified else KoreanPartner.Status.SUBMITTED
        partner = make_partner(
            status=status, is_active=verified, contact_email=f"kr-{user.username}@example.kr"
        )
    PartnerMember.objects.create(partner=partner, user=user, is_admin=not partner.members.exists())
    return user


def _npwp_for(n: int) -> str:
    # 16-digit NPWPs need no check digit in python-stdnum; keep them unique per test run.
    return f"09{n:014d}"


def make_sme(*, status=SME.Status.VERIFIED, owner=None, regency="3201", sector="metal", **fields) -> SME:
    """A complete firm (Kabupaten Bogor, metal, small) in the given status."""
    n = next(_counter)
    defaults = dict(
        legal_name=f"PT Uji Coba {n}",
        legal_form=SME.LegalForm.PT,
        nib=f"{9100000000000 + n}",
        npwp=_npwp_for(n),
        year_founded=2010,
        address="Jl. Raya No. 1",
        regency=Regency.objects.get(code=regency),
        sector=Sector.objects.get(code=sector),
        products="fibreglass tanks",
        employees=25,
        capital=Decimal("2000000000"),
        annual_sales=Decimal("8000000000"),
        contact_name="Budi",
        contact_email=f"contact{n}@example.com",
        contact_phone="+6281234567890",
        consent_publish=True,
        consent_publish_at=timezone.now(),
        consent_share_korea=True,
        consent_share_korea_at=timezone.now(),
        consent_data_processing=True,
        status=status,
        owner=owner,
    )
    if status != SME.Status.DRAFT:
        defaults["submitted_at"] = timezone.now()
    if status == SME.Status.VERIFIED:
        defaults["verified_at"] = timezone.now()
    defaults.update(fields)
    interests = defaults.pop("cooperation_interests", ["technology_transfer"])
    sme = SME.objects.create(**defaults)
    if status != SME.Status.DRAFT and not sme.reference:
        sme.reference = f"UKM-2015-{sme.pk:04d}"
        sme.save(update_fields=["reference"])
    sme.cooperation_interests.set(CooperationForm.objects.filter(code__in=interests))
    return sme


def valid_npwp(n: int, *, digits: int = 16) -> str:
    """An NPWP that python-stdnum accepts (Luhn check digit), unique per ``n``.

    ``_npwp_for`` above gives unique 16-digit numbers that fail stdnum's check, which is fine for
    rows written directly but not for values that go through the profile form.
    """
    from stdnum import luhn

    base = f"{n:08d}" if digits == 15 else f"0{n:08d}"
    return base + luhn.calc_check_digit(base) + "000000"


def make_valid_sme(**fields) -> SME:
    """``make_sme`` with an NPWP that passes validation, so the profile form can re-save it."""
    n = next(_counter)
    fields.setdefault("npwp", valid_npwp(700000 + n))
    return make_sme(**fields)


def make_programme(slug: str = "aseic-2015", **fields):
    """The programme ``slug`` (created once per test database)."""
    from partnership.models import Programme

    defaults = {"name": "ASEIC – Kemenkop UKM SME Partnership", "year": 2015, "capacity": 100}
    defaults.update(fields)
    return Programme.objects.get_or_create(slug=slug, defaults=defaults)[0]


def make_roster_entry(sme: SME | None = None, *, programme=None, status="candidate", **fields):
    """``sme`` (a new verified firm if omitted) on ``programme``'s roster, written directly."""
    from partnership.models import RosterEntry

    return RosterEntry.objects.create(
        programme=programme or make_programme(),
        sme=sme or make_sme(),
        status=status,
        **fields,
    )


def make_partner(*, forms=("technology_transfer",), provinces=(), sector="metal", region="KR-41", **fields):
    """A Korean partner with a valid, unique business registration number."""
    from partnership.cooperation.validators import with_check_digit
    from partnership.models import KoreanPartner, KoreanProvince
    from smes.models import Province

    n = next(_counter)
    defaults = dict(
        name_ko=f"테스트 기업 {n}",
        name_en=f"Test Korea Co. {n}",
        brn=with_check_digit(f"{120 + n % 800:03d}81{n:04d}"[-9:]),
        region=KoreanProvince.objects.get(code=region),
        sector=Sector.objects.get(code=sector),
        size="small",
        offers="",
        needs="",
    )
    defaults.update(fields)
    partner = KoreanPartner.objects.create(**defaults)
    partner.cooperation_forms.set(CooperationForm.objects.filter(code__in=forms))
    partner.preferred_provinces.set(Province.objects.filter(code__in=provinces))
    return partner


def make_stage(programme=None, *, number=1, regencies=(), provinces=(), rubric=True, **fields):
    """A survey stage (default: "Tahap <number>", 20 places, April 2015) with the default rubric."""
    import datetime

    from surveys.models import Stage
    from surveys.rubric import create_default_rubric

    defaults = {
        "name": f"Tahap {number}",
        "capacity": 20,
        "survey_start": datetime.date(2015, 4, 1),
        "survey_end": datetime.date(2015, 4, 30),
    }
    defaults.update(fields)
    stage = Stage.objects.create(programme=programme or make_programme(), number=number, **defaults)
    stage.eligible_regencies.set(regencies)
    stage.eligible_provinces.set(provinces)
    if rubric:
        create_default_rubric(stage)
    return stage
