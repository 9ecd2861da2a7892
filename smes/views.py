"""Pages of the SME owner: registration, my firm, profile editing, documents."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


register = my_firm = edit = submit = upload_document = document_download = _todo
