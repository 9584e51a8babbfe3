"""Keyset pagination for readers' lists: every page costs what page 1 costs.

A page is addressed by the position of an item next to it, ``?before=<token>``
(older) or ``?after=<token>`` (newer). The token packs the public order key
``(sticky_weight, published_at, id)``; the database seeks to it through the
``article_public_order`` index with one row-value comparison instead of
walking an OFFSET. There are no totals, so no ``COUNT(*)`` either.
"""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, DateTimeField, F, Func, IntegerField, Value
from django.http import Http404

PAGE_SIZE = 20
# Values the database accepts: a token outside them is malformed, not a 500.
MAX_WEIGHT = 2**31 - 1
MAX_ID = 2**63 - 1
ORDER_FIELDS = ("sticky_weight", "published_at", "id")


class RowCompare(Func):
    """``(a, b, c) < (x, y, z)``: SQLite and PostgreSQL both seek an index on it."""

    output_field = BooleanField()

    def __init__(self, columns, operator, values):
        self.operator = operator
        super().__init__(*columns, *values)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(parts) // 2
        left, right = ", ".join(parts[:half]), ", ".join(parts[half:])
        return f"({left}) {self.operator} ({right})", params


@dataclass(frozen=True)
class Position:
    sticky_weight: int
    published_at: dt.datetime
    id: int

    @classmethod
    def of(cls, article):
        return cls(article.sticky_weight, article.published_at, article.id)

    @classmethod
    def from_token(cls, token):
        """The position a token names; ``ValueError`` for anything malformed."""
        try:
            padded = token + "=" * (-len(token) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            weight, micros, pk = (int(part) for part in text.split("~"))
            if not (abs(weight) <= MAX_WEIGHT and 0 < pk <= MAX_ID):
                raise ValueError("out of range")
            moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                microseconds=micros
            )
        except (UnicodeError, binascii.Error, ValueError, OverflowError) as error:
            raise ValueError("not a page token") from error
        return cls(weight, moment, pk)

    @property
    def token(self):
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        micros = (self.published_at - epoch) // dt.timedelta(microseconds=1)
        text = f"{self.sticky_weight}~{micros}~{self.id}"
        return (
            base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")
        )

    def values(self):
        return (
            Value(self.sticky_weight, output_field=IntegerField()),
            Value(self.published_at, output_field=DateTimeField()),
            Value(self.id, output_field=IntegerField()),
        )


@dataclass
class KeysetPage:
    items: list
    newer: str | None  # token for ?after=, None on the first page
    older: str | None  # token for ?before=, None on the last page

    @property
    def has_other_pages(self):
        return bool(self.newer or self.older)


def page_number(text, last):
    """``text`` as a page number from 1 to ``last``, or None if it is not one."""
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(last))):
        return None
    number = int(text)
    return number if 1 <= number <= last else None


def _columns():
    return [F(name) for name in ORDER_FIELDS]


def _older_than(queryset, position):
    return queryset.filter(RowCompare(_columns(), "<", position.values()))


def _newer_than(queryset, position):
    return queryset.filter(RowCompare(_columns(), ">", position.values()))


def paginate(queryset, params, page_size=PAGE_SIZE):
    """One page of ``queryset`` (in public order) for the request's GET ``params``.

    Raises ``Http404`` for a malformed token, as for a bad page number.
    """
    before, after = params.get("before"), params.get("after")
    ordered = queryset.order_by("-sticky_weight", "-published_at", "-id")
    try:
        if after is not None:
            position = Position.from_token(after)
            newer_rows = list(
                _newer_than(queryset, position).order_by(
                    "sticky_weight", "published_at", "id"
                )[: page_size + 1]
            )
            if len(newer_rows) > page_size:
                items = newer_rows[:page_size][::-1]
                return KeysetPage(
                    items, Position.of(items[0]).token, Position.of(items[-1]).token
                )
            # Fewer than a page of newer items: that is the first page.
            before = None
        elif before is not None:
            ordered = _older_than(ordered, Position.from_token(before))
    except ValueError as error:
        raise Http404("No such page.") from error
    rows = list(ordered[: page_size + 1])
    items = rows[:page_size]
    if before and not items:
        raise Http404("No such page.")
    has_older = len(rows) > page_size
    return KeysetPage(
        items,
        newer=Position.of(items[0]).token if before and items else None,
        older=Position.of(items[-1]).token if has_older else None,
    )
