"""Validators for Indonesian business identifiers and contact data.

Each ``normalize_*`` function turns user input into the stored form or raises ``ValidationError``
with a message in the active language. Forms, the admin and the spreadsheet import share them.
"""

import re
from decimal import Decimal

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


def format_npwp15(value: str) -> str:
    """The familiar 15-digit form (01.312.166.0-091.000) of a stored 16-digit NPWP that has one.

    A business's 16-digit NPWP is its old number with a leading zero; a 16-digit NPWP that is a
    person's NIK has no 15-digit form (empty string).
    """
    if not value or len(value) != 16 or not value.startswith("0"):
        return ""
    return stdnum_npwp.format(value[1:])


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


def format_phone(value: str) -> str:
    """A stored E.164 number as people read it: Indonesian numbers in national form
    (0812-3456-7890), others in international form (+82 10-1234-5678); anything else as stored."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == "ID"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


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


# SME.capital and SME.annual_sales hold up to 18 digits.
MAX_RUPIAH_DIGITS = 18
_GROUPED = re.compile(r"\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*")
_CENTS = re.compile(r"^(?P<whole>.*\d)[.,](?P<cents>\d{1,2})$")


def parse_rupiah(value) -> Decimal | None:
    """An amount in whole rupiah from what people type.

    Accepts "1.500.000.000" (Indonesian thousands separators), "Rp 1.500.000.000", "1500000000",
    "1,500,000,000", "1 500 000 000" and a zero-cents tail ("1.500.000,00"). Empty input is
    ``None``; negative amounts, amounts with cents and malformed groups are refused.
    """
    text = str(value if value is not None else "").strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not text:
        return None
    text = re.sub(r"^(?:rp\.?|idr)\s*", "", text, flags=re.IGNORECASE).strip()
    if text[:1] in {"-", "\u2212"}:
        raise ValidationError(_("The amount cannot be negative."), code="negative_amount")
    match = _CENTS.match(text)
    if match and len(re.split(r"[.,]", text)[-1]) < 3:
        if int(match["cents"]) != 0:
            raise ValidationError(_("Enter whole rupiah, without cents."), code="cents")
        text = match["whole"]
    if not (text.isdigit() or _GROUPED.fullmatch(text)):
        raise ValidationError(
            _("Enter an amount in rupiah using digits, e.g. 1.500.000.000."), code="invalid_amount"
        )
    digits = re.sub(r"\D", "", text).lstrip("0") or "0"
    if len(digits) > MAX_RUPIAH_DIGITS:
        raise ValidationError(_("This amount is too large."), code="amount_too_large")
    return Decimal(digits)


def format_rupiah(value) -> str:
    """Whole rupiah with dots as thousands separators, as written in Indonesia: 1.500.000.000."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


def validate_year_founded(value: int) -> int:
    """A founding year between 1900 and the current year."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    if value is not None and not 1900 <= value <= this_year:
        raise ValidationError(
            _("Enter a year between 1900 and %(year)d."), code="invalid_year", params={"year": this_year}
        )
    return value
