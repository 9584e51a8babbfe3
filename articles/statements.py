"""Queries that every reader's page runs, compiled once per database.

Building and compiling a query through the ORM took ~0.5 ms a request; the
database answers these in ~0.06. Each is compiled once with marker values in
place of those that change per request (the time, a page's position), then
run with the request's values put where the markers were.
"""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.utils.dateparse import parse_datetime

# Values no request sends, each distinct, so that each has one slot.
MARKER_TIMES = [
    dt.datetime(1999, 12, 31, 23, 59, 58, 987650 + index, tzinfo=dt.UTC)
    for index in range(4)
]
MARKER_NUMBERS = [-987654320 - index for index in range(4)]


class Statement(NamedTuple):
    sql: str
    params: tuple
    slots: list  # where each value goes in params, in the order given
    converters: list  # (column, function(value, connection)) where the ORM converts

    def rows(self, using, values):
        """The statement's rows with ``values`` in place of the markers."""
        connection = connections[using]
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = _adapted(value, connection)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        return self._converted(rows, connection) if self.converters else rows

    def _converted(self, rows, connection):
        rows = [list(row) for row in rows]
        for row in rows:
            for column, convert in self.converters:
                row[column] = convert(row[column], connection)
        return rows


def _adapted(value, connection):
    """``value`` as the ORM passes an aware time or a number to the database."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def aware_time(value, connection):
    """A time as SQLite's driver returns it (parsed, or text), aware in the
    connection's zone; None stays None."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=connection.timezone)
    return value


def _converter(expression, connection):
    """The ORM's conversion of ``expression``'s values from the database, as
    one function of (value, connection); None where there is none."""
    functions = [
        *connection.ops.get_db_converters(expression),
        *expression.get_db_converters(connection),
    ]
    if not functions:
        return None
    times = getattr(connection.ops, "convert_datetimefield_value", None)
    if functions == [times] and settings.USE_TZ:
        # SQLite's: the driver has parsed the time, and the ORM's converter
        # marks it with the connection's zone after reading a setting and
        # testing the value twice. A page's 21 rows took 71 µs; this, 35.
        return aware_time

    def convert(value, connection):
        for function in functions:
            value = function(value, expression, connection)
        return value

    return convert


_COMPILED = {}


def compiled(key, using, build, *kinds):
    """The Statement of ``build``'s query for the database ``using``.

    ``build`` is called once per key and database with one marker per kind
    ("time" or "number") and returns a queryset, or ``(sql, params)``.
    """
    cache_key = (key, using)
    if cache_key not in _COMPILED:
        times, numbers = iter(MARKER_TIMES), iter(MARKER_NUMBERS)
        markers = [next(times) if kind == "time" else next(numbers) for kind in kinds]
        built = build(*markers)
        connection = connections[using]
        converters = []
        if isinstance(built, tuple):
            sql, params = built
        else:
            compiler = built.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
            converters = [
                (index, convert)
                for index, column in enumerate(columns)
                if (convert := _converter(column, connection))
            ]
        slots = []
        for marker in markers:
            adapted = _adapted(marker, connection)
            found = [index for index, value in enumerate(params) if value == adapted]
            if len(found) != 1:
                raise RuntimeError(f"cannot find {marker!r} once among {params!r}")
            slots.append(found[0])
        _COMPILED[cache_key] = Statement(sql, tuple(params), slots, converters)
    return _COMPILED[cache_key]
