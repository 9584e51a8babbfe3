"""Pieces of readers' pages rendered once and reused from the cache.

Twenty list items through the template engine are most of a list page's cost
(PERFORMANCE.md), so each item's HTML is kept under a key holding the
article's ``modified_at``: an edit moves the key, so no stale item is served.
The filter form depends on categories, sources and the languages in use, not
on each article; it is kept for NEWSROOM_TAXONOMY_TIMEOUT seconds (a new
category reaches the form that much later; its articles are listed at once).
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .filters import LANGUAGE_CHOICES, ArticleFilter
from .models import Article, Category, Sentiment, Source

# What a list page needs to know of each row before fetching any HTML.
ROW_FIELDS = ("id", "sticky_weight", "published_at", "modified_at")


def item_fragments(rows):
    """The list item HTML for each row (an Article, or a values row of ROW_FIELDS).

    Rows whose HTML is not cached yet are fetched, published only, in one
    query and rendered; a row unpublished in between is left out.
    """
    timeout = settings.NEWSROOM_FRAGMENT_CACHE_TIMEOUT
    keys = {row.id: f"item:{row.id}:{row.modified_at.timestamp()}" for row in rows}
    found = cache.get_many(keys.values())
    missing = [row for row in rows if keys[row.id] not in found]
    if missing:
        loaded = {row.id: row for row in missing if isinstance(row, Article)}
        to_fetch = [row.id for row in missing if row.id not in loaded]
        if to_fetch:
            loaded.update(Article.objects.published().for_list().in_bulk(to_fetch))
        fresh = {
            keys[pk]: render_to_string(
                "articles/includes/article_item.html", {"article": article}
            )
            for pk, article in loaded.items()
        }
        cache.set_many(fresh, timeout)
        found.update(fresh)
    return [found[keys[row.id]] for row in rows if keys[row.id] in found]


def list_items(rows):
    """The list items of ``rows`` as one piece of HTML (one template variable).

    Also kept whole, under a key naming each row's id and ``modified_at``:
    reading twenty entries was 0.3 ms of a 2.7 ms list page, one is 0.02.
    """
    stamps = "|".join(f"{row.id}:{row.modified_at.timestamp()}" for row in rows)
    key = f"items:{hashlib.blake2b(stamps.encode(), digest_size=12).hexdigest()}"
    html = cache.get(key)
    if html is None:
        # Each fragment is template output, escaped when it was rendered.
        html = mark_safe("".join(item_fragments(rows)))
        cache.set(key, html, settings.NEWSROOM_FRAGMENT_CACHE_TIMEOUT)
    return html


def taxonomy():
    """(categories, sources, languages) for the filter form and its
    validation; languages are the codes of published articles."""
    lists = cache.get("filter-lists")
    if lists is None:
        published = Article.objects.published().order_by()
        lists = (
            list(Category.objects.only("code", "name")),
            list(Source.objects.only("key", "name")),
            set(published.values_list("lang", flat=True).distinct()),
        )
        cache.set("filter-lists", lists, settings.NEWSROOM_TAXONOMY_TIMEOUT)
    return lists


def filter_data(request):
    """The query string's filter parameters only (not the page cursor)."""
    names = ArticleFilter.base_filters.keys()
    data = request.GET.copy()
    for name in list(data):
        if name not in names:
            del data[name]
    return data


def make_filterset(data):
    categories, sources, _ = taxonomy()
    return ArticleFilter(
        data or None,
        queryset=Article.objects.published(),
        categories=categories,
        sources=sources,
    )


def filter_panel(data, filterset):
    """The filter form, with messages for bad values, as HTML."""
    query = urlencode(sorted(data.lists()), doseq=True)
    key = f"filters:{hashlib.blake2b(query.encode(), digest_size=12).hexdigest()}"
    html = cache.get(key)
    if html is None:
        categories, sources, languages = taxonomy()
        # Any language may be asked for; the form offers those articles use.
        chosen = data.get("lang")
        html = render_to_string(
            "articles/includes/filter_form.html",
            {
                "filter": filterset or make_filterset(data),
                "categories": categories,
                "sources": sources,
                "sentiments": Sentiment.choices,
                "languages": [
                    (code, name)
                    for code, name in LANGUAGE_CHOICES
                    if code in languages or code == chosen
                ],
            },
        )
        cache.set(key, html, settings.NEWSROOM_TAXONOMY_TIMEOUT)
    return html
