from django.urls import include, path

from . import reference

urlpatterns = [
    path("bench/reference/directory/", reference.directory),
    path("", include("partnership.urls")),
]
