"""Public pages: the directory of verified firms and a firm's public page.

Only firms that are verified and consented to publication appear (``SME.objects.published()``);
the public page shows business data only, never NIK, NPWP or a person's contact data.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached

from .filters import DirectoryFilter, regency_rows_script
from .models import SME, CooperationForm, SizeClass
from .pagination import keyset_page, result_count
from .rows import address_of, escape, with_card_names

DIRECTORY_PAGE_SIZE = 20

# The columns the public pages read: nothing personal is even loaded.
PUBLIC_FIELDS = (
    "id",
    "legal_name",
    "trade_name",
    "legal_form",
    "nib",
    "year_founded",
    "regency",
    "province",
    "sector",
    "kbli_codes",
    "products",
    "employees",
    "size_class",
    "size_criterion",
    "certifications",
    "export_markets",
    "eco_practices",
    "status",
    "consent_publish",
)


def published_firms():
    """The firms of the public directory (the one rule: ``SME.objects.published()``), with only the
    columns the public pages and the API show."""
    return (
        SME.objects.published()
        .select_related("sector", "regency", "province")
        .prefetch_related(
            Prefetch("cooperation_interests", queryset=CooperationForm.objects.order_by("order"))
        )
        .only(*PUBLIC_FIELDS, "sector__code", "sector__name_en", "sector__name_id", "sector__name_ko")
    )


# The columns a card of the directory shows: the sector's, the region's and the cooperation forms'
# names come from lookups kept in the worker (``partnership.lib.versioned_cache``), not from joins,
# so that the page's query reads one table and builds one object per firm.
CARD_FIELDS = ("id", "legal_name", "trade_name", "size_class", "products", "sector", "regency", "province")


def directory_cards(firms: list) -> list[str]:
    """The HTML of each firm's card on a directory page (every value escaped).

    Built here rather than in the template: twenty cards, a lookup, a filter and a ``{% url %}`` at
    a time, were most of the page's rendering (bench/RESULTS.md, "HTTP")."""
    detail = address_of("smes:public_detail")
    sizes = {value: escape(capfirst(label)) for value, label in SizeClass.choices}
    interested_in = escape(gettext("Interested in:"))
    cards = []
    for sme in firms:
        href = detail(sme.pk)
        html = [
            '<li class="col"><article class="card h-100 directory-card"><div class="card-body">'
            f'<h2 class="h5 card-title mb-1"><a href="{href}" class="stretched-link">{escape(sme.legal_name)}</a></h2>'
        ]
        if sme.trade_name:
            html.append(f'<p class="text-body-secondary small mb-2">{escape(sme.trade_name)}</p>')
        html.append('<p class="mb-2">')
        if sme.sector:
            html.append(f'<span class="badge text-bg-primary">{escape(sme.sector.name)}</span> ')
        if sme.size_class:
            html.append(f'<span class="badge text-bg-light border">{sizes.get(sme.size_class, "")}</span>')
        html.append("</p>")
        if sme.regency:
            province = escape(sme.province.name) if sme.province else ""
            html.append(
                '<p class="small mb-2"><i class="bi bi-geo-alt" aria-hidden="true"></i> '
                f"{escape(sme.regency.name)}, {province}</p>"
            )
        if sme.products:
            products = sme.products if len(sme.products) <= 140 else Truncator(sme.products).chars(140)
            html.append(f'<p class="card-text small mb-2">{escape(products)}</p>')
        if sme.interests:
            names = escape(", ".join(form.name for form in sme.interests))
            html.append(
                f'<p class="small mb-0"><span class="text-body-secondary">{interested_in}</span> {names}</p>'
            )
        html.append("</div></article></li>")
        cards.append(mark_safe("".join(html)))  # noqa: S308 (every value above is escaped)
    return cards


@require_safe
def directory(request):
    firms = SME.objects.published().only(*CARD_FIELDS)
    # The filter part of the query string, carried by the next/previous links.
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    # Unfiltered (the first page, and every page after it), the filter set is built only if read:
    # its form's HTML is cached below, and its queryset is every published firm.
    if query:
        filterset = DirectoryFilter(request.GET, queryset=firms)
        filtered = filterset.qs
    else:
        filterset = SimpleLazyObject(lambda: DirectoryFilter(None, queryset=firms))
        filtered = firms
    page = keyset_page(
        filtered,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        per_page=DIRECTORY_PAGE_SIZE,
    )
    with_card_names(page.items)
    is_filtered = any(v for k, v in query.items())

    def filter_form() -> str:
        return render_to_string("smes/directory_filter_fields.html", {"form": filterset.form}, request)

    # Unfiltered (the first page, and every page after it), the form is always the same: its HTML,
    # half of the page's rendering (a select option is a template each), is kept until a write.
    form_html = (
        cached(("directory_filter_form", active_language()), filter_form) if not query else filter_form()
    )
    return render(
        request,
        "smes/directory.html",
        {
            "filter": filterset,
            "page": page,
            "cards": directory_cards(page.items),
            # Unfiltered, the estimate of every published firm is kept until the next write.
            "count": result_count(filtered, page, cache_key=None if query else ("directory_estimate",)),
            "query": query.urlencode(),
            "is_filtered": is_filtered,
            "filter_form_html": form_html,
            # For the province -> regency narrowing in the browser: [code, name, province code].
            "regencies_script": regency_rows_script(),
        },
    )


@require_safe
def public_detail(request, pk):
    sme = get_object_or_404(published_firms(), pk=pk)
    return render(
        request, "smes/public_detail.html", {"sme": sme, "contact_email": settings.PROGRAMME_CONTACT_EMAIL}
    )
