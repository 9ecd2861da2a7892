"""Validators shared by the forms, the admin and the import."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from smes import validators


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("value", ["9120001234567", "9120 0012 34567", "9120.0012.34567"])
def test_nib_of_13_digits_is_accepted_and_compacted(value):
    assert validators.normalize_nib(value) == "9120001234567"


@pytest.mark.parametrize(
    ("value", "count"), [("912000123456", 12), ("91200012345678", 14), ("91200O1234567", 12), ("", 0)]
)
def test_nib_without_exactly_13_digits_is_refused(value, count):
    with pytest.raises(ValidationError) as excinfo:
        validators.normalize_nib(value)
    assert excinfo.value.code == "invalid_nib"
    assert f"(you entered {count})" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("01.312.166.0-091.000", "0013121660091000"),  # 15 digits, dotted
        ("013121660091000", "0013121660091000"),  # 15 digits, plain
        ("0013121660091000", "0013121660091000"),  # 16 digits (old number with a leading 0)
        ("3201010101900001", "3201010101900001"),  # 16 digits: a person's NIK
    ],
)
def test_npwp_is_stored_as_16_digits(value, stored):
    assert validators.normalize_npwp(value) == stored


@pytest.mark.parametrize(
    "value", ["01.312.166.1-091.000", "12345", "0113121660091000", "ab.cde.fgh.i-jkl.mno", "1234567890123456"]
)
def test_invalid_npwp_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validators.normalize_npwp(value)
    assert excinfo.value.code == "invalid_npwp"
    assert "not a valid NPWP" in excinfo.value.messages[0]


def test_npwp_is_shown_in_groups_of_four():
    assert validators.format_npwp("0013121660091000") == "0013 1216 6009 1000"


def test_valid_nik_is_accepted():
    assert validators.normalize_nik("3201 0101 0190 0001") == "3201010101900001"


@pytest.mark.parametrize("value", ["320101010190000", "3201010113900001", "1234567890123456"])
def test_invalid_nik_is_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validators.normalize_nik(value)
    assert excinfo.value.code == "invalid_nik"


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("(0251) 838 1234", "+622518381234"),
        ("+82 2 1234 5678", "+82212345678"),
    ],
)
def test_phone_numbers_are_stored_in_e164(value, e164):
    assert validators.normalize_phone(value) == e164


@pytest.mark.parametrize("value", ["12345", "telepon", "+62 1", ""])
def test_invalid_phone_numbers_are_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validators.normalize_phone(value)
    assert excinfo.value.code == "invalid_phone"


def test_kbli_codes_are_five_digits_each_and_deduplicated():
    assert validators.validate_kbli_codes("25112; 28291 25112") == "25112, 28291"
    assert validators.validate_kbli_codes("") == ""


def test_kbli_codes_with_wrong_length_are_named_in_the_message():
    with pytest.raises(ValidationError) as excinfo:
        validators.validate_kbli_codes("25112, 2829, 123456")
    assert excinfo.value.code == "invalid_kbli"
    assert "2829, 123456" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1.500.000.000", 1_500_000_000),
        ("Rp 1.500.000.000", 1_500_000_000),
        ("Rp1.500.000.000,00", 1_500_000_000),
        ("1,500,000,000", 1_500_000_000),
        ("1500000000", 1_500_000_000),
        ("1 500 000 000", 1_500_000_000),
        ("0", 0),
    ],
)
def test_rupiah_amounts_accept_thousands_separators(value, amount):
    assert validators.parse_rupiah(value) == Decimal(amount)


def test_empty_rupiah_amount_is_none():
    assert validators.parse_rupiah("") is None
    assert validators.parse_rupiah(None) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("-1.000", "negative_amount"),
        ("−5", "negative_amount"),
        ("1.500.000,50", "cents"),
        ("1.5.0", "invalid_amount"),
        ("satu juta", "invalid_amount"),
        ("1" * 19, "amount_too_large"),
    ],
)
def test_bad_rupiah_amounts_are_refused(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validators.parse_rupiah(value)
    assert excinfo.value.code == code


def test_rupiah_amounts_are_formatted_with_dots():
    assert validators.format_rupiah(Decimal("1500000000")) == "1.500.000.000"
    assert validators.format_rupiah(None) == ""


@time_machine.travel("2026-06-01 12:00:00+07:00", tick=False)
def test_year_founded_is_between_1900_and_this_year():
    assert validators.validate_year_founded(1900) == 1900
    assert validators.validate_year_founded(2026) == 2026
    for year in (1899, 2027):
        with pytest.raises(ValidationError) as excinfo:
            validators.validate_year_founded(year)
        assert "between 1900 and 2026" in excinfo.value.messages[0]


# --- numbers as people read them -------------------------------------------------------------------


def test_a_typed_15_digit_npwp_reads_as_16_digits_in_groups_with_its_15_digit_form():
    from smes.validators import format_npwp, format_npwp15, normalize_npwp

    stored = normalize_npwp("02.431.577.2-412.000")

    assert stored == "0024315772412000"
    assert format_npwp(stored) == "0024 3157 7241 2000"
    assert format_npwp15(stored) == "02.431.577.2-412.000"
    assert format_npwp15("3201234567890123") == ""  # a person's NIK has no 15-digit form


def test_phone_numbers_are_stored_in_e164_and_shown_in_national_form():
    from smes.validators import format_phone, normalize_phone

    stored = normalize_phone("0812 3456 7890")

    assert stored == "+6281234567890"
    assert format_phone(stored) == "0812-3456-7890"
    assert format_phone("+821012345678") == "+82 10-1234-5678"
    assert format_phone("not a number") == "not a number"
