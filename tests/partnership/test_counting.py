"""The planner's estimate (partnership.lib.counting) of a list it cannot hold any row of."""

import pytest
from django.db import connection

from partnership.lib.counting import EstimatedCountPaginator, estimated_count
from smes.models import SME

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan estimate"),
]


def test_a_condition_no_row_can_meet_is_an_estimate_of_zero():
    # An id beyond the column's range: Django sends no query at all (EmptyResultSet).
    impossible = SME.objects.filter(sector__id__exact=99999999999999999999)
    assert estimated_count(impossible) <= 1  # the planner never says 0
    assert EstimatedCountPaginator(impossible.order_by("pk"), 20).count == 0
