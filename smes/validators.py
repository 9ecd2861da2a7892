"""Validators for Indonesian business identifiers and contact data.

Each ``normalize_*`` function turns user input into the stored form or raises ``ValidationError``
with a message in the active language. Forms, the admin and the spreadsheet import share them.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp


def normalize_nib(value: str) -> str:
    """NIB (Nomor Induk Berusaha): exactly 13 digits; spaces and dots are ignored."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits.isdigit() or len(digits) != 13:
        raise ValidationError(
            _("An NIB has exactly 13 digits (you entered %(count)d)."),
            code="invalid_nib",
            params={"count": len(re.sub(r"\D", "", digits))},
        )
    return digits


def normalize_npwp(value: str) -> str:
    """NPWP: 15 digits (old form, dotted or plain) or 16 digits; stored as 16 digits.

    Since 2024 the 16-digit NPWP of a business is the old 15-digit number with a leading zero.
    """
    try:
        compact = stdnum_npwp.validate(value or "")
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid NPWP. Enter 15 digits (e.g. 01.312.166.0-091.000) or 16 digits."),
            code="invalid_npwp",
        ) from exc
    return compact if len(compact) == 16 else "0" + compact


def format_npwp(value: str) -> str:
    """Show a stored 16-digit NPWP in groups of four for reading."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if value else ""


def normalize_nik(value: str) -> str:
    """NIK (Nomor Induk Kependudukan): 16 digits with a plausible date of birth."""
    try:
        return stdnum_nik.validate(value or "")
    except StdnumError as exc:
        raise ValidationError(
            _("This is not a valid NIK: it has 16 digits and contains the date of birth."),
            code="invalid_nik",
        ) from exc


def normalize_phone(value: str, region: str = "ID") -> str:
    """A phone number in E.164 (e.g. +6281234567890); local numbers are read as Indonesian."""
    try:
        number = phonenumbers.parse(value or "", region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a valid phone number, e.g. 0812 3456 7890 or +62 812 3456 7890."),
            code="invalid_phone",
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number, e.g. 0812 3456 7890 or +62 812 3456 7890."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_kbli_codes(value: str) -> str:
    """KBLI 2020 codes: five digits each, separated by commas or spaces."""
    codes = [code for code in re.split(r"[\s,;]+", value or "") if code]
    bad = [code for code in codes if not re.fullmatch(r"\d{5}", code)]
    if bad:
        raise ValidationError(
            _("KBLI codes have five digits each (not valid: %(codes)s)."),
            code="invalid_kbli",
            params={"codes": ", ".join(bad)},
        )
    return ", ".join(dict.fromkeys(codes))
