"""Settings for Mitra UKM, read from the environment.

Every value has a safe default for development except where production must set it: with
``DEBUG`` off, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` are required. See ``.env.example``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
# With DEBUG off and no SECRET_KEY, commands that need no key still run (makemigrations), while
# `check --deploy` reports mitra.E001, Django refuses every use of the empty key, and
# partnership/wsgi.py refuses to start the server.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Not "rest_framework": the API renders JSON only (no browsable API templates), and as an app its
    # catalogue would replace Django's own wording of form errors in Indonesian and Korean. The
    # API's messages are in the portal's catalogue (partnership/api/messages.py).
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "smes",
    "surveys",
    "partnership",
    "partnership.accounts",
    "partnership.notifications",
    "partnership.outbox",
    "django_tasks",
    "django_tasks_db",
    "partnership.api",
    "partnership.privacy",
]
if env_str("DATABASE_URL").startswith(("postgres", "postgis")):
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # First: the request id is in every log line of the request and in the X-Request-ID header.
    "partnership.lib.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL or non-UTF-8 text in the address or a form gets a 400 before any view or query sees it.
    "partnership.lib.middleware.RejectUnusableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The change history (django-simple-history) records who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "surveys.language.KoreanTeamLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor authentication: marks the verified session, then holds an unverified one at the
    # code page (or the enrolment page where two-factor authentication is required).
    "django_otp.middleware.OTPMiddleware",
    "partnership.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it turns a locked-out login into a clear page, not a 500.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# Parallel test runs (several developers or CI jobs on one server) pick their own test database.
if env_str("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures for one username from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The username of a failed login is logged in a column of 255 characters: cut to fit (the login
# form already refuses a username longer than an account can have).
AXES_USERNAME_CALLABLE = "partnership.accounts.login.axes_username"
AXES_VERBOSE = False  # no start-up banner on every command
# Behind a reverse proxy (nginx) every request comes from 127.0.0.1: set the number of proxies in
# front of the portal so that Axes reads the client's address from X-Forwarded-For instead.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Two-factor authentication (django-otp, README "Staff accounts and two-factor authentication").
# Required for ministry staff and superusers unless relaxed; on by default in production only, so
# that the demo logins of `make run` (DEBUG=1) keep working without an authenticator app.
MITRA_2FA_REQUIRED = env_bool("MITRA_2FA_REQUIRED", not DEBUG)
MITRA_2FA_REQUIRED_KOREAN_TEAM = env_bool("MITRA_2FA_REQUIRED_KOREAN_TEAM", False)
OTP_TOTP_ISSUER = "Mitra UKM"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
    ("ko", _("Korean")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own order and one style for months (partnership/lib/formats/).
FORMAT_MODULE_PATH = ["partnership.lib.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off, so that ids and years are never rendered as "5.605" or "2.015" (in forms, links, data
# attributes); amounts ask for grouping explicitly with floatformat's "g" flag or intcomma.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (make run / make test install them); WhiteNoise serves them.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/axe-core", NODE_MODULES / "axe-core"),
]
# The Korean font of the PDF report, a TrueType file from npm (make install): embedded in every
# Korean PDF, so that it never depends on the fonts of the server or of the reader's viewer.
KOREAN_PDF_FONT_DIR = Path(
    env_str("KOREAN_PDF_FONT_DIR", str(NODE_MODULES / "@expo-google-fonts" / "noto-sans-kr"))
)
KOREAN_PDF_FONT = KOREAN_PDF_FONT_DIR / "400Regular" / "NotoSansKR_400Regular.ttf"
KOREAN_PDF_FONT_BOLD = KOREAN_PDF_FONT_DIR / "700Bold" / "NotoSansKR_700Bold.ttf"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not env_bool("TESTING", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents are private: they live outside the static tree and are only served through
# permission-checked views, never by a public URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_DOCUMENT_SIZE = 5 * 1024 * 1024

# Every e-mail goes to the outbox (a row written in the move's transaction); the worker sends it
# with MITRA_DELIVERY_BACKEND. EMAIL_BACKEND in the environment names the backend that sends (as
# before the outbox); MITRA_OUTBOX=false sends at once from the request instead (not recommended).
MITRA_DELIVERY_BACKEND = env_str("MITRA_DELIVERY_BACKEND") or env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MITRA_OUTBOX = env_bool("MITRA_OUTBOX", True)
EMAIL_BACKEND = "partnership.outbox.backends.OutboxBackend" if MITRA_OUTBOX else MITRA_DELIVERY_BACKEND
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mitra UKM <no-reply@mitra-ukm.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PROGRAMME_CONTACT_EMAIL = env_str("PROGRAMME_CONTACT_EMAIL", "kemitraan@mitra-ukm.example")
# How long the signed link of an invitation to a Korean firm's account works (partnership.partners).
KOREAN_FIRM_INVITATION_DAYS = env_int("KOREAN_FIRM_INVITATION_DAYS", 14)

# manage.py send_reminders (partnership/notifications/reminders.py): the thresholds, in days.
# A key left out keeps its default.
MITRA_REMINDERS = {
    "needs_info_days": env_int("MITRA_REMIND_NEEDS_INFO_DAYS", 7),
    "visit_days_ahead": 1,
    "proposal_answer_days": env_int("MITRA_REMIND_PROPOSAL_DAYS", 14),
    "verification_queue_days": env_int("MITRA_REMIND_QUEUE_DAYS", 3),
}
# Background tasks: Django's Tasks API (the django-tasks backport) on the database backend of
# django-tasks-db; `manage.py run_worker` runs them (README, "Deployment"). Several workers share
# the queue. The Redis/RQ backend (django-tasks-rq) is the way further.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Personal data protection (UU 27/2022; README "Personal data").
PRIVACY_CONTROLLER = env_str(
    "PRIVACY_CONTROLLER",
    "Kementerian Koperasi dan UKM Republik Indonesia, Jl. H.R. Rasuna Said Kav. 3-4, Jakarta",
)
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "pelindungan-data@mitra-ukm.example")
# Rejected registrations and abandoned drafts are purged this many months after their last change.
PRIVACY_RETENTION_MONTHS = env_int("PRIVACY_RETENTION_MONTHS", 24)
# A request of a data subject is answered within this many hours (3 x 24 h).
PRIVACY_REQUEST_DEADLINE_HOURS = env_int("PRIVACY_REQUEST_DEADLINE_HOURS", 72)
# How long the download link of a personal data export stays valid.
PRIVACY_EXPORT_LINK_HOURS = env_int("PRIVACY_EXPORT_LINK_HOURS", 72)

# The admin shows each change as a difference; nothing is reverted from there (the workflows'
# service functions are the only way to change a state).
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The language cookie is only read by the server (no script reads it).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): everything from the portal itself, nothing inline.
# Scripts live in static/js/, styles in static/css/ (classes, data attributes; no style="" or
# onclick=""). "data:" images: Bootstrap's CSS draws the select arrow and checkbox ticks as
# data: SVGs. To allow another source, add it to the directive here (see README, "Security headers").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json writes JSON lines (python-json-logger); every line carries the request id.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
# Django's cache: the API's throttle counts live there. Each gunicorn worker has its own memory
# (so its own budget) unless REDIS_URL names a Redis server that every worker and server shares.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# The read API (partnership/api/, README "API"): JSON only, personal tokens or the session (with
# CSRF), throttled per token and per address. Rates are "<n>/<second|minute|hour|day>".
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnership.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["partnership.api.permissions.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "partnership.api.throttling.AddressRateThrottle",
        "partnership.api.throttling.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "address": env_str("MITRA_API_RATE_ADDRESS", "120/minute"),
        "token": env_str("MITRA_API_RATE_TOKEN", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partnership.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # 0: the address is REMOTE_ADDR (DRF's default, None, would trust any X-Forwarded-For sent).
    "NUM_PROXIES": env_int("AXES_PROXY_COUNT", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mitra UKM API",
    "DESCRIPTION": (
        "Read-only API of the Indonesia–Korea SME partnership portal: open data (the directory of "
        "verified firms, the programme's progress) for everyone, and the programme's records for "
        "ministry staff and the Korean team with a personal token (Authorization: Bearer <token>)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "partnership.models.CooperationProposal.Currency",
        "FirmStatusEnum": "smes.models.SME.Status",
        "RosterStatusEnum": "partnership.models.RosterEntry.Status",
        "ProposalStatusEnum": "partnership.models.CooperationProposal.Status",
        "StageStatusEnum": "surveys.models.Stage.Status",
        "VisitStatusEnum": "surveys.models.SurveyVisit.Status",
    },
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "partnership.lib.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
