"""The user's own API tokens: make one (shown once), see them, revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from partnership.lib.access import login_required

from .forms import NewTokenForm
from .models import ApiToken


def _page(request, form, *, new_token: str = "", status: int = 200):
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method != "POST":
        return _page(request, NewTokenForm())
    form = NewTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    _token, raw = ApiToken.issue(request.user, name=form.cleaned_data["name"], expires_at=form.expires_at)
    # Shown on this answer only: the portal keeps nothing but its digest.
    return _page(request, NewTokenForm(), new_token=raw)


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
