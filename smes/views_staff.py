"""Ministry staff pages: submitted firms, a firm's full record, verification decisions."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


staff_list = staff_detail = staff_decide = _todo
