"""Public pages: the directory of verified firms and a firm's public page."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


directory = public_detail = _todo
