from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.home, name="home"),
    path("my-firm/", views.my_firm, name="my_firm"),
    path("firms/", views.firm_list, name="firm_list"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("profile/<int:pk>/", views.partner_profile, name="partner_profile"),
    path("for-my-firm/", views.for_owner, name="for_owner"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/decide/", views.staff_decide, name="staff_decide"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("claim/<str:token>/", views.claim, name="claim"),
]
