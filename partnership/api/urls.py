"""``/api/``: the schema, its documentation pages, and version 1 of the API."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

v1 = (
    [
        path("firms/", views.FirmList.as_view(), name="firm_list"),
        path("firms/<int:pk>/", views.FirmDetail.as_view(), name="firm_detail"),
        path(
            "programmes/<slug:slug>/progress/", views.ProgrammeProgress.as_view(), name="programme_progress"
        ),
        path("roster/", views.RosterList.as_view(), name="roster_list"),
        path("roster/<int:pk>/", views.RosterDetail.as_view(), name="roster_detail"),
        path("stages/", views.StageList.as_view(), name="stage_list"),
        path("stages/<int:pk>/", views.StageDetail.as_view(), name="stage_detail"),
        path("stages/<int:pk>/shortlist/", views.Shortlist.as_view(), name="shortlist"),
        path("stages/<int:pk>/ranking/", views.Ranking.as_view(), name="ranking"),
        path("visits/", views.VisitList.as_view(), name="visit_list"),
        path("visits/<int:pk>/", views.VisitDetail.as_view(), name="visit_detail"),
        path("partners/", views.PartnerList.as_view(), name="partner_list"),
        path("partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner_detail"),
        path("proposals/", views.ProposalList.as_view(), name="proposal_list"),
        path("proposals/<int:pk>/", views.ProposalDetail.as_view(), name="proposal_detail"),
    ],
    "v1",
)

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger_ui"),
    # Redoc (from the sidecar, no CDN) styles its page with <style> elements it writes itself and
    # parses the schema in a worker: allowed on this page only, the portal's CSP stays strict.
    path(
        "redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
]
