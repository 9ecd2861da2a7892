"""Suggest Korean partners for a roster firm, best first, with the reasons for each suggestion.

Plain Python over rows loaded in a fixed number of queries: :func:`load_partners` reads every
active partner with its forms and preferred provinces (three queries however many partners), and
:func:`rank` scores them without touching the database. The score is a sum of points per reason:

- same sector: ``SECTOR_POINTS``;
- each cooperation form both sides want (the firm's interests ∩ the partner's forms):
  ``FORM_POINTS``;
- each word shared between what the firm makes or practises (products, eco-innovation practices)
  and what the partner offers or looks for: ``WORD_POINTS``, at most ``MAX_WORD_POINTS``;
- the partner prefers the firm's province: ``REGION_POINTS``.

Ties are broken by the partner's English name, then its id, so the order never depends on the
database. Each reason is a translated sentence that names the matched sector, forms or words.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnership.models import KoreanPartner
from smes.models import SME, CooperationForm

SECTOR_POINTS = 40
FORM_POINTS = 15
WORD_POINTS = 5
MAX_WORD_POINTS = 30
REGION_POINTS = 10

# Words that say nothing about a product or a need, in English and Indonesian.
STOP_WORDS = frozenset(
    """
    a about above after again all also an and any are as at be because been before being below
    between both but by can could did do does doing down during each etc few for from further
    had has have having he her here hers him his how i if in into is it its itself just make
    makes made me more most my no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their them then there these they this those
    through to too under until up use used using very was we were what when where which while
    who whom why will with would you your yours
    product products service services technology technologies company companies quality high new
    small medium large based various type types etc. including include includes system systems
    ada adalah agar akan antara atau bagi bahwa baik banyak beberapa belum bisa dalam dan dapat
    dari demikian dengan di dia ia ini itu jadi jika juga kami kamu karena ke kepada ketika lagi
    lain lebih masih mereka meski mulai namun oleh pada para per perlu pula saat sambil sampai
    sangat saya se sebagai sebelum secara sedang sehingga sejak semua seperti serta sesudah setelah
    sudah supaya tanpa tapi telah tentang terhadap tersebut tetapi untuk yaitu yang
    produk jasa layanan usaha perusahaan berbagai jenis serta buatan membuat produksi
    """.split()
)

_WORD = re.compile(r"\w+", re.UNICODE)


def _stem(word: str) -> str:
    """A light English plural fold, so that "digesters" meets "digester"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as", "os")):
        return word[:-1]
    return word


@lru_cache(maxsize=50_000)
def tokenize(text: str) -> frozenset[str]:
    """The meaningful words of ``text``: lower-cased, accents folded, no stop words or numbers.

    A pure function of the text, so its results are memoised per process (partners' texts are
    read on every page load; nothing else is kept between requests).
    """
    if not text:
        return frozenset()
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = set()
    for raw in _WORD.findall(folded):
        if raw.isdigit() or raw in STOP_WORDS:
            continue
        word = _stem(raw)
        if len(word) < 3 or word in STOP_WORDS:
            continue
        words.add(word)
    return frozenset(words)


@dataclass(frozen=True)
class Reason:
    """One explained part of a score."""

    code: str  # sector | forms | offers | needs | region
    points: int
    text: str  # translated, in the language active when the ranking was made
    items: tuple[str, ...] = ()  # the matched forms or words


@dataclass(frozen=True)
class PartnerProfile:
    """What the scoring needs of a partner, read once per page load."""

    partner: KoreanPartner
    sector_id: int
    form_codes: frozenset[str]
    province_codes: frozenset[str]
    offer_words: frozenset[str]
    need_words: frozenset[str]
    sort_key: tuple


@dataclass(frozen=True)
class FirmProfile:
    sme: SME
    sector_id: int | None
    form_codes: frozenset[str]
    province_code: str | None
    words: frozenset[str]


@dataclass
class Match:
    partner: KoreanPartner
    score: int
    reasons: list[Reason] = field(default_factory=list)

    @property
    def form_codes(self) -> list[str]:
        """The forms of cooperation both sides want (codes), for a draft made from the match."""
        for reason in self.reasons:
            if reason.code == "forms":
                return list(reason.items)
        return []

    def reason(self, code: str) -> Reason | None:
        return next((reason for reason in self.reasons if reason.code == code), None)


