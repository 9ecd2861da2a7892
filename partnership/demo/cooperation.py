"""Demo Korean partners and cooperation proposals.

Fifteen clearly fictional Korean partners (English names end in "(demo)", Korean names start
with 예시, "example"; business registration numbers are generated with a valid check digit) and
proposals in every status and for every form of cooperation, among them the technology transfer
on biogas digesters for the pilot firm PT Swen Inovasi Transfer.

Proposals go through :mod:`partnership.proposals` like a person's would; afterwards their dates
are set in 2015 (after the pilot visit of 8 April 2015) so that the dashboard tells the story.

Preconditions: the programme, and the roster filled by :mod:`partnership.demo.pipeline`. Without a
roster the partners are still created and the proposals are skipped; without the pilot firm (or
its owner account) the proposals that need the pilot are skipped. Idempotent: a partner is known
by its registration number and a proposal by its title on its firm; a second run writes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from partnership.cooperation import proposals
from partnership.cooperation.validators import with_check_digit
from smes.models import CooperationForm, Province, Sector, TimelineEvent

from ..models import (
    CooperationProposal,
    KoreanPartner,
    KoreanProvince,
    PartnerMember,
    ProposalEvent,
    RosterEntry,
)
from . import PILOT_LEGAL_NAME

JAKARTA = ZoneInfo("Asia/Jakarta")
P = CooperationProposal.Status
TT, INV, TRN, EXC = "technology_transfer", "investment", "training", "staff_exchange"


@dataclass(frozen=True)
class DemoPartner:
    key: str
    first_nine: str  # the check digit is computed
    name_en: str
    name_ko: str
    region: str
    sector: str
    size: str
    offers: str
    needs: str
    forms: tuple[str, ...]
    provinces: tuple[str, ...] = ()


PARTNERS = (
    DemoPartner(
        "biogas",
        "305810101",
        "Hanbit Biogas Engineering (demo)",
        "예시 한빛바이오가스엔지니어링",
        "KR-44",
        "mechanical",
        "small",
        "Biogas digester design, anaerobic digestion technology, gas holders and moulding of fiberglass tanks",
        "Fiberglass digester makers and installers in Indonesia; livestock farms",
        (TT, TRN, INV),
        ("32", "36"),
    ),
    DemoPartner(
        "moulds",
        "124810202",
        "Daon Composite Moulds (demo)",
        "예시 다온복합소재",
        "KR-41",
        "mechanical",
        "small",
        "Moulds and resin infusion for fiberglass composite parts; training for composite technicians",
        "Partners producing fiberglass tanks and septic tanks",
        (TRN, EXC),
        ("32",),
    ),
    DemoPartner(
        "foundry",
        "513810303",
        "Sejin Precision Casting (demo)",
        "예시 세진정밀주조",
        "KR-47",
        "metal",
        "medium",
        "Precision casting, CNC machining of metal parts, heat treatment",
        "Metal workshops for machined components and casting",
        (TT, INV),
        ("32", "35"),
    ),
    DemoPartner(
        "stainless",
        "606810404",
        "Busan Stainless Works (demo)",
        "예시 부산스테인리스",
        "KR-26",
        "metal",
        "small",
        "Stainless steel fabrication, welding training, food-grade tanks",
        "Food processing equipment makers; metal fabrication workshops",
        (TRN, EXC),
        ("31", "35"),
    ),
    DemoPartner(
        "pumps",
        "402810505",
        "Ulsan Pump Systems (demo)",
        "예시 울산펌프시스템",
        "KR-31",
        "mechanical",
        "medium",
        "Water pumps, irrigation pumps and their maintenance",
        "Distributors and service workshops for pumps and engines",
        (INV, TT),
        ("35", "33"),
    ),
    DemoPartner(
        "sensors",
        "314810606",
        "Daejeon Sensor Lab (demo)",
        "예시 대전센서랩",
        "KR-30",
        "it_components",
        "small",
        "Gas sensors, IoT controllers and monitoring for biogas and energy systems",
        "Electronics assemblers; printed circuit boards",
        (TT, EXC),
        ("32", "31"),
    ),
    DemoPartner(
        "pcb",
        "135810707",
        "Suwon Circuit Makers (demo)",
        "예시 수원서킷메이커스",
        "KR-41",
        "it_components",
        "medium",
        "Printed circuit board assembly, SMT lines, electronics testing",
        "Electronic components assemblers and cable harness makers",
        (INV, TRN),
        ("36", "32"),
    ),
    DemoPartner(
        "erp",
        "220810808",
        "Gangnam Smart Factory Software (demo)",
        "예시 강남스마트팩토리소프트",
        "KR-11",
        "software",
        "small",
        "Smart factory software, production planning, ERP for small manufacturers",
        "Software developers for localisation and support in Indonesia",
        (TT, TRN, EXC),
        ("31", "32"),
    ),
    DemoPartner(
        "apps",
        "214810909",
        "Pangyo Mobile Apps (demo)",
        "예시 판교모바일앱스",
        "KR-41",
        "software",
        "small",
        "Mobile applications, e-commerce platforms and cloud services",
        "Software houses, web developers and app developers",
        (EXC, INV),
        ("31",),
    ),
    DemoPartner(
        "kimchi",
        "410811010",
        "Jeonju Fermented Foods (demo)",
        "예시 전주발효식품",
        "KR-45",
        "food_processing",
        "small",
        "Fermentation technology, food packaging and cold chain",
        "Food processors of snacks, sauces and fermented products; halal certification know-how",
        (TT, TRN),
        ("32", "34"),
    ),
    DemoPartner(
        "snacks",
        "610811111",
        "Gimhae Snack Machinery (demo)",
        "예시 김해스낵기계",
        "KR-48",
        "food_processing",
        "medium",
        "Snack frying, drying and packaging machinery",
        "Snack and cracker producers (keripik, kerupuk)",
        (INV, TRN),
        ("35", "33"),
    ),
    DemoPartner(
        "coffee",
        "616811212",
        "Jeju Coffee Roasters (demo)",
        "예시 제주커피로스터스",
        "KR-49",
        "food_processing",
        "small",
        "Coffee roasting equipment and roasting training",
        "Coffee beans from Indonesian farmers and processors",
        (TRN, EXC),
        ("11", "73"),
    ),
    DemoPartner(
        "solar",
        "301811313",
        "Cheongju Solar Frames (demo)",
        "예시 청주솔라프레임",
        "KR-43",
        "metal",
        "small",
        "Aluminium frames for solar panels, extrusion and anodising",
        "Aluminium extrusion and metal workshops",
        (INV, TT),
        ("36",),
    ),
    DemoPartner(
        "robots",
        "610811414",
        "Changwon Robotics (demo)",
        "예시 창원로보틱스",
        "KR-48",
        "mechanical",
        "middle",
        "Welding robots, automation of production lines, maintenance training",
        "Machine builders and metal fabrication workshops",
        (TT, INV, TRN, EXC),
        ("32", "35", "36"),
    ),
    DemoPartner(
        "water",
        "418811515",
        "Gwangju Clean Water Tech (demo)",
        "예시 광주클린워터텍",
        "KR-29",
        "mechanical",
        "small",
        "Water treatment, septic tank and wastewater systems",
        "Makers of fiberglass septic tanks and water tanks",
        (TT, EXC),
        ("32", "36", "31"),
    ),
)


@dataclass(frozen=True)
class DemoProposal:
    title: str
    firm: str  # "pilot" or the index of a fictional roster firm (0, 1, ...)
    partner: str
    side: str  # sme | korean_team | staff
    forms: tuple[str, ...]
    status: str
    details: dict = field(default_factory=dict)
    summary: str = ""
    comments: dict = field(default_factory=dict)  # {target status: comment on that move}
    outcomes: dict = field(default_factory=dict)


PROPOSALS = (
    DemoProposal(
        "Biogas digester technology transfer",
        "pilot",
        "biogas",
        "korean_team",
        (TT,),
        P.ACTIVE,
        details={
            "technology": "Two-stage fiberglass biogas digester (6–12 m³) with gas holder and sensor kit",
            "transfer_mode": "Licence of the design, moulds and two weeks of on-site know-how transfer in Ciomas",
        },
        summary=(
            "After the pilot visit of 8 April 2015, Hanbit offers its two-stage digester design so that "
            "PT Swen Inovasi Transfer can produce larger digesters for livestock farms."
        ),
        comments={
            P.UNDER_REVIEW: "Screened by the ministry: consistent with the firm's plans.",
            P.ACCEPTED: "Kami setuju. Kami siap menerima tim Hanbit di Ciomas.",
        },
        outcomes={
            "outcome_technology": "Design and moulds of the 6 m³ and 12 m³ two-stage digester",
            "outcome_people_trained": 6,
            "outcome_export_markets": "Timor-Leste",
        },
    ),
    DemoProposal(
        "Fiberglass moulding training in Ansan",
        "pilot",
        "moulds",
        "korean_team",
        (TRN,),
        P.COMPLETED,
        details={
            "training_topic": "Resin infusion and mould making for fiberglass tanks",
            "trainees": 4,
            "training_days": 10,
            "training_place": "Ansan, Gyeonggi",
        },
        outcomes={"outcome_people_trained": 4},
    ),
    DemoProposal(
        "Equity investment in a second production line",
        "pilot",
        "robots",
        "staff",
        (INV,),
        P.DECLINED,
        details={
            "investment_amount": Decimal("450000000"),
            "investment_currency": "KRW",
            "investment_form": "Minority equity stake",
        },
        comments={
            P.DECLINED: "Untuk saat ini kami ingin tetap memiliki perusahaan sepenuhnya; pinjaman lebih cocok."
        },
    ),
    DemoProposal(
        "Joint venture for digester production",
        "pilot",
        "biogas",
        "sme",
        (INV,),
        P.ACCEPTED,
        details={
            "investment_amount": Decimal("2500000000"),
            "investment_currency": "IDR",
            "investment_form": "Joint venture for a digester assembly plant in Bogor",
        },
        comments={P.ACCEPTED: "Hanbit agrees to prepare the joint venture agreement."},
    ),
    DemoProposal(
        "Exchange of technicians with Daon Composite",
        "pilot",
        "moulds",
        "sme",
        (EXC,),
        P.UNDER_REVIEW,
        details={"exchange_people": 2, "exchange_direction": "both", "exchange_months": 3},
    ),
    DemoProposal(
        "Gas sensors for biogas monitoring",
        "pilot",
        "sensors",
        "korean_team",
        (TT, TRN),
        P.UNDER_REVIEW,
        details={
            "technology": "Methane sensors and an IoT controller for digesters",
            "transfer_mode": "Component supply with joint development of the controller",
            "training_topic": "Installing and calibrating the sensor kit",
            "trainees": 3,
            "training_days": 3,
            "training_place": "Ciomas, Kabupaten Bogor",
        },
    ),
    DemoProposal(
        "Precision casting know-how",
        0,
        "foundry",
        "korean_team",
        (TT,),
        P.DRAFT,
        details={
            "technology": "Investment casting of pump impellers",
            "transfer_mode": "Know-how and visits",
        },
    ),
    DemoProposal(
        "Investment in a PCB assembly line",
        1,
        "pcb",
        "korean_team",
        (INV,),
        P.SUBMITTED,
        details={
            "investment_amount": Decimal("120000"),
            "investment_currency": "USD",
            "investment_form": "SMT equipment supplied against a share of production",
        },
    ),
    DemoProposal(
        "Welding training for stainless tanks",
        2,
        "stainless",
        "staff",
        (TRN,),
        P.WITHDRAWN,
        details={
            "training_topic": "TIG welding of food-grade stainless steel",
            "trainees": 5,
            "training_days": 5,
            "training_place": "Busan",
        },
        comments={P.WITHDRAWN: "The firm has found a local training centre."},
    ),
    DemoProposal(
        "Software developers exchange",
        3,
        "erp",
        "korean_team",
        (EXC,),
        P.UNDER_REVIEW,
        details={"exchange_people": 2, "exchange_direction": "to_korea", "exchange_months": 6},
    ),
)

# The moves that bring a proposal of each side to each status, as (target, who) in order; who is
# "author", "addressee" or "staff".
PATHS = {
    P.DRAFT: [],
    P.SUBMITTED: [(P.SUBMITTED, "author")],
    P.UNDER_REVIEW: [(P.SUBMITTED, "author"), (P.UNDER_REVIEW, "staff")],
    P.ACCEPTED: [(P.SUBMITTED, "author"), (P.UNDER_REVIEW, "staff"), (P.ACCEPTED, "addressee")],
    P.DECLINED: [(P.SUBMITTED, "author"), (P.UNDER_REVIEW, "staff"), (P.DECLINED, "addressee")],
    P.ACTIVE: [
        (P.SUBMITTED, "author"),
        (P.UNDER_REVIEW, "staff"),
        (P.ACCEPTED, "addressee"),
        (P.ACTIVE, "staff"),
    ],
    P.COMPLETED: [
        (P.SUBMITTED, "author"),
        (P.UNDER_REVIEW, "staff"),
        (P.ACCEPTED, "addressee"),
        (P.ACTIVE, "staff"),
        (P.COMPLETED, "staff"),
    ],
    P.WITHDRAWN: [(P.SUBMITTED, "author"), (P.WITHDRAWN, "author")],
}

FIRST_DAY = dt.datetime(2015, 4, 20, 9, 30, tzinfo=JAKARTA)


def load_partners() -> dict[str, KoreanPartner]:
    """Create the partners that are missing; return every demo partner by key."""
    brns = {p.key: with_check_digit(p.first_nine) for p in PARTNERS}
    existing = {partner.brn: partner for partner in KoreanPartner.objects.filter(brn__in=brns.values())}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    regions = {region.code: region for region in KoreanProvince.objects.all()}
    forms = {form.code: form for form in CooperationForm.objects.all()}
    provinces = {province.code: province for province in Province.objects.all()}
    result = {}
    for number, spec in enumerate(PARTNERS, start=1):
        brn = brns[spec.key]
        partner = existing.get(brn)
        if partner is None:
            slug = spec.key
            partner = KoreanPartner.objects.create(
                brn=brn,
                name_en=spec.name_en,
                name_ko=spec.name_ko,
                region=regions[spec.region],
                sector=sectors[spec.sector],
                size=spec.size,
                offers=spec.offers,
                needs=spec.needs,
                contact_name=f"Demo Contact {number}",
                contact_email=f"{slug}@partner-demo.example",
                contact_phone=f"+82212340{number:03d}",
                website=f"https://{slug}.partner-demo.example",
            )
            partner.cooperation_forms.set([forms[code] for code in spec.forms])
            partner.preferred_provinces.set([provinces[code] for code in spec.provinces if code in provinces])
        result[spec.key] = partner
    return result


def _roster_firms(programme) -> tuple[RosterEntry | None, list[RosterEntry]]:
    """The pilot's roster entry and the fictional roster firms that share with the Korean side."""
    live = RosterEntry.objects.filter(programme=programme).live().select_related("sme__owner")
    pilot = live.filter(sme__legal_name=PILOT_LEGAL_NAME).first()
    others = list(
        live.exclude(sme__legal_name=PILOT_LEGAL_NAME)
        .filter(sme__consent_share_korea=True)
        .order_by("sme__legal_name", "pk")[:4]
    )
    return pilot, others


