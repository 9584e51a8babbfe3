"""Run inside the product (Django set up on the benchmark's database).

``python -m benchmarks.probes pages DEEP_PAGE`` prints the reader URLs to load;
``python -m benchmarks.probes admin`` times the admin changelist in process.
Both print one JSON object.
"""

import json
import statistics
import sys
import time

import django


def pages(deep_page):
    """Paths of the reader pages the benchmark loads, found in the data."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Category, TaggedArticle
    from articles.pagination import PAGE_SIZE, Position

    listed = Article.objects.published().in_public_order()
    index = min((deep_page - 1) * PAGE_SIZE, listed.count() - 1)
    deep = listed.only("sticky_weight", "published_at", "id")[index - 1 : index][0]
    article = listed.filter(sticky_weight=0).only("slug")[0]
    category = Category.objects.annotate(n=Count("articles")).order_by("-n")[0]
    tag = (
        TaggedArticle.objects.filter(content_object__category=category)
        .values("tag__slug")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["tag__slug"]
    )
    return {
        "home": reverse("articles:list"),
        "deep": f"{reverse('articles:list')}?before={Position.of(deep).token}",
        "filtered": f"{reverse('articles:list')}?category={category.code}&tag={tag}",
        "search": f"{reverse('articles:search')}?q=bitcoin",
        "article": article.get_absolute_url(),
        "rss": reverse("articles:feed_rss"),
        "sitemap": reverse("sitemap_section", kwargs={"section": "articles"}),
    }


def admin(repeat):
    """Median milliseconds and query count of the changelist, plain and filtered."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    results = {}
    for name, path in (
        ("changelist", "/admin/articles/article/"),
        (
            "changelist_filtered",
            "/admin/articles/article/?q=bitcoin&sentiment__exact=POSITIVE",
        ),
    ):
        client.get(path)  # warm caches and the connection
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        results[name] = {
            "median_ms": statistics.median(timings),
            "queries": len(queries),
        }
    return results


def main(argv):
    django.setup()
    what = argv[0]
    result = pages(int(argv[1])) if what == "pages" else admin(int(argv[1]))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
