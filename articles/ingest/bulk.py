"""Plain ``executemany`` inserts for the import's hot path.

``bulk_create`` prepares every value through the field API and builds a model
instance per row: at ~45 columns an article, that was most of the time an
import spent writing. The importer hands over validated Python values, so
only times and JSON need adapting.
"""

from django.db import connection, models
from django.utils import timezone


def _adapter(field):
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
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
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",
            params,
        )
