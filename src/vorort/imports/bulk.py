"""Bulk writes of the importer: plain dict rows, one prepared statement per table.

``bulk_create`` and simple-history's ``bulk_create_with_history`` build a model instance
for every row (and a second one for its history row) and run every field's conversion
through the query compiler; for a 50,000-row persons file that was most of the four
minutes an import took. ``BulkWriter`` instead

- gives out primary keys before the insert (``IdPool``: ``nextval`` of the sequence on
  PostgreSQL, safe next to other writers; on SQLite after the table's highest id and its
  ``sqlite_sequence`` entry, read inside the import's transaction, which holds SQLite's
  only write lock), so rows can point at each other while they are planned;
- converts each value with one converter per column, chosen once per table (the adapters
  Django's backend uses);
- inserts with ``executemany`` on SQLite and ``COPY … FROM STDIN`` on PostgreSQL, updates
  with ``executemany`` of one ``UPDATE … WHERE id = …``;
- writes the simple-history row of every created (``+``) and changed (``~``) row the same
  way, with the same user, date and change reason ``bulk_create_with_history`` would give.

Like ``bulk_create`` it skips ``save()``, ``full_clean()`` and signals: the importer's
validator checks the values, the callers compute derived fields (``Person.search_name``,
``version``, ``updated_at``), and the database still enforces its constraints (NOT NULL,
unique, foreign keys), so a violation fails the import and rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, models

Row = dict[str, Any]
Converter = Callable[[Any], Any]


_MISSING = object()


def _identity(value: Any) -> Any:
    return value


def _convert(convert: Converter | None, value: Any) -> Any:
    return value if convert is None else convert(value)


def _hex(value: Any) -> Any:
    # A str is already 32 hex digits (``uuid4_hex``).
    return value if type(value) is str else value.hex


def _converter(field: models.Field[Any, Any]) -> Converter:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        # Nearly every datetime of an import is the batch's "now": convert each once.
        return functools.lru_cache(maxsize=64)(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.UUIDField):
        return _identity if connection.features.has_native_uuid_field else _hex
    if isinstance(field, models.CharField | models.TextField):
        return str  # plain str: a driver may dump a choices enum by its name
    if isinstance(field, models.BooleanField | models.IntegerField | models.ForeignKey):
        return _identity

    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return prepare


class Table:
    """Insert and update dict rows (keys: attnames) of one model's table.

    A row's missing keys get the field's default (a callable default such as ``uuid4`` is
    called for each row); an auto primary key without a value is left to the database.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        pk = model._meta.pk
        assert pk is not None
        self.pk = pk.attname
        self.columns: list[tuple[str, str, Converter, Any, Callable[[], Any] | None]] = []
        self.auto_pk = isinstance(pk, models.AutoField | models.BigAutoField)
        for f in model._meta.concrete_fields:
            if getattr(f, "generated", False):
                continue
            convert = _converter(f)
            factory = f.default if f.has_default() and callable(f.default) else None
            default = None
            if factory is None and not f.primary_key:
                value = f.get_default()
                default = None if value is None else convert(value)
            self.columns.append((f.attname, f.column, convert, default, factory))
        self.converters = {attname: convert for attname, _c, convert, _d, _f in self.columns}
        self.column_of = {attname: column for attname, column, *_rest in self.columns}

    def params(self, rows: list[Row], with_pk: bool) -> tuple[list[str], list[tuple[Any, ...]]]:
        """(attnames, converted values of each row) for an insert of ``rows``."""
        columns = [c for c in self.columns if with_pk or c[0] != self.pk]
        steps = [
            (attname, None if convert is _identity else convert, default, factory)
            for attname, _column, convert, default, factory in columns
        ]
        params: list[tuple[Any, ...]] = []
        for row in rows:
            get = row.get
            values = []
            for attname, convert, default, factory in steps:
                value = get(attname, _MISSING)
                if value is _MISSING:
                    value = default if factory is None else _convert(convert, factory())
                elif value is not None and convert is not None:
                    value = convert(value)
                values.append(value)
            params.append(tuple(values))
        return [c[0] for c in columns], params

    def write(self, attnames: list[str], params: list[tuple[Any, ...]]) -> None:
        """Insert already converted values of the columns ``attnames``."""
        if not params:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(self.column_of[attname]) for attname in attnames)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY through the driver's cursor: one stream instead of a statement per
                # row, and no debug cursor formatting every row for its query log.
                with cursor.cursor.copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
                    for param in params:
                        copy.write_row(param)
            else:
                marks = ", ".join(["%s"] * len(attnames))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({names}) VALUES ({marks})",  # noqa: S608
                    params,
                )

    def insert(self, rows: list[Row]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Insert ``rows``; returns what was written (attnames, converted values)."""
        if not rows:
            return [], []
        attnames, params = self.params(rows, not self.auto_pk or self.pk in rows[0])
        self.write(attnames, params)
        return attnames, params

    def update(self, rows: list[Row], fields: list[str]) -> None:
        """Set ``fields`` of each row (found by its primary key) to the row's values."""
        if not rows:
            return
        by_attname = self.column_of
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(by_attname[name])} = %s" for name in fields)
        converters = [self.converters[name] for name in fields]
        params: list[tuple[Any, ...]] = []
        for row in rows:
            values: list[Any] = [
                None if row[name] is None else convert(row[name])
                for name, convert in zip(fields, converters, strict=True)
            ]
            values.append(row[self.pk])
            params.append(tuple(values))
        pk_column = quote(by_attname[self.pk])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {assignments} WHERE {pk_column} = %s",  # noqa: S608
                params,
            )


