"""Settings for the test suite: production settings with what tests need switched on."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mails go through the outbox (tests/conftest.py puts it back after Django's test set-up) and are
# sent at once by the immediate task backend when the transaction commits, into mail.outbox.
EMAIL_BACKEND = "partnership.outbox.backends.OutboxBackend"
MITRA_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the finders (no collectstatic needed for tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Two-factor authentication is off for the suite (tests/partnership/accounts switch it on).
MITRA_2FA_REQUIRED = False
# The walks of every URL send hundreds of calls from one address: the API's throttles are tested
# with their own rates (tests/api/test_tokens.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"address": "100000/minute", "token": "100000/minute"},
}
