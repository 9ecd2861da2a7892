"""Size classes per PP 7/2021 art. 35 at each threshold and one rupiah above."""

from decimal import Decimal

import pytest
from django.urls import reverse

from smes.models import SME, SizeClass, size_class_for
from tests import factories

BN = Decimal(1_000_000_000)
ONE = Decimal(1)


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (Decimal(0), SizeClass.MICRO),
        (1 * BN, SizeClass.MICRO),
        (1 * BN + ONE, SizeClass.SMALL),
        (5 * BN, SizeClass.SMALL),
        (5 * BN + ONE, SizeClass.MEDIUM),
        (10 * BN, SizeClass.MEDIUM),
        (10 * BN + ONE, SizeClass.LARGE),
    ],
)
def test_capital_decides_without_a_full_year_of_sales(capital, expected):
    # The sales figure is ignored when it does not cover a full year.
    assert size_class_for(capital=capital, annual_sales=100 * BN, full_year_sales=False) == (
        expected,
        "capital",
    )


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        (2 * BN, SizeClass.MICRO),
        (2 * BN + ONE, SizeClass.SMALL),
        (15 * BN, SizeClass.SMALL),
        (15 * BN + ONE, SizeClass.MEDIUM),
        (50 * BN, SizeClass.MEDIUM),
        (50 * BN + ONE, SizeClass.LARGE),
    ],
)
def test_annual_sales_decide_for_a_full_year(sales, expected):
    # Capital is ignored when a full year of sales is reported.
    assert size_class_for(capital=100 * BN, annual_sales=sales, full_year_sales=True) == (expected, "sales")


def test_capital_decides_when_a_full_year_is_claimed_but_sales_are_missing():
    assert size_class_for(capital=BN, annual_sales=None, full_year_sales=True) == (SizeClass.MICRO, "capital")


def test_no_figures_no_size_class():
    assert size_class_for(capital=None, annual_sales=None, full_year_sales=True) == (None, None)


@pytest.mark.django_db
def test_size_class_is_stored_on_save():
    sme = factories.make_sme(capital=10 * BN + ONE, annual_sales=None, full_year_sales=False)
    assert (sme.size_class, sme.size_criterion) == ("large", "capital")
    assert not sme.is_eligible_size
    sme.annual_sales, sme.full_year_sales = 15 * BN, True
    sme.save()
    sme.refresh_from_db()
    assert (sme.size_class, sme.size_criterion) == ("small", "sales")


@pytest.mark.django_db
def test_my_firm_says_which_criterion_decided(client, owner_user):
    factories.make_valid_sme(owner=owner_user, capital=3 * BN, annual_sales=20 * BN, full_year_sales=True)
    client.cookies["django_language"] = "en"
    client.force_login(owner_user)
    page = client.get(reverse("smes:my_firm")).text
    assert "Medium" in page
    assert "Decided by annual sales" in page


@pytest.mark.django_db
def test_profile_form_shows_size_class_by_capital_after_save(client, owner_user):
    factories.make_valid_sme(
        owner=owner_user, status=SME.Status.DRAFT, capital=BN, annual_sales=None, full_year_sales=False
    )
    client.cookies["django_language"] = "en"
    client.force_login(owner_user)
    page = client.get(reverse("smes:edit")).text
    assert "Micro" in page
    assert "Decided by business capital" in page