@dataclass(frozen=True)
class ScaleRow:
    """One line of the score's explanation: what a reason is and what it adds."""

    code: str  # sector | forms | words | region, as the reasons' codes
    label: str
    adds: str
    most: int


def score_scale(form_count: int) -> tuple[int, list[ScaleRow]]:
    """The highest possible score and what each reason adds, from the points above (the one
    definition). ``form_count`` is the number of forms of cooperation there are."""
    rows = [
        ScaleRow(
            "sector",
            _("The partner works in the firm's sector"),
            _("+%(points)d points") % {"points": SECTOR_POINTS},
            SECTOR_POINTS,
        ),
        ScaleRow(
            "forms",
            _("Each form of cooperation that both want"),
            _("+%(points)d points each") % {"points": FORM_POINTS},
            FORM_POINTS * form_count,
        ),
        ScaleRow(
            "words",
            _(
                "Each word shared between what the firm makes or practises and what the partner "
                "offers or looks for"
            ),
            _("+%(points)d points each") % {"points": WORD_POINTS},
            MAX_WORD_POINTS,
        ),
        ScaleRow(
            "region",
            _("The partner prefers the firm's province"),
            _("+%(points)d points") % {"points": REGION_POINTS},
            REGION_POINTS,
        ),
    ]
    return sum(row.most for row in rows), rows


def load_partners(queryset=None) -> list[PartnerProfile]:
    """Every active partner with what scoring needs, in three queries whatever their number.

    The forms and provinces come from the link tables as plain pairs: building a model object per
    link (``prefetch_related``) costs more than the scoring itself with a few thousand partners.
    """
    qs = KoreanPartner.objects.filter(is_active=True) if queryset is None else queryset
    partners = list(qs.select_related("region", "sector").order_by())
    ids = qs.values("pk")
    forms: dict[int, set[str]] = defaultdict(set)
    for partner_id, code in KoreanPartner.cooperation_forms.through.objects.filter(
        koreanpartner_id__in=ids
    ).values_list("koreanpartner_id", "cooperationform__code"):
        forms[partner_id].add(code)
    provinces: dict[int, set[str]] = defaultdict(set)
    for partner_id, code in KoreanPartner.preferred_provinces.through.objects.filter(
        koreanpartner_id__in=ids
    ).values_list("koreanpartner_id", "province_id"):
        provinces[partner_id].add(code)
    return [
        PartnerProfile(
            partner=partner,
            sector_id=partner.sector_id,
            form_codes=frozenset(forms.get(partner.pk, ())),
            province_codes=frozenset(provinces.get(partner.pk, ())),
            offer_words=tokenize(partner.offers),
            need_words=tokenize(partner.needs),
            sort_key=(partner.name_en.casefold(), partner.pk),
        )
        for partner in partners
    ]


def firm_profile(sme: SME, form_codes=None) -> FirmProfile:
    """The firm's side of the scoring; pass ``form_codes`` when its interests are already loaded."""
    if form_codes is None:
        form_codes = sme.cooperation_interests.values_list("code", flat=True)
    return FirmProfile(
        sme=sme,
        sector_id=sme.sector_id,
        form_codes=frozenset(form_codes),
        province_code=sme.province_id,
        words=tokenize(f"{sme.products}\n{sme.eco_practices}"),
    )


def _form_names() -> dict[str, str]:
    return {form.code: form.name for form in CooperationForm.objects.all()}


def points(firm: FirmProfile, profile: PartnerProfile) -> int:
    """The score of one partner for one firm, without the reasons: the fast path of :func:`rank`.

    Must add up exactly like :func:`score` (a test compares the two).
    """
    total = 0
    if firm.sector_id is not None and firm.sector_id == profile.sector_id:
        total += SECTOR_POINTS
    total += FORM_POINTS * len(firm.form_codes & profile.form_codes)
    offered = len(firm.words & profile.offer_words)
    needed = len(firm.words & profile.need_words)
    offer_points = min(WORD_POINTS * offered, MAX_WORD_POINTS)
    total += offer_points + min(WORD_POINTS * needed, MAX_WORD_POINTS - offer_points)
    if firm.province_code and firm.province_code in profile.province_codes:
        total += REGION_POINTS
    return total