def _actor(who: str, spec: DemoProposal, *, entry: RosterEntry, staff: User, korean: User) -> User | None:
    author = {"sme": entry.sme.owner, "korean_team": korean, "staff": staff}[spec.side]
    if who == "author":
        return author
    if who == "staff":
        return staff
    # The addressee: the firm's owner for the others' proposals; the Korean team for the firm's.
    return korean if spec.side == "sme" else entry.sme.owner


def _backdate(proposal: CooperationProposal, start: dt.datetime) -> None:
    """Put the proposal's history in 2015: one step a week from ``start``."""
    events = list(proposal.events.order_by("id"))
    moments = [start + dt.timedelta(days=7 * n, hours=n) for n in range(len(events))]
    for event, moment in zip(events, moments, strict=True):
        ProposalEvent.objects.filter(pk=event.pk).update(at=moment)
    timeline = list(
        TimelineEvent.objects.filter(
            sme=proposal.roster_entry.sme, workflow="proposal", subject=proposal.title
        ).order_by("id")
    )
    moves = [
        moment for event, moment in zip(events, moments, strict=True) if event.kind == ProposalEvent.Kind.MOVE
    ]
    for line, moment in zip(timeline, moves, strict=False):
        TimelineEvent.objects.filter(pk=line.pk).update(at=moment)
    by_state = {
        event.to_state: moment for event, moment in zip(events, moments, strict=True) if event.to_state
    }
    decided = by_state.get(P.ACCEPTED) or by_state.get(P.DECLINED)
    CooperationProposal.objects.filter(pk=proposal.pk).update(
        created_at=moments[0],
        updated_at=moments[-1],
        submitted_at=by_state.get(P.SUBMITTED),
        decided_at=decided,
        outcome_recorded_at=moments[-1] if proposal.outcome_recorded_at else None,
    )


