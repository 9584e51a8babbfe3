"""The content version: one cheap query that says whether readers' pages changed."""

import hashlib
from typing import NamedTuple

from django.utils import timezone

from .statements import compiled


class ContentVersion(NamedTuple):
    """The newest ``modified_at``, the next scheduled ``published_at`` and the
    newest removal.

    Values are as the database returns them (text on SQLite): compare them or
    use ``token``, never compute with them.
    """

    changed: object
    next_due: object
    removed: object

    @property
    def token(self):
        """A short string (safe in cache keys) that changes with the version."""
        text = "|".join("-" if value is None else str(value) for value in self)
        return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def read_content_version(queryset, at=None):
    """``queryset``'s version at ``at``: two index seeks in one round trip."""
    statement = compiled(
        ("content version", str(queryset.query.where)),
        queryset.db,
        lambda marker: version_sql(queryset, marker),
        "time",
    )
    (row,) = statement.rows(queryset.db, [at or timezone.now()])
    return ContentVersion(*row)


def version_sql(queryset, at):
    """(sql, params) of the three parts of ``queryset``'s version at ``at``."""
    from .models import Removal

    changed = queryset.order_by("-modified_at").values("modified_at")[:1]
    next_due = queryset.scheduled(at=at).order_by("published_at")
    next_due = next_due.values("published_at")[:1]
    removed = Removal.objects.using(queryset.db).order_by("-removed_at")
    removed = removed.values("removed_at")[:1]
    parts = [part.query.sql_with_params() for part in (changed, next_due, removed)]
    return (
        "SELECT {}".format(", ".join(f"({sql})" for sql, _ in parts)),
        [param for _, params in parts for param in params],
    )
