"""Exports stream in keyset chunks: constant queries per chunk, no OFFSET, the same file."""

import csv
import io

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partnership.lib import keyset
from partnership.lib.keyset import iterate_in_chunks
from smes.models import SME
from smes.resources import SMEResource
from tests.factories import make_sme

pytestmark = pytest.mark.django_db

STAFF_EXPORT = reverse("smes:staff_export")


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _export(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(STAFF_EXPORT, {"status": "all", **params})
        body = response.getvalue()
    return response, body, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "ordering",
    [("legal_name", "id"), ("-legal_name", "-id"), ("legal_name",), ("-status", "legal_name"), ()],
)
def test_chunks_give_every_row_once_in_the_queryset_order(ordering, monkeypatch):
    for n, name in enumerate(["PT B", "PT A", "PT B", "PT C", "PT A", "PT D", "PT B"]):
        make_sme(legal_name=name, status=["verified", "submitted", "draft"][n % 3])
    queryset = SME.objects.order_by(*ordering) if ordering else SME.objects.all()
    expected = [firm.pk for firm in (queryset.order_by(*ordering, "pk") if ordering else queryset)]
    with CaptureQueriesContext(connection) as queries:
        walked = [firm.pk for firm in iterate_in_chunks(queryset, chunk_size=2)]
    assert walked == expected
    assert len(queries.captured_queries) == 4  # 7 rows, 2 a chunk
    assert not any("OFFSET" in query["sql"].upper() for query in queries.captured_queries)


def test_an_ordering_across_a_relation_falls_back_to_the_iterator():
    for name in ["PT B", "PT A"]:
        make_sme(legal_name=name)
    queryset = SME.objects.order_by("sector__code", "legal_name")
    assert [firm.pk for firm in iterate_in_chunks(queryset, chunk_size=1)] == [firm.pk for firm in queryset]


def test_the_staff_export_streams_the_same_file_in_chunks(client, staff_user, monkeypatch):
    client.force_login(staff_user)
    for n in range(7):
        make_sme(legal_name=f"PT Aliran {n % 3}", cooperation_interests=["training"])
    whole, whole_body, _queries = _export(client)
    assert isinstance(whole, StreamingHttpResponse)
    monkeypatch.setattr(keyset.iterate_in_chunks, "__defaults__", (2,))
    chunked, chunked_body, queries = _export(client)
    assert chunked_body == whole_body
    assert len(_rows(chunked_body)) == 7
    assert [row["cooperation_interests"] for row in _rows(chunked_body)] == ["training"] * 7
    assert not any("OFFSET" in sql.upper() for sql in queries)


def test_the_staff_export_query_count_does_not_grow_with_the_rows(client, staff_user):
    client.force_login(staff_user)
    make_sme()
    _response, _body, few = _export(client)
    for _ in range(30):
        make_sme(cooperation_interests=["training", "investment"])
    _response, _body, many = _export(client)
    assert len(many) == len(few)
    assert len(_rows(_body)) == 31


def test_the_staff_export_xlsx_is_a_streamed_file_with_the_rows_of_the_csv(client, staff_user):
    client.force_login(staff_user)
    for n in range(3):
        make_sme(legal_name=f"=PT Rumus {n}")
    response, body, _queries = _export(client, format="xlsx")
    assert isinstance(response, FileResponse)
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == SMEResource().get_export_headers()
    names = [dict(zip(rows[0], row, strict=True))["legal_name"] for row in rows[1:]]
    assert names == ["=PT Rumus 0", "=PT Rumus 1", "=PT Rumus 2"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_an_xlsx_export_longer_than_the_limit_is_refused_with_a_pointer_to_the_csv(
    client, staff_user, monkeypatch, settings
):
    from partnership.lib import exports

    settings.LANGUAGE_CODE = "en"
    client.force_login(staff_user)
    for n in range(4):
        make_sme(legal_name=f"PT Panjang {n}")
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    response = client.get(STAFF_EXPORT, {"status": "all", "format": "xlsx"})
    assert response.status_code == 400
    assert "Download it as CSV" in response.content.decode()
    assert client.get(STAFF_EXPORT, {"status": "all", "format": "csv"}).status_code == 200
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 4)
    assert client.get(STAFF_EXPORT, {"status": "all", "format": "xlsx"}).status_code == 200
