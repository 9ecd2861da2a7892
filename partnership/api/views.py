"""The endpoints of ``/api/v1/``: read-only, each with the queryset and the rule of its page.

- Open data (anyone, throttled): the directory and a firm's public profile (the directory page's
  queryset, filters and keyset cursors: smes.views_public, smes.filters, smes.pagination), and the
  programme's progress (the programme page's figures: partnership.dashboard.figures).
- The programme's teams (a token or the session): the roster, stages, shortlists, survey visits
  and rankings, Korean partners, proposals and their timelines. What each user sees is the parts'
  permissions modules: partnership.roster.permissions (``firms_visible_to``), surveys.permissions,
  partnership.cooperation.proposals (``visible_proposals``, ``get_proposal_for``).
"""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from partnership.cooperation import proposals
from partnership.cooperation.views import partner_queryset
from partnership.dashboard import figures
from partnership.lib import access_log
from partnership.models import Programme, RosterEntry
from partnership.roster.permissions import firms_visible_to
from partnership.views import cooperation_forms
from smes.filters import DirectoryFilter
from smes.models import CooperationForm
from smes.views_public import published_firms
from surveys import permissions as survey_permissions
from surveys.models import Score, Stage, SurveyVisit
from surveys.ranking import ranking
from surveys.views import shortlist_queryset

from . import serializers as s
from .pagination import DirectoryPagination, IdCursorPagination
from .permissions import ProgrammeTeam, ReadOnly, SignedIn

# Open data: anyone (AllowAny also tells the schema that no credentials are needed).
OPEN = [ReadOnly, AllowAny]

FIRM_SUMMARY = ("sme__sector", "sme__province", "sme__regency")


def _prefix(prefix: str, names) -> list[str]:
    return [f"{prefix}{name}" for name in names]


# --- Open data --------------------------------------------------------------------------------


class FirmList(generics.ListAPIView):
    """The public directory: verified firms that agreed to be published, with the page's filters."""

    permission_classes = OPEN

    serializer_class = s.PublicFirmSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DirectoryFilter
    pagination_class = DirectoryPagination

    def get_queryset(self):
        return published_firms()


class FirmDetail(generics.RetrieveAPIView):
    """A firm's public profile (404 for a firm that is not in the directory)."""

    permission_classes = OPEN

    serializer_class = s.PublicFirmSerializer

    def get_queryset(self):
        return published_firms()


class ProgrammeProgress(APIView):
    """The programme's progress, with the programme page's figures."""

    permission_classes = OPEN

    @extend_schema(
        responses=s.ProgressSerializer,
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The programme's slug.",
                examples=[OpenApiExample("The 2015 programme", value="aseic-2015")],
            )
        ],
    )
    def get(self, request, slug, **kwargs):
        programme = get_object_or_404(Programme, slug=slug)
        progress = figures.public_progress(programme)
        data = {
            "programme": programme,
            **progress,
            "cooperation_forms": cooperation_forms(),
            "outcomes": figures.outcome_totals(programme),
        }
        return Response(s.ProgressSerializer(data, context={"request": request}).data)


# --- The roster ---------------------------------------------------------------------------------


def _roster_queryset(user):
    return (
        RosterEntry.objects.filter(firms_visible_to(user))
        .select_related("programme", *FIRM_SUMMARY)
        .prefetch_related(
            Prefetch("sme__cooperation_interests", queryset=CooperationForm.objects.order_by("order"))
        )
    )


class LogsDossierReads:
    """Roster entries carry a firm's dossier (NIK and NPWP for staff): each call that returns some
    writes one line in the access log, like the dossier page (``partnership.roster.views.dossier``)."""

    _shown: list = ()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._shown = list(page) if page is not None else []
        return page

    def get_object(self):
        obj = super().get_object()
        self._shown = [obj]
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and self._shown:
            access_log.record_access(
                request,
                access_log.DOSSIER,
                [entry.sme_id for entry in self._shown],
                detail=f"API {request.path}",
            )
        return response


class RosterList(LogsDossierReads, generics.ListAPIView):
    """Roster entries with their firm's profile: all for staff, the shared ones for the Korean team."""

    serializer_class = s.RosterEntrySerializer
    permission_classes = [ProgrammeTeam]
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return _roster_queryset(self.request.user)


