"""The content version: one cheap query that says whether readers' pages changed.

On SQLite, a process keeps the version it read last on each connection and
reads it again only once a write was committed since, or a scheduled article
came due: ``PRAGMA data_version`` moves with every other connection's commit
(another worker's, an import's), the connection's change count with its own.
Checking them costs a third of the query.
"""

import datetime as dt
import hashlib
import threading
from typing import NamedTuple

from django.db import connections
from django.utils import timezone

from .statements import aware_time, compiled


class ContentVersion(NamedTuple):
    """The newest ``modified_at``, the next scheduled ``published_at`` and the
    newest removal.

    Values are as the database returns them (naive times on SQLite): compare
    them or use ``token``, never compute with them.
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
    at = at or timezone.now()
    connection = connections[queryset.db]
    # Inside a transaction, data it may yet roll back would be kept. An
    # in-memory database's connections share one cache (Django's tests),
    # where no connection sees another's commits in its data_version.
    if (
        connection.vendor != "sqlite"
        or connection.in_atomic_block
        or connection.is_in_memory_db()
    ):
        (row,) = statement.rows(queryset.db, [at])
        return ContentVersion(*row)
    return _sqlite_version(statement, connection, at)


class LastRead(NamedTuple):
    """A version read on one SQLite connection, and what it held until."""

    connection: object  # the driver's: a new one reads afresh
    data_version: int
    changes: int
    at: dt.datetime
    due: dt.datetime | None  # when the next scheduled article appears
    version: ContentVersion

    def holds(self, connection, data_version, at):
        return (
            self.connection is connection
            and self.data_version == data_version
            and self.changes == connection.total_changes
            and self.at <= at
            and (self.due is None or at < self.due)
        )


# Django's connections belong to one thread each; so do these.
_local = threading.local()


def _sqlite_version(statement, connection, at):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        (data_version,) = cursor.fetchone()
    driver = connection.connection
    if not hasattr(_local, "last_reads"):
        _local.last_reads = {}
    key = (connection.alias, statement.sql)
    last = _local.last_reads.get(key)
    if last is not None and last.holds(driver, data_version, at):
        return last.version
    changes = driver.total_changes
    (row,) = statement.rows(connection.alias, [at])
    version = ContentVersion(*row)
    due = aware_time(version.next_due, connection)
    _local.last_reads[key] = LastRead(driver, data_version, changes, at, due, version)
    return version


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
