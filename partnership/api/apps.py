from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "partnership.api"
    label = "mitra_api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import messages, schema  # noqa: F401 - DRF's messages; the token's security scheme
