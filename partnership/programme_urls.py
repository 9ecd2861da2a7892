from django.urls import path

from partnership import views
from partnership.dashboard import views as dashboard_views
from partnership.roster import views as roster_views

app_name = "partnership"

# Programme pages: public page, roster (staff), dashboard and report (staff, Korean team).
urlpatterns = [
    # Before the programme's own pages: "current" is not a programme's slug.
    path("current/dashboard/", dashboard_views.current_dashboard, name="current_dashboard"),
    path("current/roster/", roster_views.current_roster, name="current_roster"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/dashboard/", dashboard_views.programme_dashboard, name="dashboard"),
    path("<slug:slug>/report/", dashboard_views.programme_report, name="report"),
    path("<slug:slug>/report/pdf/", dashboard_views.programme_report_pdf, name="report_pdf"),
    # The roster (ministry staff) and the firms' dossiers (staff, Korean team): partnership/roster_views.py
    path("<slug:slug>/roster/", roster_views.roster, name="roster"),
    path("<slug:slug>/roster/export/", roster_views.roster_export, name="roster_export"),
    path("<slug:slug>/roster/add/", roster_views.roster_add, name="roster_add"),
    path("<slug:slug>/roster/<int:pk>/withdraw/", roster_views.roster_withdraw, name="roster_withdraw"),
    path("<slug:slug>/roster/<int:pk>/dossier/", roster_views.dossier, name="dossier"),
    path("<slug:slug>/roster/<int:pk>/leave/", roster_views.roster_leave, name="roster_leave"),
]
