"""The production settings (``partnership.settings``, DEBUG off), served over plain HTTP on the
loopback by bench/http.py, with the hand-tuned reference view's URLs beside the site's."""

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http_app.urls"
# Static files straight from their folders (no collectstatic run for a benchmark); every page and
# every query is as in production.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
