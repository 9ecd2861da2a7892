from django.urls import path  # noqa: F401

app_name = "cooperation"

# Korean partners, matching, cooperation proposals and the proposals board.
urlpatterns: list = []
