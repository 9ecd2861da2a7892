from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Programme


@require_safe
def home(request):
    programme = Programme.objects.filter(is_active=True).first()
    return render(request, "home.html", {"programme": programme})


@require_safe
def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "partnership/programme_detail.html", {"programme": programme})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
