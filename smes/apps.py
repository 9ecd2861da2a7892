from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmesConfig(AppConfig):
    name = "smes"
    verbose_name = _("SME registry")
