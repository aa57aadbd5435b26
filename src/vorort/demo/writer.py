"""Fast inserts of generated rows: plain dicts, explicit primary keys, executemany or COPY.

``bulk_create`` builds a model instance and runs every field's ``get_db_prep_save`` for each
value; for the two million rows of ``vorort demo --size large`` that alone took most of ten
minutes. The writer instead converts values with one converter per column chosen once (the
same adapters Django's backend uses) and hands the rows to the driver: ``executemany`` on
SQLite, ``COPY … FROM STDIN`` on PostgreSQL.
Primary keys are assigned here (from the table's current maximum), so rows can point at each
other before anything is written; on PostgreSQL the sequences are reset afterwards.

Like ``bulk_create`` this skips ``save()`` and signals: callers compute derived fields
(``Person.search_name``) themselves, and no simple-history rows are written.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

Row = dict[str, Any]
Converter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _hex(value: Any) -> Any:
    return value.hex


class TableWriter:
    """Inserts dict rows (keys: attnames) into one model's table."""

    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        self.model = model
        ops = connection.ops
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        self.attnames = [f.attname for f in fields]
        # Defaults are stored already converted for the database.
        self.defaults: dict[str, Any] = {}
        self.converters: list[Converter] = []
        for f in fields:
            if isinstance(f, models.DateTimeField):
                # Many rows share a time (a day's office hours): convert each one once.
                converter: Converter = functools.lru_cache(maxsize=100_000)(
                    ops.adapt_datetimefield_value
                )
                if f.auto_now or f.auto_now_add:
                    self.defaults[f.attname] = converter(now)
            elif isinstance(f, models.DateField):
                converter = ops.adapt_datefield_value
            elif isinstance(f, models.UUIDField):
                converter = _identity if connection.features.has_native_uuid_field else _hex
            elif isinstance(f, models.JSONField):
                converter = _prep_save(f)
            elif isinstance(f, models.CharField | models.TextField):
                converter = str  # plain str: a driver may dump a choices enum by its name
            else:
                converter = _identity
            self.converters.append(converter)
            # As bulk_create would: the field's default ("" for text), unless it is a callable
            # (a uuid4 drawn once would be shared by every row; callers give those).
            if f.attname not in self.defaults and not (f.has_default() and callable(f.default)):
                default = f.get_default()
                self.defaults[f.attname] = None if default is None else converter(default)
        quote = ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def params(self, rows: Iterable[Row]) -> list[tuple[Any, ...]]:
        columns = list(zip(self.attnames, self.converters, strict=True))
        defaults = self.defaults
        result = []
        for row in rows:
            values = []
            for attname, convert in columns:
                if attname in row:
                    value = row[attname]
                    values.append(None if value is None else convert(value))
                else:
                    values.append(defaults.get(attname))
            result.append(tuple(values))
        return result

    def insert(self, rows: list[Row]) -> None:
        params = self.params(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY through the driver's cursor: one stream instead of a round trip per
                # row, and no debug cursor formatting every statement for its query log.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in params:
                        copy.write_row(row)
            else:
                # SQLite: executemany of one prepared statement is fastest.
                cursor.executemany(self.insert_sql, params)


def _prep_save(field: models.Field[Any, Any]) -> Converter:
    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return convert


class RowWriter:
    """Hands out primary keys and writes rows, table by table, in a given order."""

    def __init__(self, order: Iterable[type[models.Model]]) -> None:
        self.order = list(order)
        now = timezone.now()
        self.tables = {model: TableWriter(model, now) for model in self.order}
        self.next_id: dict[type[models.Model], int] = {}
        for model in self.order:
            current = model._base_manager.aggregate(top=models.Max("pk"))["top"]
            self.next_id[model] = (current or 0) + 1

    def new_id(self, model: type[models.Model]) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk

    def write(self, rows: dict[type[models.Model], list[Row]]) -> dict[str, int]:
        """Insert ``rows`` (inside the caller's transaction); return counts by model name."""
        counts = {}
        for model in self.order:
            model_rows = rows.get(model)
            if model_rows:
                self.tables[model].insert(model_rows)
                counts[model._meta.model_name or ""] = len(model_rows)
        return counts

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids given out here (SQLite needs nothing)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.order)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def analyze(model_classes: Iterable[type[models.Model]]) -> None:
    """Gather query-planner statistics after a bulk load.

    SQLite never gathers them by itself: without them it may plan the person search's
    status subquery on the (kommune, valid_to) index instead of the person index and take
    minutes instead of milliseconds on 100,000 persons. PostgreSQL's autovacuum would get
    there eventually; right after a load it may not have yet.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            for model in model_classes:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def has_planner_statistics() -> bool:
    """False for a SQLite database on which ANALYZE never ran (other databases: True)."""
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone() is not None