def load(*, programme, staff: User, korean: User) -> None:
    partners = load_partners()
    pilot, others = _roster_firms(programme)
    forms = {form.code: form for form in CooperationForm.objects.all()}
    for number, spec in enumerate(PROPOSALS):
        if spec.firm == "pilot":
            entry = pilot
        else:
            entry = others[spec.firm] if spec.firm < len(others) else None
        if entry is None:
            continue
        needs_owner = spec.side == "sme" or any(who == "addressee" for _t, who in PATHS[spec.status])
        if needs_owner and entry.sme.owner_id is None:
            continue
        if CooperationProposal.objects.filter(roster_entry=entry, title=spec.title).exists():
            continue
        author = _actor("author", spec, entry=entry, staff=staff, korean=korean)
        proposal = proposals.create_draft(
            roster_entry=entry,
            partner=partners[spec.partner],
            forms=[forms[code] for code in spec.forms],
            by=author,
            title=spec.title,
            summary=spec.summary,
            **spec.details,
        )
        for target, who in PATHS[spec.status]:
            by = _actor(who, spec, entry=entry, staff=staff, korean=korean)
            proposal = proposals.move(proposal, target, by=by, comment=spec.comments.get(target, ""))
        if spec.outcomes:
            proposal = proposals.record_outcomes(proposal, by=staff, **spec.outcomes)
        _backdate(proposal, FIRST_DAY + dt.timedelta(days=9 * number))


# The demo Korean firm whose user logs in (``make run`` prints the login): a verified partner.
KOREAN_FIRM_USER_PARTNER = "biogas"


def link_korean_firm_user(user: User) -> None:
    """Make the demo Korean firm user the administrator of its verified demo partner (idempotent)."""
    partner = load_partners()[KOREAN_FIRM_USER_PARTNER]
    if not PartnerMember.objects.filter(user=user).exists():
        PartnerMember.objects.create(partner=partner, user=user, is_admin=not partner.members.exists())