class RosterDetail(LogsDossierReads, generics.RetrieveAPIView):
    """One roster entry (the dossier's rule: 404 for a firm the viewer may not see)."""

    serializer_class = s.RosterEntrySerializer
    permission_classes = [ProgrammeTeam]

    def get_queryset(self):
        return _roster_queryset(self.request.user)


# --- Stages, shortlists, visits, rankings -------------------------------------------------------


def _stage_queryset():
    return (
        Stage.objects.select_related("programme")
        .prefetch_related("eligible_provinces", "eligible_regencies")
        .annotate(taken=Count("shortlist", filter=Q(shortlist__is_active=True), distinct=True))
    )


class StageList(generics.ListAPIView):
    serializer_class = s.StageSerializer
    permission_classes = [ProgrammeTeam]
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return _stage_queryset()


class StageDetail(generics.RetrieveAPIView):
    serializer_class = s.StageSerializer
    permission_classes = [ProgrammeTeam]

    def get_object(self):
        stage = survey_permissions.get_stage(self.request.user, self.kwargs["pk"])
        return get_object_or_404(_stage_queryset(), pk=stage.pk)


class Shortlist(generics.ListAPIView):
    """A stage's shortlist: the firms the viewer may see (surveys.views.shortlist_queryset)."""

    serializer_class = s.ShortlistEntrySerializer
    permission_classes = [ProgrammeTeam]
    pagination_class = None  # at most the stage's capacity (20)

    def get_queryset(self):
        stage = survey_permissions.get_stage(self.request.user, self.kwargs["pk"])
        return shortlist_queryset(stage, self.request.user)


class Ranking(APIView):
    """A stage's ranking (surveys.ranking): the Korean team sees the shared firms, with their ranks
    among all surveyed firms."""

    permission_classes = [ProgrammeTeam]

    @extend_schema(responses=s.RankingSerializer)
    def get(self, request, pk, **kwargs):
        stage = survey_permissions.get_stage(request.user, pk)
        criteria, ranked = ranking(stage, viewer=request.user)
        data = {"stage": stage.pk, "criteria": criteria, "firms": ranked}
        return Response(s.RankingSerializer(data, context={"request": request, "criteria": criteria}).data)


def _visit_queryset():
    return SurveyVisit.objects.select_related(
        *_prefix("shortlist_entry__roster_entry__", FIRM_SUMMARY), "shortlist_entry__roster_entry__sme"
    ).prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))


class VisitList(generics.ListAPIView):
    """Survey visits with their scores, of the firms the viewer may see."""

    serializer_class = s.VisitSerializer
    permission_classes = [ProgrammeTeam]
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return _visit_queryset().filter(
            firms_visible_to(self.request.user, "shortlist_entry__roster_entry__")
        )


class VisitDetail(generics.RetrieveAPIView):
    serializer_class = s.VisitSerializer
    permission_classes = [ProgrammeTeam]

    def get_object(self):
        visit = survey_permissions.get_visit(self.request.user, self.kwargs["pk"])
        return _visit_queryset().get(pk=visit.pk)


# --- Korean partners and proposals ----------------------------------------------------------------


def _partners():
    return partner_queryset().prefetch_related("preferred_provinces")


class PartnerList(generics.ListAPIView):
    serializer_class = s.PartnerSerializer
    permission_classes = [ProgrammeTeam]
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return _partners()


class PartnerDetail(generics.RetrieveAPIView):
    serializer_class = s.PartnerSerializer
    permission_classes = [ProgrammeTeam]

    def get_queryset(self):
        return _partners()


def _proposal_queryset(user):
    return (
        proposals.visible_proposals(user)
        .select_related("roster_entry__programme", "partner", *_prefix("roster_entry__", FIRM_SUMMARY))
        .prefetch_related("forms")
    )


class ProposalList(generics.ListAPIView):
    """The proposals the user may read: staff all; the Korean team the shared ones and the firms'
    submitted ones; a firm's owner those on its own firm."""

    serializer_class = s.ProposalSerializer
    permission_classes = [SignedIn]
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return _proposal_queryset(self.request.user)


class ProposalDetail(generics.RetrieveAPIView):
    """A proposal and its timeline (404 for one the user may not read)."""

    serializer_class = s.ProposalDetailSerializer
    permission_classes = [SignedIn]

    def get_object(self):
        proposal = proposals.get_proposal_for(self.request.user, self.kwargs["pk"])
        return _proposal_queryset(self.request.user).prefetch_related("events").get(pk=proposal.pk)
