from django.http import HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from partnership.dashboard import figures as dashboard
from partnership.lib.i18n import active_language
from partnership.lib.versioned_cache import cached
from smes.models import CooperationForm

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
    return render(request, "home.html", _programme_context(programme))


@require_safe
def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "partnership/programme_detail.html", _programme_context(programme))


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
