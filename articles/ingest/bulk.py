"""Plain bulk inserts for the import's hot path.

``bulk_create`` prepares every value through the field API and builds a model
instance per row: at ~45 columns an article, that was most of the time an
import spent writing. The importer hands over validated Python values, so
only times and JSON need adapting.

On PostgreSQL the rows go through ``COPY``: Django's cursors bind parameters
on the client, so ``executemany`` sent each row as its own statement, with
every value quoted into the SQL text for the server to parse again.

On SQLite a statement takes up to ROWS_PER_STATEMENT rows. A statement that
fires the desk search's trigger opens a savepoint, where FTS5 writes out its
pending index: row by row, inserting 10,000 articles took 3.3 s; in
statements of many rows, 2.0 s.
"""

import queue
import sqlite3
import threading
from contextlib import closing, contextmanager, suppress
from functools import cache
from itertools import islice

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from ..search import defer_documents, fill_documents

# Within SQLite's parameter limit for articles (~30 columns); more rows a
# statement saved nothing measurable.
ROWS_PER_STATEMENT = 100


# One thread filling search documents fell behind the writes, ~0.4 s a batch
# of 500 against ~0.3 s, and was left alone with a backlog of three batches
# when the last was written. Two, taking half batches, share that backlog.
DOCUMENT_THREADS = 2
DOCUMENTS_PER_FILL = 250

# KiB, negative as the PRAGMA takes it. With SQLite's 2 MB default, a batch's
# changed pages (rows and a dozen indexes) spilled to the log before its
# commit, some of them more than once: ~0.4 s of system time per 10,000.
BATCH_PAGE_CACHE = -32 * 1024


@contextmanager
def batch_page_cache():
    """On SQLite, a page cache that holds what one batch changes."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {BATCH_PAGE_CACHE}")
    try:
        yield
    finally:
        _restore_pragma("cache_size", size)


def _restore_pragma(name, value):
    """Set the connection's PRAGMA ``name`` back to ``value`` after a change.

    After a database error the connection may be unusable: that error, not
    this one, is the one to report.
    """
    with suppress(DatabaseError), connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name} = {int(value)}")


def batched(items, size):
    """Lists of up to ``size`` of ``items``, in order."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        # A batch's rows share most of their times (the import's own, the
        # defaults): each distinct time is adapted once per call.
        return cache(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model, rows):
    """INSERT ``rows`` (dicts of attname -> value); missing fields get defaults."""
    if not rows:
        return
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = [
        (
            field.attname,
            now
            if getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            else field.get_default(),
        )
        for field in fields
    ]
    adapted = [
        (index, adapt)
        for index, adapt in enumerate(_adapter(field) for field in fields)
        if adapt
    ]
    params = []
    for row in rows:
        values = [row.get(name, default) for name, default in defaults]
        for index, adapt in adapted:
            values[index] = adapt(values[index])
        params.append(values)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # copy() is the driver's own, past Django's cursor wrapper: its
            # errors are mapped to django.db's here, as execute() would.
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for values in params:
                    copy.write_row(values)
        else:
            insert = f"INSERT INTO {table} ({columns}) VALUES "
            row_marks = "({})".format(", ".join(["%s"] * len(fields)))
            limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            size = max(min(ROWS_PER_STATEMENT, limit // len(fields)), 1)
            whole = len(params) - len(params) % size
            # Statements of one length, the rest row by row: the driver keeps
            # every statement it ran with its values, and statements of every
            # length took a 100,000-file import from 191 to 265 MB.
            if whole:
                cursor.executemany(
                    insert + ", ".join([row_marks] * size),
                    [
                        [value for values in chunk for value in values]
                        for chunk in batched(params[:whole], size)
                    ],
                )
            if whole < len(params):
                cursor.executemany(insert + row_marks, params[whole:])


class CheckpointsBeside:
    """On SQLite, checkpoints in a thread while an import goes on writing.

    In WAL mode, a commit that leaves more than 1,000 pages in the log copies
    them into the database file and syncs it before it returns: ~0.25 s per
    10,000 imported articles in which the import did nothing else. From the
    first commit on, the import's connection leaves that to a second one in a
    thread, which copies each batch while the next is read, parsed and written
    (a PASSIVE checkpoint blocks no reader or writer). The last batch is
    copied before the import ends.
    """

    def __init__(self):
        self.thread = None
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.autocheckpoint = None  # the connection's own, once looked up

    def __enter__(self):
        return self

    def committed(self):
        """Call after each commit that wrote rows."""
        if self.autocheckpoint is None:
            self._start()
        self.wanted.set()

    def _start(self):
        self.autocheckpoint = 0  # looked up once, whatever it finds
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            if cursor.fetchone()[0] != "wal":
                return
            cursor.execute("PRAGMA wal_autocheckpoint")
            self.autocheckpoint = cursor.fetchone()[0]
            cursor.execute("PRAGMA wal_autocheckpoint = 0")
        self.thread = threading.Thread(
            target=self._run, args=[connection.settings_dict["NAME"]]
        )
        self.thread.start()

    def _run(self, name):
        with closing(sqlite3.connect(name, timeout=30)) as database:
            while not self.stopping.is_set():
                self.wanted.wait()
                self.wanted.clear()
                try:
                    database.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    return  # the log then grows until the import ends

    def __exit__(self, *exc_info):
        if self.thread is None:
            return
        self.stopping.set()
        self.wanted.set()
        self.thread.join()
        _restore_pragma("wal_autocheckpoint", self.autocheckpoint)


class SearchDocumentsBeside:
    """On PostgreSQL, an import's search documents computed beside its writes.

    Tokenizing the articles' text was two thirds of the server's work in an
    import. The trigger that does it for every other write would do it on the
    connection writing the batch, one core, while the next batch waited. The
    import's batches defer it instead, and after each commit threads with
    connections of their own compute that batch's documents while the next
    one is parsed and written. When the import ends, every article still
    without one gets it: those of a batch the threads could not fill, or of
    an import that was stopped before.
    """

    def __init__(self, enabled):
        self.enabled = enabled and connection.vendor == "postgresql"
        self.committed = queue.SimpleQueue()
        self.threads = []

    def __enter__(self):
        if self.enabled:
            self.threads = [
                threading.Thread(target=self._run) for _ in range(DOCUMENT_THREADS)
            ]
            for thread in self.threads:
                thread.start()
        return self

    def defer(self):
        """In a batch's transaction, before its articles are written."""
        if self.enabled:
            defer_documents()

    def written(self, ids):
        """In a batch's transaction: ``ids`` of the articles it wrote."""
        if self.enabled:
            transaction.on_commit(lambda: self._queue(ids))

    def _queue(self, ids):
        for part in batched(ids, DOCUMENTS_PER_FILL):
            self.committed.put(part)

    def _run(self):
        try:
            while (ids := self.committed.get()) is not None:
                fill_documents(ids)
        except DatabaseError:
            return  # the import fills what is left when it ends
        finally:
            connection.close()

    def __exit__(self, exc_type, *exc_info):
        if not self.threads:
            return
        for _ in self.threads:
            self.committed.put(None)
        for thread in self.threads:
            thread.join()
        if exc_type is None:
            fill_documents()
