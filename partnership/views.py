from django.conf import settings
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnership.dashboard import figures as dashboard
from partnership.lib import roles
from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached
from smes.models import CooperationForm, SMEDocument
from smes.views import STATUS_EXPLANATIONS

from .models import Programme

# What each form of cooperation means for a firm, in one sentence (keyed by CooperationForm.code).
COOPERATION_EXPLANATIONS = {
    CooperationForm.TECHNOLOGY_TRANSFER: _(
        "A Korean SME shares a technology or know-how with the Indonesian firm: a licence, joint "
        "development or hands-on guidance to make better products."
    ),
    CooperationForm.INVESTMENT: _(
        "A Korean partner invests in the firm, as equity, a joint venture or equipment, to raise production."
    ),
    CooperationForm.TRAINING: _(
        "Korean experts train the firm's people in production, quality or management, in Indonesia "
        "or in Korea."
    ),
    CooperationForm.STAFF_EXCHANGE: _(
        "Staff or workers spend time at the partner firm, in Korea or in Indonesia, to learn how it "
        "works and to build trust."
    ),
}
COOPERATION_ICONS = {
    CooperationForm.TECHNOLOGY_TRANSFER: "bi-gear-wide-connected",
    CooperationForm.INVESTMENT: "bi-cash-coin",
    CooperationForm.TRAINING: "bi-mortarboard",
    CooperationForm.STAFF_EXCHANGE: "bi-people",
}


def cooperation_forms() -> list[dict]:
    return [
        {
            "form": form,
            "explanation": COOPERATION_EXPLANATIONS.get(form.code, ""),
            "icon": COOPERATION_ICONS.get(form.code, "bi-link-45deg"),
        }
        for form in CooperationForm.objects.all()
    ]


def _programme_context(programme: Programme | None) -> dict:
    # Cached until the next move (partnership.lib.versioned_cache): the figures stay exact.
    progress = None
    if programme:
        progress = cached(
            ("public_progress", programme.pk, active_language()), lambda: dashboard.public_progress(programme)
        )
    return {
        "programme": programme,
        "progress": progress,
        "cooperation_forms": cached(("cooperation_forms",), cooperation_forms),
    }


@require_safe
def home(request):
    programme = Programme.objects.filter(is_active=True).first()
    context = _programme_context(programme)
    if programme is not None:
        fill = programme.fill()
        context["full_roster"] = fill if fill.is_full else None
    if roles.is_sme_owner(request.user):
        # A logged-in owner sees where the firm's registration stands, not an invitation to register.
        sme = request.user.sme
        context.update(
            own_sme=sme,
            status_colour=sme.status_colour,
            status_explanation=STATUS_EXPLANATIONS[sme.status],
        )
    return render(request, "home.html", context)


@require_safe
def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "partnership/programme_detail.html", _programme_context(programme))


# --- Help: a guide per role, the contact page, the documents a firm needs ---------------------

# The guides, in the order of the help page (slug in the address -> template, title).
HELP_GUIDES = {
    "visitor": ("help/visitor.html", _("For visitors")),
    "owner": ("help/owner.html", _("For SME owners")),
    "staff": ("help/staff.html", _("For ministry staff")),
    "korean-team": ("help/korean_team.html", _("For the Korean team")),
}

# What a firm prepares, keyed by the document kinds of the upload form (SMEDocument.Kind): how
# much it matters, and why. The kinds' names come from the model, so the list and the upload
# form always use the same words.
NEEDED, RECOMMENDED, IF_ANY = "needed", "recommended", "if_any"
DOCUMENT_CHECKLIST = (
    (
        SMEDocument.Kind.NIB,
        NEEDED,
        _(
            "The business identification number (NIB) from OSS; firms registered before 2018 without one give their business licence instead."
        ),
    ),
    (
        SMEDocument.Kind.NPWP,
        NEEDED,
        _("The firm's tax number card; the number is needed to submit the registration."),
    ),
    (
        SMEDocument.Kind.DEED,
        NEEDED,
        _(
            "For a PT, CV or cooperative: the deed and its latest amendment, with the approval of the Ministry of Law."
        ),
    ),
    (
        SMEDocument.Kind.PROFILE,
        RECOMMENDED,
        _(
            "Two to ten pages: what the firm makes, its people, its machines and its customers. The Korean team reads it before the visit."
        ),
    ),
    (
        SMEDocument.Kind.CATALOGUE,
        RECOMMENDED,
        _("Products with photos, sizes and prices, so that Korean partners see what the firm offers."),
    ),
    (SMEDocument.Kind.CERTIFICATE, IF_ANY, _("Halal, SNI, ISO or other certificates that are still valid.")),
    (
        SMEDocument.Kind.PHOTO,
        RECOMMENDED,
        _("The workshop, the production line or the products, in good light."),
    ),
)
CHECKLIST_LABELS = {NEEDED: _("needed"), RECOMMENDED: _("recommended"), IF_ANY: _("if the firm has one")}


def _viewer_guide(user) -> str:
    if roles.is_ministry_staff(user):
        return "staff"
    if roles.is_korean_team(user):
        return "korean-team"
    if roles.is_sme_owner(user):
        return "owner"
    return "visitor"


def _help_context(request) -> dict:
    return {
        "guides": [(slug, title) for slug, (_template, title) in HELP_GUIDES.items()],
        "own_guide": _viewer_guide(request.user),
        "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
    }


@require_safe
def help_index(request):
    """The help page: the guide of the viewer's role first, the others, contact and checklist."""
    return render(request, "help/index.html", _help_context(request))


@require_safe
def help_guide(request, guide):
    if guide not in HELP_GUIDES:
        raise Http404(_("There is no such guide."))
    template, title = HELP_GUIDES[guide]
    return render(request, template, {**_help_context(request), "guide": guide, "guide_title": title})


@require_safe
def help_contact(request):
    return render(request, "help/contact.html", {**_help_context(request), "page": "contact"})


@require_safe
def help_documents(request):
    checklist = [
        {
            "kind": kind,
            "name": SMEDocument.Kind(kind).label,
            "level": level,
            "level_label": CHECKLIST_LABELS[level],
            "why": why,
        }
        for kind, level, why in DOCUMENT_CHECKLIST
    ]
    return render(
        request,
        "help/documents.html",
        {
            **_help_context(request),
            "page": "documents",
            "checklist": checklist,
            "max_document_size": settings.MAX_DOCUMENT_SIZE,
        },
    )


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors: they may need the database, which may be what failed.
    html = loader.get_template("errors/500.html").render({"LANGUAGE_CODE": translation.get_language()})
    return HttpResponseServerError(html)
