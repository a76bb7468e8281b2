"""Query helpers shared by every app."""

from django.db.models import BooleanField, F, Func, QuerySet, Subquery


class InArray(Func):
    """`column = ANY(ARRAY(subquery))` on PostgreSQL, `column IN (subquery)` elsewhere.

    With the array, PostgreSQL reads the subquery once, then probes the column's index,
    where it otherwise often estimates a hash over the whole table cheaper.
    """

    output_field = BooleanField()

    def __init__(self, column: str, queryset: QuerySet, **extra):
        super().__init__(F(column), Subquery(queryset.order_by()), **extra)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} IN {subquery[0]}", (*column[1], *subquery[1])

    def as_postgresql(self, compiler, connection, **extra_context):
        column, subquery = (compiler.compile(e) for e in self.source_expressions)
        return f"{column[0]} = ANY(ARRAY{subquery[0]})", (*column[1], *subquery[1])
