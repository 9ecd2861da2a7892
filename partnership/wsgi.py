import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
application = get_wsgi_application()
# Refuse to serve without a secret key (mitra.E001): better no server than one that fails later.
settings.SECRET_KEY  # noqa: B018
