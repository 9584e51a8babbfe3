"""Sitemaps for search engines: every published article, and Google News.

The index and the news sitemap go through Django's views. A section's page
is written here without the template engine: Django's view rendered 5,000
URLs through its template and counted the whole table for its paginator,
0.6 s a page at 100,000 articles, paid by every worker after each edit.
"""

import datetime as dt
import functools
from urllib.parse import quote

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS

from .caching import public_page
from .models import Article
from .pagination import page_number

URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
# What reverse() leaves unquoted in a path.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
SLUG_MARK = "slug-goes-here"
# The protocol's limit of sitemaps in an index.
MAX_PAGES = 50_000

NEWS_WINDOW = dt.timedelta(days=2)
# Google News reads at most 1,000 URLs per news sitemap.
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    # The protocol allows 50,000 URLs a file; a page of 5,000 renders ten
    # times faster on a cache miss (every worker has one after each edit),
    # and 100,000 articles still fit in 20 files.
    limit = 5_000

    def items(self):
        return (
            Article.objects.published()
            .newest_first()
            .values_list("slug", "modified_at")
        )

    def location(self, item):
        return article_path(item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        # One aggregate instead of the base class walking every item.
        return Article.objects.published().aggregate(latest=Max("modified_at"))[
            "latest"
        ]


class HomeSitemap(Sitemap):
    changefreq = "always"

    def items(self):
        return ["articles:list"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    """Articles of the last two days, for the Google News sitemap template."""

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(at=now)
            .filter(published_at__gte=now - NEWS_WINDOW)
            .newest_first()
            .only("slug", "title", "lang", "published_at", "modified_at")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return item.modified_at


SITEMAPS = {"articles": ArticleSitemap, "pages": HomeSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}


def article_path(slug):
    """``Article.get_absolute_url()`` from the slug alone, as ``reverse`` quotes it."""
    return _detail_path(get_script_prefix()).replace(SLUG_MARK, quote(slug, PATH_SAFE))


@functools.cache
def _detail_path(prefix):
    return reverse("articles:detail", kwargs={"slug": SLUG_MARK})


@public_page
def section_page(request, section):
    """Page ``?p=`` of one of SITEMAPS, as the sitemaps protocol spells it."""
    number = page_number(request.GET.get("p", "1"), MAX_PAGES)
    if section not in SITEMAPS or number is None:
        raise Http404("No such sitemap.")
    sitemap = SITEMAPS[section]()
    start = (number - 1) * sitemap.limit
    items = list(sitemap.items()[start : start + sitemap.limit])
    if not items and number != 1:
        raise Http404("No such sitemap page.")
    site = f"{request.scheme}://{request.get_host()}"
    lastmod = getattr(sitemap, "lastmod", None)
    changefreq = getattr(sitemap, "changefreq", None)
    zone = timezone.get_current_timezone()
    parts = [URLSET_OPEN]
    for item in items:
        parts.append(f"<url><loc>{escape(site + sitemap.location(item))}</loc>")
        if lastmod is not None:
            day = lastmod(item).astimezone(zone).date()
            parts.append(f"<lastmod>{day.isoformat()}</lastmod>")
        if changefreq:
            parts.append(f"<changefreq>{changefreq}</changefreq>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml")
