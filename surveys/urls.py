from django.urls import path

from . import views

app_name = "surveys"

# Mounted at /stages/.
urlpatterns = [
    path("", views.stage_list, name="stage_list"),
    path("new/", views.stage_create, name="stage_create"),
    path("<int:pk>/", views.shortlist, name="shortlist"),
    path("<int:pk>/edit/", views.stage_edit, name="stage_edit"),
    path("<int:pk>/export/", views.shortlist_export, name="shortlist_export"),
    path("<int:pk>/add/", views.shortlist_add, name="shortlist_add"),
    path("<int:pk>/entries/<int:entry_pk>/remove/", views.shortlist_remove, name="shortlist_remove"),
    path("<int:pk>/entries/<int:entry_pk>/pilot/", views.shortlist_pilot, name="shortlist_pilot"),
    path("<int:pk>/entries/<int:entry_pk>/visit/", views.visit_plan, name="visit_plan"),
    path("<int:pk>/entries/<int:entry_pk>/selection/", views.selection, name="selection"),
    path("<int:pk>/ranking/", views.ranking_page, name="ranking"),
    path("<int:pk>/ranking/export/", views.ranking_export, name="ranking_export"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/<int:pk>/reschedule/", views.visit_reschedule, name="visit_reschedule"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
]
