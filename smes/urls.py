from django.urls import path

from . import views, views_public, views_staff

app_name = "smes"

urlpatterns = [
    # The SME owner (smes/views.py)
    path("register/", views.register, name="register"),
    path("my-firm/", views.my_firm, name="my_firm"),
    path("my-firm/edit/", views.edit, name="edit"),
    path("my-firm/submit/", views.submit, name="submit"),
    path("my-firm/documents/", views.upload_document, name="upload_document"),
    path("my-firm/documents/<int:pk>/archive/", views.archive_document, name="archive_document"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    # The public (smes/views_public.py)
    path("directory/", views_public.directory, name="directory"),
    path("directory/<int:pk>/", views_public.public_detail, name="public_detail"),
    # Ministry staff (smes/views_staff.py)
    path("staff/", views_staff.staff_list, name="staff_list"),
    path("staff/export/", views_staff.staff_export, name="staff_export"),
    path("staff/<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/decide/", views_staff.staff_decide, name="staff_decide"),
]
