from django.urls import path

from partnership import views
from partnership.dashboard import views as views_dashboard
from partnership.roster import views as views_roster

app_name = "partnership"

# Programme pages: public page, roster (staff), dashboard and report (staff, Korean team).
urlpatterns = [
    # Before the programme's own pages: "current" is not a programme's slug.
    path("current/dashboard/", views_dashboard.current_dashboard, name="current_dashboard"),
    path("current/roster/", views_roster.current_roster, name="current_roster"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/dashboard/", views_dashboard.programme_dashboard, name="dashboard"),
    path("<slug:slug>/report/", views_dashboard.programme_report, name="report"),
    path("<slug:slug>/report/pdf/", views_dashboard.programme_report_pdf, name="report_pdf"),
    # The roster (ministry staff) and the firms' dossiers (staff, Korean team): partnership/views_roster.py
    path("<slug:slug>/roster/", views_roster.roster, name="roster"),
    path("<slug:slug>/roster/export/", views_roster.roster_export, name="roster_export"),
    path("<slug:slug>/roster/add/", views_roster.roster_add, name="roster_add"),
    path("<slug:slug>/roster/<int:pk>/withdraw/", views_roster.roster_withdraw, name="roster_withdraw"),
    path("<slug:slug>/roster/<int:pk>/dossier/", views_roster.dossier, name="dossier"),
    path("<slug:slug>/roster/<int:pk>/leave/", views_roster.roster_leave, name="roster_leave"),
]
