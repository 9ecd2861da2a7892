"""Checks on uploaded documents: the kind of file is read from its content, never its name.

A browser's content type and the file name are whatever the sender says; the first bytes are what
the file is. PDFs must start with ``%PDF-``; images must also open cleanly with Pillow.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Content types we keep, as recognised by ``filetype`` from the first bytes.
ALLOWED_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")

# filetype needs at most 8 KB (262 bytes are enough for every type it knows).
HEADER_SIZE = 8192


def check_document(upload) -> str:
    """Return the real content type of ``upload`` or raise ``ValidationError``.

    ``upload`` is a Django ``UploadedFile``; it is left rewound at the start.
    """
    max_size = settings.MAX_DOCUMENT_SIZE
    if upload.size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_size)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    header = upload.read(HEADER_SIZE)
    upload.seek(0)
    kind = filetype.guess(header)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _(
                "This file is not a PDF, JPEG or PNG document (whatever its name says). "
                "Please upload a PDF, JPEG or PNG file."
            ),
            code="wrong_type",
        )
    if content_type == "application/pdf":
        if not header.startswith(b"%PDF-"):
            raise ValidationError(_("This PDF file is damaged or not a real PDF."), code="bad_pdf")
    else:
        _check_image(upload)
    return content_type


def _check_image(upload) -> None:
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This image file is damaged or not a real JPEG or PNG image."), code="bad_image"
        ) from exc
    finally:
        upload.seek(0)
