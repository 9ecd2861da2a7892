"""The dated programme report: stage rankings as of a date, and the PDF rendering (xhtml2pdf).

xhtml2pdf is pure Python (on ReportLab): no system packages. Korean text uses one of the Adobe
CID fonts that ReportLab knows by name (the PDF viewer supplies the glyphs), so nothing is
embedded and no font file is needed.
"""

from __future__ import annotations

import datetime
import io

from django.db.models import F, Q, Sum
from django.template.loader import render_to_string
from django.utils import translation

from surveys.models import Stage, SurveyVisit

from .models import Programme

KOREAN_PDF_FONT = "HYSMyeongJo-Medium"


def stage_rankings(programme: Programme, as_of: datetime.datetime | None = None) -> list[dict]:
    """Each stage of ``programme`` with its surveyed firms, best first (two queries).

    A firm's weighted total is Σ score × weight / 5 over the stage's criteria: 0 to 100 when the
    weights add up to 100 (every criterion at 5 gives 100). Only the completed visit of a firm that
    is still on the shortlist counts (as of the date: completed by then). Ties go to the firm with
    the better score on the heaviest criterion, then by name, so the order is stable.
    """
    stages = list(Stage.objects.filter(programme=programme).order_by("number"))
    done = Q(
        status=SurveyVisit.Status.DONE, shortlist_entry__is_active=True, shortlist_entry__stage__in=stages
    )
    if as_of is not None:
        done &= Q(completed_at__lte=as_of)
    visits = (
        SurveyVisit.objects.filter(done)
        .annotate(weighted=Sum(F("scores__value") * F("scores__criterion__weight")))
        .select_related(
            "shortlist_entry__roster_entry__sme__sector",
            "shortlist_entry__roster_entry__sme__regency",
        )
        .order_by("-completed_at", "-id")
    )
    by_stage: dict[int, dict[int, dict]] = {stage.pk: {} for stage in stages}
    for visit in visits:
        entry = visit.shortlist_entry
        # One completed visit per firm (a constraint of the pipeline); keep the latest if not.
        if entry.pk in by_stage[entry.stage_id]:
            continue
        by_stage[entry.stage_id][entry.pk] = {
            "sme": entry.roster_entry.sme,
            "roster_status": entry.roster_entry.get_status_display(),
            "is_pilot": entry.is_pilot,
            "visit": visit,
            "total": round((visit.weighted or 0) / 5, 1),
        }
    result = []
    for stage in stages:
        rows = sorted(by_stage[stage.pk].values(), key=lambda row: (-row["total"], row["sme"].legal_name))
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
        result.append({"stage": stage, "rows": rows})
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
