"""Property tests of the public and team forms: whatever is typed, a form answers with errors or
with valid data, never an exception; what it accepts can be saved; valid input round-trips.

hypothesis drives arbitrary text, numbers and hostile values (NUL, 10,000 characters, huge and
negative numbers, invalid dates) into every field. The database is only read by the forms; every
save happens inside a transaction that is rolled back, so the examples do not see each other.
"""

import pytest
from django import forms
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership.cooperation.forms import PartnerForm
from smes.forms import AccountForm, FirmStartForm, SMEProfileForm
from smes.models import SME
from surveys.forms import SurveyForm, VisitForm
from surveys.models import Criterion

from . import factories

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "x" * 10_000,
        "-1",
        "0",
        "99999999999999999999",
        "1e400",
        "NaN",
        "2015-02-30",
        "%ZZ",
        "",
    ]
)
ANY_TEXT = st.one_of(st.text(max_size=300), st.integers().map(str), HOSTILE)


def arbitrary_data(form_class, **kwargs):
    """A strategy of form data: arbitrary values, lists for fields of several choices."""
    names = {
        name: isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        for name, field in form_class(**kwargs).fields.items()
    }
    return st.fixed_dictionaries(
        {name: st.lists(ANY_TEXT, max_size=3) if many else ANY_TEXT for name, many in names.items()}
    )


def answers_without_raising(form) -> None:
    """Errors, or cleaned data for every field; and a model form saves what it accepted."""
    if not form.is_valid():
        assert form.errors
        return
    assert set(form.cleaned_data) >= set(form.fields)
    if isinstance(form, forms.ModelForm):
        with transaction.atomic():
            form.save()
            transaction.set_rollback(True)


# --- arbitrary input never raises -----------------------------------------------------------------


@EXAMPLES
@given(data=st.data())
def test_registration_forms_never_raise(db, data):
    answers_without_raising(AccountForm(data=data.draw(arbitrary_data(AccountForm))))
    answers_without_raising(FirmStartForm(data=data.draw(arbitrary_data(FirmStartForm))))


@pytest.fixture
def draft(owner_user):
    return factories.make_sme(owner=owner_user, status=SME.Status.DRAFT)


@EXAMPLES
@given(data=st.data())
def test_profile_form_never_raises(draft, data):
    answers_without_raising(SMEProfileForm(data=data.draw(arbitrary_data(SMEProfileForm)), instance=draft))


@EXAMPLES
@given(data=st.data())
def test_korean_partner_form_never_raises(db, data):
    answers_without_raising(PartnerForm(data=data.draw(arbitrary_data(PartnerForm))))


@pytest.fixture
def criteria(db):
    stage = factories.make_stage(regencies=["3201"])
    return list(Criterion.objects.filter(stage=stage).order_by("order"))


@EXAMPLES
@given(data=st.data())
def test_survey_forms_never_raise(criteria, data):
    answers_without_raising(
        SurveyForm(data=data.draw(arbitrary_data(SurveyForm, criteria=criteria)), criteria=criteria)
    )
    answers_without_raising(VisitForm(data=data.draw(arbitrary_data(VisitForm))))


# --- valid input round-trips ------------------------------------------------------------------------

# Text a person types in a name or an address: letters of any script, digits, punctuation, spaces;
# no control characters (Django refuses NUL) and no surrounding spaces (fields strip them).
TYPED = (
    st.text(
        alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x00"),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


@EXAMPLES
@given(legal_name=TYPED, products=TYPED, address=TYPED, employees=st.integers(min_value=0, max_value=10**6))
def test_profile_form_keeps_what_was_typed(draft, legal_name, products, address, employees):
    form = SMEProfileForm(
        data={
            "legal_name": legal_name,
            "legal_form": "pt",
            "products": products,
            "address": address,
            "employees": str(employees),
            "language": "id",
        },
        instance=draft,
    )
    assert form.is_valid(), form.errors
    with transaction.atomic():
        form.save()
        saved = SME.objects.get(pk=draft.pk)
        transaction.set_rollback(True)
    assert (saved.legal_name, saved.products, saved.address, saved.employees) == (
        legal_name,
        products,
        address,
        employees,
    )


@EXAMPLES
@given(scores=st.lists(st.integers(min_value=0, max_value=5), min_size=6, max_size=6), notes=TYPED)
def test_survey_form_gives_back_the_scores_chosen(criteria, scores, notes):
    data = {"recommendation": "recommend", "notes": notes}
    data.update(
        {f"score_{criterion.pk}": str(score) for criterion, score in zip(criteria, scores, strict=True)}
    )
    form = SurveyForm(data=data, criteria=criteria)
    assert form.is_valid(), form.errors
    assert form.scores() == {
        criterion.pk: (score, "") for criterion, score in zip(criteria, scores, strict=True)
    }
    assert form.cleaned_data["notes"] == notes
