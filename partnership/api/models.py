"""Personal API tokens: stored as the SHA-256 of a random secret, found by a short public prefix.

A token reads ``mitra_<prefix>_<secret>``. Only the prefix and the digest of the secret are
stored; the whole token is shown once, when it is made. A revoked or expired token is kept (it
records who had access and when) but no longer authenticates.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_KEYWORD = "mitra"
PREFIX_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """``(prefix, secret)`` of a token as typed, or None when it cannot be one of ours."""
    parts = raw.split("_")
    if len(parts) != 3 or parts[0] != TOKEN_KEYWORD:
        return None
    prefix, secret = parts[1], parts[2]
    if len(prefix) != 2 * PREFIX_BYTES or not all(ch in "0123456789abcdef" for ch in prefix):
        return None
    if not 16 <= len(secret) <= 100:
        return None
    return prefix, secret


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=2 * PREFIX_BYTES, unique=True, editable=False)
    secret_digest = models.CharField(_("SHA-256 of the secret"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @classmethod
    def issue(cls, user, *, name: str, expires_at=None) -> tuple["ApiToken", str]:
        """A new token for ``user`` and its full text, which is never stored and shown once."""
        prefix = secrets.token_hex(PREFIX_BYTES)
        secret = secrets.token_urlsafe(SECRET_BYTES).replace("_", "-")
        token = cls.objects.create(
            user=user, name=name, prefix=prefix, secret_digest=digest(secret), expires_at=expires_at
        )
        return token, f"{TOKEN_KEYWORD}_{prefix}_{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_digest, digest(secret))

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
