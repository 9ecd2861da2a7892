"""Helpers of the list rows written in Python (the directory's cards, the staff list's rows): on the
long lists a template per row cost most of the page (bench/RESULTS.md, "HTTP")."""

from html import escape as _escape

from django.urls import reverse

from partnership.lib.versioned_cache import cached, cached_for_the_process

from .models import SME, CooperationForm, Province, Regency, Sector

# A pk that no other part of an address contains.
_SOME_PK = 987654321


def escape(value) -> str:
    """What the template's autoescape writes for ``value``: ``django.utils.html.escape`` is the same
    ``html.escape``, behind a lazy-text wrapper that costs more than the escaping itself."""
    return _escape(str(value))


def address_of(viewname: str):
    """``pk -> reverse(viewname, args=[pk])`` with one ``reverse()`` for the whole page."""
    pattern = reverse(viewname, args=[_SOME_PK])
    marker = str(_SOME_PK)
    return lambda pk: pattern.replace(marker, str(int(pk)))


def _card_lookups():
    """Sectors and cooperation forms by id (until the next write), regencies and provinces by code
    (read-only reference data: for the process)."""
    sectors = cached(("directory_sectors",), lambda: {sector.pk: sector for sector in Sector.objects.all()})
    forms = cached(("directory_forms",), lambda: {form.pk: form for form in CooperationForm.objects.all()})
    regions = cached_for_the_process(
        ("directory_regions",),
        lambda: (
            {regency.code: regency for regency in Regency.objects.only("code", "name", "province_id")},
            {province.code: province for province in Province.objects.all()},
        ),
    )
    return sectors, forms, *regions


def with_card_names(firms: list, *, interests: bool = True) -> list:
    """Give each firm of a page its sector, regency and province (the relations' caches, so
    ``sme.sector.name`` reads no row) and, with ``interests``, ``sme.interests``: its cooperation
    forms in their order, one query for the whole page. The page's query then needs no join."""
    if not firms:
        return firms
    sectors, forms, regencies, provinces = _card_lookups()
    meta = SME._meta
    links = {"sector": sectors, "regency": regencies, "province": provinces}
    chosen = {firm.pk: [] for firm in firms}
    if interests:
        through = SME.cooperation_interests.through.objects
        for sme_id, form_id in through.filter(sme_id__in=chosen).values_list("sme_id", "cooperationform_id"):
            if form_id in forms:
                chosen[sme_id].append(forms[form_id])
    for firm in firms:
        for name, lookup in links.items():
            field = meta.get_field(name)
            field.set_cached_value(firm, lookup.get(getattr(firm, field.attname)))
        if interests:
            firm.interests = sorted(chosen[firm.pk], key=lambda form: (form.order, form.code))
    return firms
