from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership import views
from partnership.accounts.login import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/two-factor/", include("partnership.accounts.urls")),
    # Before Django's own "login": the form that bounds the username (partnership/auth.py).
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sme/", include("smes.urls")),
    path("stages/", include("surveys.urls")),
    path("programme/", include("partnership.programme_urls")),
    path("cooperation/", include("partnership.cooperation.urls")),
    path("privacy/", include("partnership.privacy.urls")),
]

handler400 = "partnership.views.bad_request"
handler403 = "partnership.views.permission_denied"
handler404 = "partnership.views.page_not_found"
handler500 = "partnership.views.server_error"

__all__ = ["urlpatterns", "auth_views"]
