from django.urls import path

from . import views, views_dashboard

app_name = "partnership"

# Programme pages: public page, roster (staff), dashboard and report (staff, Korean team).
urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/dashboard/", views_dashboard.programme_dashboard, name="dashboard"),
    path("<slug:slug>/report/", views_dashboard.programme_report, name="report"),
    path("<slug:slug>/report/pdf/", views_dashboard.programme_report_pdf, name="report_pdf"),
]
