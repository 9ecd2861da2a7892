from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import SME


@require_safe
def directory(request):
    smes = SME.objects.published().select_related("sector", "province", "regency")[:20]
    return render(request, "smes/directory.html", {"smes": smes})


@require_safe
def public_detail(request, pk):
    sme = get_object_or_404(SME.objects.published(), pk=pk)
    return render(request, "smes/public_detail.html", {"sme": sme})


@require_safe
def my_firm(request):
    return render(request, "smes/public_detail.html", {"sme": request.user.sme})
