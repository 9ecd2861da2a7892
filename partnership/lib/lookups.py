"""``__in`` on an integer column ignores values outside the column's range.

Django already turns ``id=99999999999999999999`` into "no row" instead of a query the database
cannot run, but not ``id__in=[…]``: SQLite raises ``OverflowError`` while binding it. Forms with
several choices (``ModelMultipleChoiceField``) check what was posted with ``pk__in``, so one huge
number in a form ended in a 500. Registered on ``IntegerField`` (ids included) in ``apps.py``.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
