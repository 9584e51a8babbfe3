"""WSGI entry point: ``gunicorn newsroom.wsgi``."""

import gc
import os
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup(set_prefix=False)

from articles.caching import PageCacheHandler  # noqa: E402

# Django's handler, with stored readers' pages answered in front of it.
application = PageCacheHandler()


def prepare():
    """Import every view, build the URL maps and compile the project's
    templates, touching no database.

    gunicorn preloads this module in its master (gunicorn.conf.py), so every
    worker, new or recycled, forks with them ready instead of spending its
    first request on them (~70 ms) while requests queue behind it.
    """
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import reverse

    reverse("articles:list")
    reverse("admin:index")
    for directory in map(Path, settings.TEMPLATES[0]["DIRS"]):
        for template in directory.rglob("*.*"):
            get_template(template.relative_to(directory).as_posix())


prepare()
# Everything loaded so far lives as long as the process. Frozen, the
# collector never walks it again: gunicorn's workers, forked from the master
# that preloads this module, keep sharing its pages instead of copying them as
# each full pass touches every object. A cached page served 8% more requests
# a second.
gc.freeze()
