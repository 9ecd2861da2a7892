from django.urls import path

from partnership.cooperation import views

app_name = "cooperation"

# Korean partners, matching, cooperation proposals and the proposals board.
urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/export/", views.partner_export, name="partner_export"),
    path("partners/import/", views.partner_import, name="partner_import"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("roster/<int:roster_pk>/matches/", views.matches, name="matches"),
    path(
        "roster/<int:roster_pk>/matches/<int:partner_pk>/draft/",
        views.draft_from_match,
        name="draft_from_match",
    ),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/move/", views.proposal_move, name="proposal_move"),
    path("proposals/<int:pk>/comment/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/outcomes/", views.proposal_outcomes, name="proposal_outcomes"),
    path("board/", views.board, name="board"),
    path("board/export/", views.board_export, name="board_export"),
]
