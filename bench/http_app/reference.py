"""A minimal, hand-tuned directory page over the same data: the yardstick of bench/http.py.

One SQL statement (keyset page on the directory's index, no count), no ORM objects, no template
engine, no form: the least a page of 20 published firms can cost in Django on this machine. The
product's pages are measured against it in the same run.
"""

import base64
import json
from html import escape

from django.db import connection
from django.http import HttpResponse

PAGE = 20


def _cursor(value: str | None):
    if not value:
        return None
    try:
        name, pk = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        return str(name), int(pk)
    except (ValueError, TypeError):
        return None


def directory(request):
    where = ["status = 'verified'", "consent_publish"]
    params: list = []
    text = request.GET.get("q", "").strip()
    if text:
        where.append(
            "(UPPER(legal_name::text) LIKE UPPER(%s) OR UPPER(trade_name::text) LIKE UPPER(%s) "
            "OR UPPER(products::text) LIKE UPPER(%s))"
        )
        params += [f"%{text}%"] * 3
    after = _cursor(request.GET.get("after"))
    if after:
        where.append("legal_name >= %s AND (legal_name, id) > (%s, %s)")
        params += [after[0], after[0], after[1]]
    sql = (
        "SELECT id, legal_name, products FROM smes_sme WHERE "
        + " AND ".join(where)
        + f" ORDER BY legal_name, id LIMIT {PAGE + 1}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    items = "".join(
        f'<li><a href="/sme/directory/{pk}/">{escape(name)}</a> {escape(products or "")}</li>'
        for pk, name, products in rows[:PAGE]
    )
    more = ""
    if len(rows) > PAGE:
        pk, name, _products = rows[PAGE - 1]
        token = base64.urlsafe_b64encode(json.dumps([name, pk]).encode()).decode().rstrip("=")
        more = f'<a rel="next" href="?after={token}">Next</a>'
    return HttpResponse(f"<!doctype html><title>Directory</title><ul>{items}</ul>{more}")
