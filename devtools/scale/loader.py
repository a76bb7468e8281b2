"""Writing rows fast: PostgreSQL's COPY, large `bulk_create` batches elsewhere."""

import datetime as dt
import time
from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from foquale.validators import uai_check_letter


class Loader:
    """Writes rows (tuples of column values, id first) as fast as the database allows."""

    def __init__(self, now: dt.datetime, out: Callable[[str], None]):
        self.postgres = connection.vendor == "postgresql"
        self.now = now
        self.out = out
        self.loaded: list[type[models.Model]] = []
        self.counts: dict[str, int] = {}

    def next_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def load(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        """`columns` are attnames; every other column gets its default (or now)."""
        started = time.monotonic()
        fields = model._meta.concrete_fields
        extra_fields = [f for f in fields if f.attname not in columns]
        extra = tuple(self._default(f) for f in extra_fields)
        names = [*columns, *(f.attname for f in extra_fields)]
        count = 0
        if self.postgres:
            table = connection.ops.quote_name(model._meta.db_table)
            cols = ", ".join(connection.ops.quote_name(n) for n in names)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra)
                        count += 1
        else:
            batch: list[models.Model] = []
            for row in rows:
                batch.append(model(**dict(zip(names, row + extra, strict=True))))
                if len(batch) >= 5_000:
                    model.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            model.objects.bulk_create(batch)
            count += len(batch)
        self.loaded.append(model)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + count
        self.out(f"  {label}: {count:,} lignes en {time.monotonic() - started:.1f} s")
        return count

    def _default(self, f: models.Field):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now
        value = f.get_default()
        if value is None and not f.null:
            raise ValueError(f"{f.model.__name__}.{f.name} needs a value")
        return value

    def finish(self) -> None:
        if self.postgres:
            statements = connection.ops.sequence_reset_sql(no_style(), set(self.loaded))
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class Rows:
    """Rows waiting to be loaded, per model: tuples with their id first, the ids following
    the table's highest one, so that foreign keys are known without reading back."""

    def __init__(self, loader: Loader, models: Iterable[type[models.Model]]):
        self._next_id = {model: loader.next_id(model) for model in models}
        self._rows: dict[type[models.Model], list[tuple]] = {model: [] for model in self._next_id}

    def take(self, model: type[models.Model]) -> int:
        """The next id of `model`, for a row appended later."""
        row_id = self._next_id[model]
        self._next_id[model] += 1
        return row_id

    def add(self, model: type[models.Model], *values) -> int:
        """Appends a row of `model` with a new id; returns the id."""
        row_id = self.take(model)
        self._rows[model].append((row_id, *values))
        return row_id

    def __getitem__(self, model: type[models.Model]) -> list[tuple]:
        return self._rows[model]


def uai(academy_index: int, number: int) -> str:
    # Départements 100 and up are not used by real UAIs nor by the demo (069, 001, 042).
    digits = f"{100 + academy_index:03d}{number:04d}"
    return digits + uai_check_letter(digits)


def spread(total: int, parts: int) -> list[int]:
    """`total` split in `parts` near-equal integers."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
