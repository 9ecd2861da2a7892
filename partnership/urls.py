from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership import views
from partnership.accounts.login import LoginView
from partnership.outbox.views import healthz

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("help/", views.help_index, name="help"),
    path("help/contact/", views.help_contact, name="help_contact"),
    path("help/documents/", views.help_documents, name="help_documents"),
    path("help/<slug:guide>/", views.help_guide, name="help_guide"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/two-factor/", include("partnership.accounts.urls")),
    # Before Django's own "login": username or e-mail, each role's start page (accounts/login.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/api-tokens/", include("partnership.api.token_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sme/", include("smes.urls")),
    path("stages/", include("surveys.urls")),
    path("programme/", include("partnership.programme_urls")),
    path("cooperation/", include("partnership.cooperation.urls")),
    path("korean-firms/", include("partnership.partners.urls")),
    path("notifications/", include("partnership.notifications.urls")),
    path("api/", include("partnership.api.urls")),
    path("privacy/", include("partnership.privacy.urls")),
]

handler400 = "partnership.views.bad_request"
handler403 = "partnership.views.permission_denied"
handler404 = "partnership.views.page_not_found"
handler500 = "partnership.views.server_error"

__all__ = ["urlpatterns", "auth_views"]
