"""The demo firms: the pilot PT Swen Inovasi Transfer and clearly fictional firms.

Everything is generated from a fixed seed, so every run builds the same firms with the same
identifiers. A firm is known by its NPWP: a second run creates only the firms that are missing
and touches nothing else. Rows go in with ``bulk_create`` (a handful of queries in all); the
derived fields that ``SME.save()`` keeps (size class, province) are computed here with the same
function, and the registration timeline is written as the workflow would have written it, with
dates in 2015.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from stdnum import luhn

from smes.consents import stamp_consents
from smes.models import SME, CooperationForm, Regency, Sector, TimelineEvent, size_class_for

from . import PILOT_LEGAL_NAME, PILOT_NPWP

SEED = 2015
JAKARTA = ZoneInfo("Asia/Jakarta")
MILLION = 1_000_000

S = SME.Status

# Where the verified fictional firms are (regency code, number of firms). Kabupaten Bogor, Kota
# Bogor and Banten (36xx) come first: stage 1 draws from them.
VERIFIED_REGIONS = [
    ("3201", 10),
    ("3271", 6),
    ("3603", 4),
    ("3671", 3),
    ("3604", 2),
    ("3672", 2),
    ("3674", 2),
    ("3216", 6),
    ("3275", 3),
    ("3273", 7),
    ("3204", 3),
    ("3276", 4),
    ("3215", 4),
    ("3171", 2),
    ("3172", 2),
    ("3173", 3),
    ("3174", 3),
    ("3175", 2),
    ("3374", 5),
    ("3372", 3),
    ("3404", 3),
    ("3471", 3),
    ("3578", 6),
    ("3515", 5),
    ("3573", 4),
    ("5171", 3),
    ("1271", 5),
    ("7371", 4),
    ("6471", 2),
    ("2171", 3),
    ("1371", 2),
    ("1871", 2),
    ("6472", 1),
]
ELIGIBLE_FOR_STAGE1 = {"3201", "3271"}  # plus every regency of Banten (36xx)

# Firms that give staff work to do: (status, regency, sector or None for the cycle).
OTHER_FIRMS = [
    (S.DRAFT, "3201", None),
    (S.DRAFT, "3273", None),
    (S.DRAFT, "3578", None),
    (S.SUBMITTED, "3271", None),
    (S.SUBMITTED, "3603", None),
    (S.SUBMITTED, "3374", None),
    (S.SUBMITTED, "1271", None),
    (S.NEEDS_INFO, "3216", None),
    (S.NEEDS_INFO, "3671", None),
    (S.REJECTED, "3404", "other"),
    (S.REJECTED, "3175", None),
]

SECTOR_CODES = ["metal", "mechanical", "it_components", "software", "food_processing"]

# Words for names, products and eco-innovation practices, per sector (in Indonesian, as the
# firms write them).
SECTOR_TEXT = {
    "metal": dict(
        words=["Logam", "Baja", "Besi Cor", "Aluminium", "Tembaga", "Pelat Baja", "Las"],
        kbli=["25111", "25920", "25999", "24101"],
        products=[
            "komponen logam presisi dan braket baja",
            "pagar, teralis, dan kanopi besi tempa",
            "cetakan aluminium (die casting) untuk suku cadang motor",
            "peralatan dapur dari baja tahan karat",
            "rangka atap baja ringan",
            "mur, baut, dan pengencang",
            "kerajinan tembaga dan kuningan",
            "komponen besi cor untuk pompa air",
        ],
        eco=[
            "Sisa potongan logam dipilah dan dijual ke pabrik peleburan.",
            "Tungku induksi hemat energi menggantikan tungku batu bara.",
            "Pengecatan bubuk (powder coating) tanpa pelarut.",
            "Instalasi pengolahan limbah cair untuk proses pelapisan logam.",
        ],
    ),
    "mechanical": dict(
        words=["Mesin", "Teknik", "Mekanika", "Perkakas", "Rekayasa"],
        kbli=["28110", "28192", "28250", "28299"],
        products=[
            "mesin pengolah pangan skala kecil",
            "mesin perontok padi dan pengering gabah",
            "pompa air dan suku cadangnya",
            "mesin pencacah plastik",
            "komponen mesin hasil bubut CNC",
            "traktor tangan dan kultivator",
            "mesin pengemas otomatis",
            "turbin mikrohidro",
        ],
        eco=[
            "Mesin pencacah untuk usaha daur ulang plastik.",
            "Turbin mikrohidro untuk listrik desa.",
            "Motor listrik efisiensi tinggi pada semua mesin produksi.",
            "Oli bekas dikumpulkan dan diserahkan ke pengolah berizin.",
        ],
    ),
    "it_components": dict(
        words=["Elektronika", "Komponen", "Sirkuit", "Digital", "Sensor"],
        kbli=["26110", "26120", "26210", "26320"],
        products=[
            "perakitan papan sirkuit cetak (PCB)",
            "modul sensor IoT untuk pertanian",
            "kabel data dan konektor",
            "pengendali lampu LED",
            "panel kontrol listrik",
            "modul GPS untuk kendaraan",
            "catu daya dan adaptor",
            "alat pemantau pemakaian listrik",
        ],
        eco=[
            "Solder bebas timbal sesuai RoHS.",
            "Limbah elektronik dikumpulkan kembali dari pelanggan.",
            "Lampu LED hemat energi untuk penerangan jalan desa.",
            "Pemantauan pemakaian listrik pabrik secara waktu nyata.",
        ],
    ),
    "software": dict(
        words=["Solusi", "Sistem", "Data", "Aplikasi", "Informatika"],
        kbli=["62011", "62012", "62019", "63112"],
        products=[
            "aplikasi kasir dan stok untuk UKM",
            "sistem informasi desa",
            "aplikasi pemesanan daring",
            "ERP untuk industri kecil",
            "aplikasi pemantauan kebun",
            "sistem akuntansi koperasi",
            "platform pembelajaran daring",
            "aplikasi logistik dan pelacakan armada",
        ],
        eco=[
            "Layanan tanpa kertas untuk nota dan laporan.",
            "Optimasi rute pengiriman untuk menghemat BBM.",
            "Aplikasi pemantauan limbah untuk kawasan industri.",
            "Server di pusat data yang memakai energi terbarukan.",
        ],
    ),
    "food_processing": dict(
        words=["Pangan", "Boga", "Rasa", "Olahan", "Kuliner"],
        kbli=["10130", "10392", "10710", "10792"],
        products=[
            "keripik singkong dan keripik pisang",
            "kopi bubuk dan biji kopi sangrai",
            "sambal dan bumbu instan",
            "tahu dan tempe kemasan",
            "dodol dan manisan buah",
            "abon dan rendang kemasan",
            "minuman jahe instan",
            "kerupuk ikan dan udang",
        ],
        eco=[
            "Biogas dari limbah produksi untuk bahan bakar dapur.",
            "Kemasan yang dapat didaur ulang.",
            "Sisa bahan baku diolah menjadi kompos.",
            "Pengeringan produk dengan tenaga surya.",
        ],
    ),
    "other": dict(
        words=["Niaga", "Dagang"],
        kbli=["47521"],
        products=["penjualan eceran bahan bangunan"],
        eco=[""],
    ),
}

DESCRIPTORS = [
    "Mandiri",
    "Jaya",
    "Sejahtera",
    "Nusantara",
    "Makmur",
    "Abadi",
    "Utama",
    "Sentosa",
    "Prima",
    "Berkah",
    "Lestari",
    "Gemilang",
    "Sinar",
    "Karya",
    "Bersama",
    "Harapan",
]
STREETS = [
    "Jl. Raya Industri",
    "Jl. Merdeka",
    "Jl. Pahlawan",
    "Jl. Jenderal Sudirman",
    "Jl. Diponegoro",
    "Jl. Gatot Subroto",
    "Jl. Ahmad Yani",
    "Jl. Kartini",
    "Jl. Veteran",
    "Jl. Pemuda",
]
FIRST_NAMES = [
    "Agus",
    "Budi",
    "Dewi",
    "Eka",
    "Fitri",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lia",
    "Maya",
    "Nur",
    "Putri",
    "Rina",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yuni",
    "Rudi",
    "Sri",
]
LAST_NAMES = [
    "Santoso",
    "Wijaya",
    "Hidayat",
    "Pratama",
    "Saputra",
    "Susanti",
    "Kurniawan",
    "Rahayu",
    "Setiawan",
    "Nugroho",
    "Permata",
    "Halim",
]
POSITIONS = ["Direktur", "Pemilik", "Manajer Pemasaran", "Manajer Operasional", "Direktur Utama"]
EXPORT_MARKETS = ["", "", "", "Malaysia", "Singapura", "Malaysia, Singapura", "Jepang", "Timor-Leste"]

# Ceilings per size class as (capital range, sales range) in millions of rupiah.
SIZE_RANGES = {
    "micro": ((100, 900), (300, 1_900)),
    "small": ((1_200, 4_800), (2_500, 14_500)),
    "medium": ((5_500, 9_500), (16_000, 48_000)),
}
EMPLOYEES = {"micro": (3, 15), "small": (15, 60), "medium": (60, 250)}
LEGAL_FORMS = [
    (SME.LegalForm.PT, "PT Contoh"),
    (SME.LegalForm.CV, "CV Fiktif"),
    (SME.LegalForm.UD, "UD Contoh"),
]

VERIFY_NOTES = [
    "Dokumen NIB, NPWP, dan akta pendirian sesuai.",
    "Data usaha dan dokumen sudah diperiksa dan sesuai.",
    "Profil lengkap; kunjungan lapangan tidak diperlukan.",
]
NEEDS_INFO_NOTES = [
    "Mohon unggah salinan NPWP yang terbaca jelas.",
    "Mohon lengkapi angka penjualan tahunan 2014 dan unggah laporan keuangan singkat.",
    "Alamat usaha belum sesuai dengan NIB. Mohon perbaiki alamat atau unggah NIB terbaru.",
]
REJECT_NOTES = {
    "other": "Usaha perdagangan eceran tidak termasuk sektor program (logam, permesinan, komponen TI, "
    "perangkat lunak, pengolahan makanan).",
    None: "NPWP yang dicantumkan tidak terdaftar atas nama badan usaha ini, dan pemilik tidak menanggapi "
    "permintaan klarifikasi.",
}


@dataclass
class DemoFirm:
    """One firm to create, with the registration moves it went through."""

    fields: dict
    interests: list[str]
    # (when, from_state, to_state, by "staff"/"owner"/None, note)
    moves: list[tuple] = field(default_factory=list)
    created_at: dt.datetime | None = None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def _npwp(rng: random.Random, used: set[str]) -> str:
    """A 16-digit NPWP (the old 15-digit number with its Luhn check digit, prefixed by 0)."""
    while True:
        base = f"{rng.randrange(1, 99):02d}{rng.randrange(0, 10**6):06d}"
        kpp = f"{rng.randrange(401, 460):03d}"
        number = "0" + base + luhn.calc_check_digit(base) + kpp + "000"
        if number not in used and number != PILOT_NPWP:
            used.add(number)
            return number


def _nib(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"812{rng.randrange(0, 10**10):010d}"
        if number not in used:
            used.add(number)
            return number


def _phone(rng: random.Random) -> str:
    # Telkomsel-style mobile numbers (+62 812 …), valid for phonenumbers, fictional.
    return f"+62812{rng.randrange(10_000_000, 99_999_999)}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _pilot(staff_key="staff", owner_key="owner") -> DemoFirm:
    submitted, verified = dt.date(2015, 1, 8), dt.date(2015, 1, 14)
    return DemoFirm(
        fields=dict(
            legal_name=PILOT_LEGAL_NAME,
            legal_form=SME.LegalForm.PT,
            nib="8120107200701",
            npwp=PILOT_NPWP,
            year_founded=2007,
            address="Kecamatan Ciomas, Kabupaten Bogor, Jawa Barat",
            postal_code="16610",
            regency_id="3201",
            sector_code="mechanical",
            kbli_codes="28299, 22299",
            products=(
                "Digester biogas dari fiberglass (dirancang sendiri sejak 2007), septic tank fiberglass, "
                "dan tangki air fiberglass."
            ),
            employees=35,
            capital=Decimal(1_800 * MILLION),
            annual_sales=Decimal(6_500 * MILLION),
            full_year_sales=True,
            certifications=[],
            export_markets="",
            eco_practices=(
                "Digester biogas mengolah kotoran ternak menjadi gas untuk memasak dan penerangan di "
                "peternakan dan rumah tangga. Ampas biogas (bio-slurry) dipakai sebagai pupuk organik. "
                "Septic tank fiberglass yang kedap air mencegah pencemaran air tanah."
            ),
            contact_name="Dimas Prasetyo (demo)",
            contact_position="Pemilik",
            contact_email="pemilik@swen-inovasi.example",
            contact_phone="+6281234002007",
            consent_publish=True,
            consent_share_korea=True,
            consent_data_processing=True,
            status=S.VERIFIED,
            reference="UKM-2015-0001",
            owner_key=owner_key,
        ),
        interests=["technology_transfer", "investment", "training"],
        moves=[
            (_at(submitted, 10, 15), S.DRAFT, S.SUBMITTED, owner_key, ""),
            (_at(verified, 14, 30), S.SUBMITTED, S.VERIFIED, staff_key, VERIFY_NOTES[0]),
        ],
        created_at=_at(dt.date(2015, 1, 5), 9, 0),
    )


def build_firms() -> list[DemoFirm]:
    """The whole list of demo firms, identical on every call."""
    rng = random.Random(SEED)
    used_npwp: set[str] = {PILOT_NPWP}
    used_nib: set[str] = {"8120107200701"}
    used_names: set[str] = {PILOT_LEGAL_NAME}
    firms = [_pilot()]

    plan = [(S.VERIFIED, code, None) for code, count in VERIFIED_REGIONS for _ in range(count)] + OTHER_FIRMS
    bogor_banten_seen = 0
    for index, (status, regency, sector_override) in enumerate(plan):
        sector = sector_override or SECTOR_CODES[index % len(SECTOR_CODES)]
        text = SECTOR_TEXT[sector]
        legal_form, prefix = LEGAL_FORMS[rng.choices([0, 1, 2], weights=[55, 35, 10])[0]]
        name = f"{prefix} {rng.choice(text['words'])} {rng.choice(DESCRIPTORS)}"
        while name in used_names:
            name = f"{prefix} {rng.choice(text['words'])} {' '.join(rng.sample(DESCRIPTORS, 2))}"
        used_names.add(name)

        size = rng.choices(["micro", "small", "medium"], weights=[35, 45, 20])[0]
        (cap_lo, cap_hi), (sales_lo, sales_hi) = SIZE_RANGES[size]
        capital = Decimal(rng.randrange(cap_lo, cap_hi, 50) * MILLION)
        sales = Decimal(rng.randrange(sales_lo, sales_hi, 50) * MILLION)
        year_founded = rng.randrange(1995, 2015)
        # A firm founded in 2014 has no full year of trading yet: capital decides its size.
        full_year = year_founded < 2014
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        in_stage1_region = regency in ELIGIBLE_FOR_STAGE1 or regency.startswith("36")
        if status == S.VERIFIED and in_stage1_region:
            bogor_banten_seen += 1
            # Two firms in the stage 1 regions did not agree to share with the Korean side, so
            # that the Korean team's pages have a firm they must not see.
            share_korea = bogor_banten_seen not in {7, 18}
        else:
            share_korea = rng.random() < 0.85
        products = ", ".join(rng.sample(text["products"], k=min(2, len(text["products"]))))
        interests = sorted(
            rng.sample(
                ["technology_transfer", "investment", "training", "staff_exchange"], k=rng.randrange(1, 4)
            )
        )
        certifications = []
        if sector == "food_processing" and rng.random() < 0.8:
            certifications.append(SME.Certification.HALAL.value)
        if rng.random() < 0.3:
            certifications.append(SME.Certification.SNI.value)
        if size != "micro" and rng.random() < 0.3:
            certifications.append(SME.Certification.ISO9001.value)
        if rng.random() < 0.1:
            certifications.append(SME.Certification.ISO14001.value)

        fields = dict(
            legal_name=name,
            legal_form=legal_form,
            # About one firm in ten registered before 2018 and has no NIB.
            nib=None if rng.random() < 0.1 else _nib(rng, used_nib),
            npwp=_npwp(rng, used_npwp),
            year_founded=year_founded,
            address=f"{rng.choice(STREETS)} No. {rng.randrange(1, 240)}",
            postal_code="",
            regency_id=regency,
            sector_code=sector,
            kbli_codes=", ".join(sorted(rng.sample(text["kbli"], k=min(2, len(text["kbli"]))))),
            products=products[0].upper() + products[1:] + ".",
            employees=rng.randrange(*EMPLOYEES[size]),
            capital=capital,
            annual_sales=sales,
            full_year_sales=full_year,
            certifications=certifications,
            export_markets=rng.choice(EXPORT_MARKETS),
            eco_practices=rng.choice(text["eco"]),
            contact_name=f"{first} {last}",
            contact_position=rng.choice(POSITIONS),
            contact_email=f"info@{_slug(name.split(' ', 2)[2])}-{index + 2:03d}.example",
            contact_phone=_phone(rng),
            consent_publish=rng.random() < 0.7,
            consent_share_korea=share_korea,
            consent_data_processing=status != S.DRAFT or rng.random() < 0.5,
            status=status,
            reference=None if status == S.DRAFT else f"UKM-2015-{index + 2:04d}",
        )
        if status == S.DRAFT:
            # A draft is unfinished: the owner has not yet filled every section.
            fields.update(products="", employees=None, contact_phone="", eco_practices="")

        firm = DemoFirm(fields=fields, interests=interests)
        if status == S.VERIFIED:
            # Submitted within five weeks, so that every verified firm is verified before the
            # roster is drawn up on 2 March 2015 (the same draws from the seeded generator).
            submitted = dt.date(2015, 1, 6) + dt.timedelta(days=rng.randrange(0, 60) * 35 // 60)
            created = submitted - dt.timedelta(days=rng.randrange(1, 10))
            if index % 9 == 4:
                # Some firms were asked for more information before being verified.
                asked = submitted + dt.timedelta(days=rng.randrange(2, 6))
                resubmitted = asked + dt.timedelta(days=rng.randrange(1, 6))
                verified = resubmitted + dt.timedelta(days=rng.randrange(1, 4))
                firm.moves = [
                    (_at(submitted, 9 + rng.randrange(8)), S.DRAFT, S.SUBMITTED, None, ""),
                    (_at(asked, 10), S.SUBMITTED, S.NEEDS_INFO, "staff", rng.choice(NEEDS_INFO_NOTES)),
                    (_at(resubmitted, 15), S.NEEDS_INFO, S.SUBMITTED, None, ""),
                    (_at(verified, 11), S.SUBMITTED, S.VERIFIED, "staff", rng.choice(VERIFY_NOTES)),
                ]
            else:
                verified = submitted + dt.timedelta(days=rng.randrange(2, 12))
                firm.moves = [
                    (_at(submitted, 9 + rng.randrange(8)), S.DRAFT, S.SUBMITTED, None, ""),
                    (
                        _at(verified, 10 + rng.randrange(6)),
                        S.SUBMITTED,
                        S.VERIFIED,
                        "staff",
                        rng.choice(VERIFY_NOTES),
                    ),
                ]
        elif status == S.DRAFT:
            created = dt.date(2015, 6, 1) + dt.timedelta(days=rng.randrange(0, 20))
        else:
            # Registrations that reached the ministry after the roster was drawn up.
            submitted = dt.date(2015, 5, 4) + dt.timedelta(days=rng.randrange(0, 40))
            created = submitted - dt.timedelta(days=rng.randrange(1, 10))
            decided = submitted + dt.timedelta(days=rng.randrange(3, 8))
            firm.moves = [(_at(submitted, 9 + rng.randrange(8)), S.DRAFT, S.SUBMITTED, None, "")]
            if status == S.NEEDS_INFO:
                firm.moves.append(
                    (_at(decided, 13), S.SUBMITTED, S.NEEDS_INFO, "staff", rng.choice(NEEDS_INFO_NOTES))
                )
            elif status == S.REJECTED:
                firm.moves.append(
                    (_at(decided, 13), S.SUBMITTED, S.REJECTED, "staff", REJECT_NOTES[sector_override])
                )
            elif regency == "3374":
                # Asked for more information, answered, and waiting again for the ministry.
                again = decided + dt.timedelta(days=4)
                firm.moves += [
                    (_at(decided, 13), S.SUBMITTED, S.NEEDS_INFO, "staff", NEEDS_INFO_NOTES[1]),
                    (_at(again, 9), S.NEEDS_INFO, S.SUBMITTED, None, ""),
                ]
        firm.created_at = _at(created, 8 + rng.randrange(9), rng.randrange(60))
        firms.append(firm)
    return firms


def load(users: dict[str, User]) -> dict:
    """Create the demo firms that are missing; return what was there and what was made."""
    firms = build_firms()
    existing = set(
        SME.objects.filter(npwp__in=[f.fields["npwp"] for f in firms]).values_list("npwp", flat=True)
    )
    missing = [firm for firm in firms if firm.fields["npwp"] not in existing]
    if not missing:
        return {"created": 0, "existing": len(existing)}

    sectors = {sector.code: sector for sector in Sector.objects.all()}
    regencies = {
        r.code: r for r in Regency.objects.filter(code__in={f.fields["regency_id"] for f in missing})
    }
    forms = {form.code: form for form in CooperationForm.objects.all()}

    rows = []
    for firm in missing:
        values = dict(firm.fields)
        sector = sectors[values.pop("sector_code")]
        owner_key = values.pop("owner_key", None)
        owner = users.get(owner_key) if owner_key else None
        if owner is not None and SME.objects.filter(owner=owner).exists():
            owner = None  # the demo owner already runs a firm created by hand; leave it be
        regency = regencies[values.pop("regency_id")]
        size, criterion = size_class_for(
            capital=values["capital"],
            annual_sales=values["annual_sales"],
            full_year_sales=values["full_year_sales"],
        )
        moves = firm.moves
        submitted = [when for when, _f, to, _b, _n in moves if to == S.SUBMITTED]
        verified = [when for when, _f, to, _b, _n in moves if to == S.VERIFIED]
        sme = SME(
            **values,
            owner=owner,
            sector=sector,
            regency=regency,
            province_id=regency.province_id,
            size_class=size or "",
            size_criterion=criterion or "",
            submitted_at=submitted[-1] if submitted else None,
            verified_at=verified[-1] if verified else None,
            language=SME.Language.ID,
        )
        # The consents were given with the registration, back-dated like the rest of the story.
        stamp_consents(sme, now=submitted[0] if submitted else firm.created_at)
        rows.append(sme)
    created = SME.objects.bulk_create(rows)

    # auto_now_add/auto_now stamp "now" on insert; put the 2015 dates back.
    for sme, firm in zip(created, missing, strict=True):
        sme.created_at = firm.created_at
        sme.updated_at = firm.moves[-1][0] if firm.moves else firm.created_at
    SME.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=200)

    Interest = SME.cooperation_interests.through
    Interest.objects.bulk_create(
        [
            Interest(sme_id=sme.pk, cooperationform_id=forms[code].pk)
            for sme, firm in zip(created, missing, strict=True)
            for code in firm.interests
        ]
    )

    events, dates = [], []
    for sme, firm in zip(created, missing, strict=True):
        for when, from_state, to_state, by, note in firm.moves:
            actor = users.get(by) if by else None
            if by == "owner" and sme.owner_id is None:
                actor = None
            events.append(
                TimelineEvent(
                    sme=sme,
                    workflow=TimelineEvent.Workflow.REGISTRATION,
                    actor=actor,
                    from_state=from_state,
                    to_state=to_state,
                    note=note,
                )
            )
            dates.append(when)
    events = TimelineEvent.objects.bulk_create(events)
    for event, when in zip(events, dates, strict=True):
        event.at = when
    TimelineEvent.objects.bulk_update(events, ["at"], batch_size=200)
    return {"created": len(created), "existing": len(existing)}
