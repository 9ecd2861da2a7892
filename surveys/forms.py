"""Forms of the stage pages: stage and rubric, shortlist removal, survey visits, the selection."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from partnership.models import Programme, RosterEntry
from smes.models import Province, Regency

from .models import Criterion, Stage, SurveyVisit
from .rubric import DEFAULT_RUBRIC, check_codes, check_weights

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class StageForm(forms.ModelForm):
    eligible_provinces = forms.ModelMultipleChoiceField(
        Province.objects.all(),
        required=False,
        label=_("Eligible provinces"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Firms anywhere in these provinces can be shortlisted."),
    )
    eligible_regencies = forms.ModelMultipleChoiceField(
        Regency.objects.select_related("province"),
        required=False,
        label=_("Eligible regencies and cities"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave both lists empty to accept firms from every region."),
    )

    class Meta:
        model = Stage
        fields = [
            "programme",
            "name",
            "name_en",
            "name_ko",
            "number",
            "capacity",
            "eligible_provinces",
            "eligible_regencies",
            "survey_start",
            "survey_end",
            "status",
        ]
        widgets = {"survey_start": DateInput(), "survey_end": DateInput()}
        help_texts = {"name": _("For example “Tahap 1”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(is_active=True)
        if self.instance.pk:
            # A stage stays in its programme.
            del self.fields["programme"]
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError(_("A stage needs at least one place."))
        if self.instance.pk:
            taken = self.instance.shortlist.filter(is_active=True).count()
            if capacity < taken:
                raise ValidationError(
                    _("%(taken)s firms are on the shortlist already: the capacity cannot be lower.")
                    % {"taken": taken}
                )
        return capacity

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("survey_start"), cleaned.get("survey_end")
        if start and end and end < start:
            self.add_error("survey_end", _("The survey window must end on or after its first day."))
        programme = cleaned.get("programme") or (self.instance.programme if self.instance.pk else None)
        number = cleaned.get("number")
        if programme and number is not None:
            clash = Stage.objects.filter(programme=programme, number=number).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("number", _("This programme already has a stage with this number."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "name_en", "name_id", "name_ko", "weight", "order"]
        widgets = {"weight": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def has_changed(self):
        # A criterion of the default rubric is saved even when staff accept it as offered.
        return bool(self.initial) or super().has_changed()


class BaseRubricFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        check_weights(row.get("weight") for row in kept)
        check_codes(row.get("code") for row in kept)


def rubric_formset(*, data=None, instance: Stage, offer_default: bool = False):
    """The rubric formset of ``instance``; a new stage is offered the default rubric."""
    initial = [dict(row, order=index) for index, row in enumerate(DEFAULT_RUBRIC, start=1)]
    formset_class = inlineformset_factory(
        Stage,
        Criterion,
        form=CriterionForm,
        formset=BaseRubricFormSet,
        extra=len(initial) if offer_default else 1,
        can_delete=True,
    )
    return formset_class(
        data=data, instance=instance, prefix="criteria", initial=initial if offer_default else None
    )


class VisitForm(forms.ModelForm):
    class Meta:
        model = SurveyVisit
        fields = ["scheduled_for", "place", "surveyors"]
        widgets = {"scheduled_for": DateTimeLocalInput()}
        help_texts = {
            "surveyors": _("Names of the people who visit, separated by commas."),
            "place": _("Usually the firm's workshop or office address."),
        }


class RescheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(label=_("New date and time"), widget=DateTimeLocalInput())
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


SCORE_CHOICES = [
    (0, _("0 – absent")),
    (1, _("1 – very weak")),
    (2, _("2 – weak")),
    (3, _("3 – adequate")),
    (4, _("4 – good")),
    (5, _("5 – excellent")),
]


class SurveyForm(forms.Form):
    """One 0–5 score and a comment per criterion, the recommendation and notes."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=SurveyVisit.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, draft: bool = False, saved: dict | None = None, **kwargs):
        """``draft``: the "save as draft" action, where every answer may still be missing;
        ``saved``: a draft saved earlier (``SurveyVisit.draft``), shown as the form's start."""
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.is_draft = draft
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=not draft,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a score from 0 to 5.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

        if draft:
            self.fields["recommendation"].required = False
        if saved and not self.is_bound:
            for pk, (value, comment) in (saved.get("scores") or {}).items():
                if value is not None:
                    self.initial[f"score_{pk}"] = value
                self.initial[f"comment_{pk}"] = comment
            self.initial["recommendation"] = saved.get("recommendation", "")
            self.initial["notes"] = saved.get("notes", "")

    def draft_scores(self) -> dict[int, tuple[int | None, str]]:
        """What a draft keeps: every criterion's score (or None) and comment."""
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                (self.cleaned_data.get(f"comment_{criterion.pk}") or "").strip(),
            )
            for criterion in self.criteria
        }

    def criterion_rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data.get(f"comment_{criterion.pk}", "").strip(),
            )
            for criterion in self.criteria
        }


DECISION_LABELS = {
    RosterEntry.Status.SELECTED: _("Selected"),
    RosterEntry.Status.NOT_SELECTED: _("Not selected"),
}


class SelectionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(decision, DECISION_LABELS[decision]) for decision in RosterEntry.DECISIONS],
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The firm reads this justification in its e-mail and on its timeline."),
    )

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if current in RosterEntry.DECISIONS:
            # A revision: the decision already recorded is not offered again (recording it twice
            # is refused by the service), the other one is chosen from the start.
            field = self.fields["decision"]
            field.choices = [(value, label) for value, label in field.choices if value != current]
            field.label = _("Revised decision")
            self.initial.setdefault("decision", field.choices[0][0])

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if not text:
            raise ValidationError(_("Please write a justification."))
        return text
