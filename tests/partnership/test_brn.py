import pytest
from django.core.exceptions import ValidationError

from partnership.cooperation.validators import brn_check_digit, normalize_brn, with_check_digit


@pytest.mark.parametrize("value", ["116-82-00276", "1168200276", " 116 82 00276 ", "116-8200276"])
def test_brn_valid_with_or_without_dashes_is_stored_with_dashes(value):
    assert normalize_brn(value) == "116-82-00276"


def test_brn_check_digit_follows_the_weights():
    # 1·1 + 1·3 + 6·7 + 8·1 + 2·3 + 0·7 + 0·1 + 2·3 + 7·5 = 101, plus ⌊5·7/10⌋ = 3 → 104 → 6.
    assert brn_check_digit("116820027") == 6
    assert with_check_digit("134867268") == "134-86-72683"


@pytest.mark.parametrize("value", ["116-82-00278", "1168200278", "116-82-00270"])
def test_brn_with_a_wrong_check_digit_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        normalize_brn(value)
    assert exc.value.code == "invalid_brn_check_digit"
    assert "check digit" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["116-82-0027", "116-82-002766", "", "12345", "116-82-0027a"])
def test_brn_of_the_wrong_length_or_not_digits_is_refused(value):
    with pytest.raises(ValidationError) as exc:
        normalize_brn(value)
    assert exc.value.code == "invalid_brn_length"
    assert "10 digits" in exc.value.messages[0]


def test_brn_with_a_zero_component_is_refused():
    with pytest.raises(ValidationError) as exc:
        normalize_brn(with_check_digit("116000027"))
    assert exc.value.code == "invalid_brn"