@functools.cache
def _table(model: type[models.Model], vendor: str) -> Table:
    return Table(model)


def table(model: type[models.Model]) -> Table:
    """The (cached) ``Table`` of ``model`` for the current database."""
    return _table(model, connection.vendor)


class IdPool:
    """Primary keys for new rows of one model, given out before the rows are written.

    PostgreSQL: blocks of ``nextval`` of the table's sequence (gaps are harmless). Other
    databases (SQLite): after the highest id in the table and in ``sqlite_sequence`` (an
    AUTOINCREMENT table never reuses a deleted row's id, and neither does this), read again
    with ``refresh()`` after each written batch.
    """

    def __init__(self, model: type[models.Model], block: int = 1000) -> None:
        self.model = model
        self.block = max(1, block)
        self.free: list[int] = []
        self.next: int | None = None
        self.postgresql = connection.vendor == "postgresql"

    def refresh(self) -> None:
        """Forget the SQLite counter (rows were written meanwhile); PG blocks stay valid."""
        self.next = None

    def take(self) -> int:
        if self.postgresql:
            if not self.free:
                self.free = self._nextval(self.block)
                self.free.reverse()
            return self.free.pop()
        if self.next is None:
            self.next = self._after_highest()
        value = self.next
        self.next += 1
        return value

    def _nextval(self, count: int) -> list[int]:
        meta = self.model._meta
        assert meta.pk is not None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _after_highest(self) -> int:
        meta = self.model._meta
        assert meta.pk is not None
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                found = cursor.fetchone()
                if found and found[0]:
                    highest = max(highest, int(found[0]))
        return int(highest) + 1


def uuid4_hex() -> str:
    """A random (version 4) UUID as 32 hex digits: ``uuid.uuid4().hex``, without the object."""
    value = int.from_bytes(os.urandom(16), "big")
    value = (value & ~(0xC000 << 48)) | (0x8000 << 48)  # variant RFC 4122
    value = (value & ~(0xF000 << 64)) | (4 << 76)  # version 4
    return f"{value:032x}"


def new_row(model: type[models.Model], pool: IdPool, now: dt.datetime, **values: Any) -> Row:
    """A row of a new ``TenantModel`` record: id, uuid, version 1, created/updated ``now``."""
    return {
        "id": pool.take(),
        "uuid": uuid4_hex(),
        "version": 1,
        "created_at": now,
        "updated_at": now,
        **values,
    }