def score(firm: FirmProfile, profile: PartnerProfile, form_names: dict[str, str]) -> Match:
    """The score of one partner for one firm, with its reasons (no database access)."""
    partner = profile.partner
    reasons: list[Reason] = []
    if firm.sector_id is not None and firm.sector_id == profile.sector_id:
        reasons.append(
            Reason(
                "sector",
                SECTOR_POINTS,
                _("Same sector: %(sector)s.") % {"sector": partner.sector.name},
                (partner.sector.name,),
            )
        )
    order = list(form_names)
    forms = sorted(firm.form_codes & profile.form_codes, key=order.index)
    if forms:
        names = tuple(form_names[code] for code in forms)
        reasons.append(
            Reason(
                "forms",
                FORM_POINTS * len(forms),
                ngettext(
                    "Both want this form of cooperation: %(forms)s.",
                    "Both want these forms of cooperation: %(forms)s.",
                    len(forms),
                )
                % {"forms": ", ".join(names)},
                tuple(forms),
            )
        )
    word_points_left = MAX_WORD_POINTS
    offered = sorted(firm.words & profile.offer_words)
    if offered:
        points = min(WORD_POINTS * len(offered), word_points_left)
        word_points_left -= points
        reasons.append(
            Reason(
                "offers",
                points,
                _("The partner offers what matches the firm's work: %(words)s.")
                % {"words": ", ".join(offered)},
                tuple(offered),
            )
        )
    needed = sorted(firm.words & profile.need_words)
    if needed and word_points_left > 0:
        points = min(WORD_POINTS * len(needed), word_points_left)
        reasons.append(
            Reason(
                "needs",
                points,
                _("The partner looks for what the firm makes: %(words)s.") % {"words": ", ".join(needed)},
                tuple(needed),
            )
        )
    if firm.province_code and firm.province_code in profile.province_codes:
        province = firm.sme.province.name if firm.sme.province_id else firm.province_code
        reasons.append(
            Reason(
                "region",
                REGION_POINTS,
                _("The partner prefers firms in %(province)s.") % {"province": province},
                (province,),
            )
        )
    return Match(partner=partner, score=sum(reason.points for reason in reasons), reasons=reasons)


def rank(
    firm: FirmProfile,
    partners: list[PartnerProfile],
    *,
    form_names: dict[str, str] | None = None,
    limit: int | None = 20,
    minimum: int = 1,
) -> list[Match]:
    """Partners for ``firm``, best first; ties by English name, then id."""
    if form_names is None:
        form_names = _form_names()
    scored = []
    for profile in partners:
        total = points(firm, profile)
        if total >= minimum:
            scored.append((-total, profile.sort_key, profile))
    scored.sort(key=lambda row: (row[0], row[1]))
    if limit is not None:
        scored = scored[:limit]
    # The sentences are written only for the partners shown.
    return [score(firm, profile, form_names) for _points, _key, profile in scored]


def matches_for(sme: SME, *, limit: int | None = 20) -> list[Match]:
    """Suggested partners for ``sme``: a fixed number of queries whatever the registry's size."""
    return rank(firm_profile(sme), load_partners(), limit=limit)


@dataclass
class FirmMatch:
    """An Indonesian firm suggested to a Korean partner, with the same reasons as the other way."""

    sme: SME
    score: int
    reasons: list[Reason]


def firms_for(partner: KoreanPartner, firms, *, limit: int | None = 20) -> list[FirmMatch]:
    """The matching run from the partner's side: ``firms`` (a queryset the caller has already
    narrowed to what the partner may see), best first, ties by the firm's name then id.

    Four queries whatever the number of firms: the partner, its links, the firms, their interests.
    """
    (profile,) = load_partners(KoreanPartner.objects.filter(pk=partner.pk)) or (None,)
    if profile is None:
        return []
    rows = list(firms.select_related("sector", "province").order_by())
    interests: dict[int, set[str]] = defaultdict(set)
    for sme_id, code in SME.cooperation_interests.through.objects.filter(
        sme_id__in=[row.pk for row in rows]
    ).values_list("sme_id", "cooperationform__code"):
        interests[sme_id].add(code)
    scored = []
    for sme in rows:
        firm = firm_profile(sme, interests.get(sme.pk, ()))
        total = points(firm, profile)
        if total >= 1:
            scored.append((-total, (sme.legal_name.casefold(), sme.pk), firm))
    scored.sort(key=lambda row: (row[0], row[1]))
    if limit is not None:
        scored = scored[:limit]
    names = _form_names()
    result = []
    for _points, _key, firm in scored:
        match = score(firm, profile, names)
        result.append(FirmMatch(sme=firm.sme, score=match.score, reasons=match.reasons))
    return result
