from django.urls import path

from . import views

app_name = "partnership"

# Programme pages: public page, roster (staff), dashboard and report (staff, Korean team).
urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