def history_enabled() -> bool:
    return bool(getattr(settings, "SIMPLE_HISTORY_ENABLED", True))


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The simple-history model of ``model``, or None if it keeps no history."""
    manager = getattr(model, "history", None)
    found = getattr(manager, "model", None)
    return found if isinstance(found, type) and issubclass(found, models.Model) else None


def _history_extras(
    historical: type[models.Model], kind: str, user_id: int | None, reason: str, when: dt.datetime
) -> tuple[list[str], tuple[Any, ...]]:
    names = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    values = (when, reason, kind, user_id)
    converters = table(historical).converters
    return names, tuple(
        None if value is None else converters[name](value)
        for name, value in zip(names, values, strict=True)
    )


def write_history(
    model: type[models.Model],
    written: tuple[list[str], list[tuple[Any, ...]]],
    *,
    kind: str,
    user_id: int | None,
    reason: str,
    when: dt.datetime,
) -> None:
    """Insert a history row (``kind`` "+" created, "~" changed) for each written row.

    ``written`` is what ``Table.insert`` returned (or ``Table.params`` of the changed rows):
    the history row repeats those converted values, followed by date, reason, type and user.
    """
    historical = history_model(model)
    attnames, params = written
    if historical is None or not history_enabled() or not params:
        return
    history = table(historical)
    positions = [i for i, name in enumerate(attnames) if name in history.column_of]
    extra_names, extras = _history_extras(historical, kind, user_id, reason, when)
    if len(positions) == len(attnames):
        rows = [param + extras for param in params]
    else:  # a field the history leaves out (excluded_fields)
        rows = [tuple(param[i] for i in positions) + extras for param in params]
    history.write([attnames[i] for i in positions] + extra_names, rows)


def insert_with_history(
    model: type[models.Model],
    rows: list[Row],
    *,
    user_id: int | None,
    reason: str,
    when: dt.datetime,
) -> None:
    """Insert new rows of ``model`` and their "+" history rows."""
    written = table(model).insert(rows)
    write_history(model, written, kind="+", user_id=user_id, reason=reason, when=when)


def copy_to_history(
    model: type[models.Model],
    ids: list[int],
    *,
    kind: str,
    user_id: int | None,
    reason: str,
    when: dt.datetime,
    chunk: int = 500,
) -> None:
    """Add a history row (``kind``) for each stored row ``ids`` of ``model``, as stored now.

    ``INSERT … SELECT`` copies the rows inside the database: nothing is read back into
    Python, and the history holds exactly what the table holds.
    """
    historical = history_model(model)
    if historical is None or not history_enabled() or not ids:
        return
    source, history = table(model), table(historical)
    quote = connection.ops.quote_name
    columns = [
        history.column_of[attname]
        for attname in source.column_of
        if attname in history.column_of and attname != history.pk
    ]
    extra_names, extras = _history_extras(historical, kind, user_id, reason, when)
    names = ", ".join(quote(c) for c in [*columns, *(history.column_of[n] for n in extra_names)])
    selected = ", ".join([*(quote(c) for c in columns), *(["%s"] * len(extras))])
    pk = quote(source.column_of[source.pk])
    unique = list(dict.fromkeys(ids))
    with connection.cursor() as cursor:
        for start in range(0, len(unique), chunk):
            part = unique[start : start + chunk]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"INSERT INTO {history.table} ({names}) "  # noqa: S608
                f"SELECT {selected} FROM {source.table} WHERE {pk} IN ({marks})",
                [*extras, *part],
            )


def update_with_history(
    model: type[models.Model],
    rows: list[Row],
    fields: list[str],
    *,
    user_id: int | None,
    reason: str,
    when: dt.datetime,
) -> None:
    """Update ``fields`` of stored rows (by their ``id``) and add their "~" history rows."""
    if not rows:
        return
    target = table(model)
    target.update(rows, fields)
    copy_to_history(
        model,
        [row[target.pk] for row in rows],
        kind="~",
        user_id=user_id,
        reason=reason,
        when=when,
    )
