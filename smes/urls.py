from django.urls import path

from . import views

app_name = "smes"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.public_detail, name="public_detail"),
    path("my-firm/", views.my_firm, name="my_firm"),
]
