"""The dated programme report: stage rankings as of a date, and the PDF rendering (xhtml2pdf).

xhtml2pdf is pure Python (on ReportLab): no system packages. Korean text uses one of the Adobe
CID fonts that ReportLab knows by name (the PDF viewer supplies the glyphs), so nothing is
embedded and no font file is needed.
"""

from __future__ import annotations

import datetime
import io

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import translation

from surveys.models import Stage, SurveyVisit
from surveys.ranking import ranked_queryset, ranking

from .models import Programme

KOREAN_PDF_FONT = "HYSMyeongJo-Medium"
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


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` to HTML and that to PDF bytes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from xhtml2pdf import default as xhtml2pdf_default
    from xhtml2pdf import pisa

    language = (translation.get_language() or "id")[:2]
    font = "Helvetica"
    if language == "ko":
        if KOREAN_PDF_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(KOREAN_PDF_FONT))
        xhtml2pdf_default.DEFAULT_FONT[KOREAN_PDF_FONT.lower()] = KOREAN_PDF_FONT
        font = KOREAN_PDF_FONT
    html = render_to_string(template_name, {**context, "pdf_font": font}, request=request)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"PDF rendering failed with {result.err} error(s)")
    return output.getvalue()
