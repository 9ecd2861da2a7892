from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


def _remember_device_at_login(sender, request, user, **kwargs):
    from . import twofactor

    if request is not None and hasattr(request, "session"):
        twofactor.remember_device(request, user)


class AccountsConfig(AppConfig):
    name = "partnership.accounts"
    label = "mitra_accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks

        user_logged_in.connect(_remember_device_at_login, dispatch_uid="mitra_remember_2fa_device")
