"""Validators for Korean identifiers, shared by forms, the admin and the spreadsheet import.

python-stdnum (``stdnum.kr.brn``) checks the length and the components of a Korean business
registration number (사업자등록번호) but not its check digit, which the National Tax Service
computes as follows: weights 1,3,7,1,3,7,1,3,5 on the first nine digits,
``s = Σ dᵢ·wᵢ + ⌊5·d₈ / 10⌋`` and ``d₉ = (10 − s mod 10) mod 10``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.kr import brn as stdnum_brn

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> int:
    """The check digit of a business registration number from its first nine digits."""
    digits = [int(char) for char in first_nine]
    if len(digits) != 9:
        raise ValueError("nine digits expected")
    total = sum(d * w for d, w in zip(digits, BRN_WEIGHTS, strict=True)) + (5 * digits[8]) // 10
    return (10 - total % 10) % 10


def normalize_brn(value: str) -> str:
    """A business registration number in its stored form ``XXX-XX-XXXXX``.

    Accepts the ten digits with or without dashes (spaces are ignored); raises ``ValidationError``
    with a message in the active language when the length, the digits or the check digit is wrong.
    """
    compact = stdnum_brn.compact(value or "").replace(" ", "")
    if not compact.isdigit() or len(compact) != 10:
        raise ValidationError(
            _("A business registration number has 10 digits, written XXX-XX-XXXXX (e.g. 116-82-00276)."),
            code="invalid_brn_length",
        )
    try:
        stdnum_brn.validate(compact)
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid business registration number: one of its parts cannot be zero."),
            code="invalid_brn",
        ) from exc
    if brn_check_digit(compact[:9]) != int(compact[9]):
        raise ValidationError(
            _("This business registration number has a wrong check digit. Please check for a typing error."),
            code="invalid_brn_check_digit",
        )
    return stdnum_brn.format(compact)


def with_check_digit(first_nine: str) -> str:
    """A valid formatted number from nine digits (for demo data and tests)."""
    return stdnum_brn.format(first_nine + str(brn_check_digit(first_nine)))
