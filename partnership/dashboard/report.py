"""The dated programme report: stage rankings as of a date, and the PDF rendering (xhtml2pdf).

xhtml2pdf is pure Python (on ReportLab): no system packages. Korean text needs a Korean font:
Noto Sans KR from npm (settings.KOREAN_PDF_FONT, brought by `make install`) is embedded (subset);
failing that a TrueType font of the machine (fonts-nanum and the like); failing that the PDF names
one of the Adobe CID fonts that ReportLab knows and the viewer has to supply the glyphs (a viewer
without them shows ☒ or blanks), and the system check mitra.W201 says so.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string

from partnership.lib.i18n import active_language
from partnership.models import Programme
from surveys.models import Stage, SurveyVisit
from surveys.ranking import ranked_queryset, ranking

KOREAN_PDF_FONT = "HYSMyeongJo-Medium"
PACKAGED_KOREAN_FONT = "NotoSansKR"
# TrueType Korean fonts of common Linux packages (fonts-nanum, fonts-unfonts-core, fonts-baekmuk).
KOREAN_TTF_CANDIDATES = [
    ("NanumGothic", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    ("UnDotum", "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf"),
    ("Baekmuk-Gulim", "/usr/share/fonts/truetype/baekmuk/gulim.ttf"),
]
RECOMMENDATIONS = dict(SurveyVisit.Recommendation.choices)


def stage_rankings(programme: Programme, as_of: datetime.datetime | None = None) -> list[dict]:
    """Each stage of ``programme`` with its ranking (the pipeline's :mod:`surveys.ranking`).

    As of a date, only firms whose survey visit was completed by then are ranked (a firm has at
    most one completed visit, so an ``Exists`` filter leaves the ranking's sums untouched).
    Three queries per stage, whatever the number of firms.
    """
    result = []
    for stage in Stage.objects.filter(programme=programme).order_by("number"):
        queryset = ranked_queryset(stage)
        if as_of is not None:
            queryset = queryset.filter(
                Exists(
                    SurveyVisit.objects.filter(
                        shortlist_entry=OuterRef("pk"),
                        status=SurveyVisit.Status.DONE,
                        completed_at__lte=as_of,
                    )
                )
            )
        criteria, ranked = ranking(stage, queryset=queryset)
        rows = [
            {
                "firm": firm,
                "recommendation": RECOMMENDATIONS.get(firm.recommendation or "", ""),
                "scores": [firm.score_for(criterion) for criterion in criteria],
            }
            for firm in ranked
        ]
        result.append({"stage": stage, "criteria": criteria, "rows": rows})
    return result


def _register_packaged_font(pdfmetrics, TTFont) -> str | None:
    """Noto Sans KR from npm, regular and bold as one family, or None when it is not installed."""
    from django.conf import settings
    from reportlab.lib.fonts import addMapping

    regular, bold = Path(settings.KOREAN_PDF_FONT), Path(settings.KOREAN_PDF_FONT_BOLD)
    name = PACKAGED_KOREAN_FONT
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if not regular.is_file():
        return None
    pdfmetrics.registerFont(TTFont(name, str(regular)))
    bold_name = f"{name}-Bold" if bold.is_file() else name
    if bold.is_file():
        pdfmetrics.registerFont(TTFont(bold_name, str(bold)))
    for italic in (0, 1):
        addMapping(name, 0, italic, name)
        addMapping(name, 1, italic, bold_name)
    return name


def _korean_font(pdfmetrics, UnicodeCIDFont) -> str:
    """A Korean TrueType font embedded in the PDF (every viewer shows it): the packaged one, else
    one of the machine; else ReportLab's built-in CID font, which the PDF viewer has to supply."""
    from reportlab.pdfbase.ttfonts import TTFont

    if packaged := _register_packaged_font(pdfmetrics, TTFont):
        return packaged
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, path in KOREAN_TTF_CANDIDATES:
        if name in registered:
            return name
        if Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont(name, path))
            except Exception:  # noqa: BLE001 - a font ReportLab cannot read: try the next one
                continue
            return name
    if KOREAN_PDF_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_PDF_FONT))
    return KOREAN_PDF_FONT


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` to HTML and that to PDF bytes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from xhtml2pdf import default as xhtml2pdf_default
    from xhtml2pdf import pisa

    language = active_language()
    font = "Helvetica"
    if language == "ko":
        font = _korean_font(pdfmetrics, UnicodeCIDFont)
        xhtml2pdf_default.DEFAULT_FONT[font.lower()] = font
    html = render_to_string(template_name, {**context, "pdf_font": font}, request=request)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF rendering failed with {result.err} error(s)")
    return output.getvalue()
