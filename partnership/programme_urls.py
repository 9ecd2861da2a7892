from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
]
