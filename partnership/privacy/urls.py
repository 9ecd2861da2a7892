from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("notice/", views.notice, name="notice"),
    # The firm's owner
    path("my-firm/", views.rights, name="rights"),
    path("my-firm/consent/", views.consent, name="consent"),
    path("my-firm/correction/", views.correction, name="correction"),
    path("my-firm/erasure/", views.erasure, name="erasure"),
    path("my-firm/export/", views.export_request, name="export_request"),
    path("my-firm/export/<str:token>/", views.export_download, name="export_download"),
    path("my-firm/who-accessed/", views.who_accessed, name="who_accessed"),
    # Ministry staff
    path("staff/requests/", views.staff_requests, name="staff_requests"),
    path("staff/requests/<int:pk>/", views.staff_request, name="staff_request"),
    path("staff/access-log/", views.staff_access_log, name="staff_access_log"),
    path("staff/breach-report/", views.breach_report, name="breach_report"),
]
