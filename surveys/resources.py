"""The downloads of a stage: its shortlist and its ranking, exactly as the page filtered them."""

from django.utils.translation import gettext_lazy as _

from partnership.lib.exports import SheetResource, column

from .models import SurveyVisit


class ShortlistResource(SheetResource):
    """Rows of ``surveys.views.shortlist_queryset`` (annotated with the visits)."""

    reference = column(_("Reference"), "roster_entry__sme__reference")
    legal_name = column(_("Legal name"), "roster_entry__sme__legal_name")
    pilot = column(_("Pilot firm"))
    roster_status = column(_("Roster status"))
    sector = column(_("Sector"), "roster_entry__sme__sector__name")
    regency = column(_("Regency or city"), "roster_entry__sme__regency")
    province = column(_("Province"), "roster_entry__sme__province")
    size_class = column(_("Size class"))
    planned_visit = column(_("Planned visit"))
    surveyed = column(_("Surveyed"))

    def dehydrate_pilot(self, entry):
        return _("yes") if entry.is_pilot else ""

    def dehydrate_roster_status(self, entry):
        return entry.roster_entry.get_status_display()

    def dehydrate_size_class(self, entry):
        return entry.roster_entry.sme.get_size_class_display()

    def dehydrate_planned_visit(self, entry):
        return entry.planned_for.isoformat(timespec="minutes") if entry.planned_for else ""

    def dehydrate_surveyed(self, entry):
        return _("yes") if entry.done_visit_id else ""


class RankingResource(SheetResource):
    """Rows of :func:`surveys.ranking.ranking`; one column per criterion of the stage's rubric."""

    rank = column(_("Rank"), "rank")
    reference = column(_("Reference"), "sme__reference")
    legal_name = column(_("Legal name"), "sme__legal_name")
    weighted_total = column(_("Weighted score (0–100)"), "weighted_total")
    recommendation = column(_("Recommendation"))
    visit = column(_("Visit"))
    decision = column(_("Decision"))

    def __init__(self, criteria, **kwargs):
        super().__init__(**kwargs)
        self.criteria = list(criteria)
        self.recommendations = dict(SurveyVisit.Recommendation.choices)
        declared = dict(self.fields)
        ordered = {name: declared.pop(name) for name in ("rank", "reference", "legal_name", "weighted_total")}
        for criterion in self.criteria:
            field = column(f"{criterion.name} ({criterion.weight}%)")
            field.dehydrate_method = self._score_of(criterion)
            ordered[f"criterion_{criterion.pk}"] = field
        self.fields = {**ordered, **declared}

    def get_export_order(self):
        return tuple(self.fields)

    @staticmethod
    def _score_of(criterion):
        return lambda row: row.score_for(criterion)

    def dehydrate_recommendation(self, row):
        return self.recommendations.get(row.recommendation, "")

    def dehydrate_visit(self, row):
        return row.visited_at.date().isoformat() if row.visited_at else ""

    def dehydrate_decision(self, row):
        return row.roster_entry.get_status_display()
