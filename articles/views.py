"""The readers' site: lists, the article page, search. Published articles only."""

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from .caching import mark_public, public_page
from .fragments import (
    ROW_FIELDS,
    filter_data,
    filter_panel,
    list_items,
    make_filterset,
)
from .models import Article, Category, Source
from .pagination import PAGE_SIZE, CompiledRows, page_number, paginate
from .seo import article_structured_data

RELATED_COUNT = 4
# Search pages use OFFSET; past this depth a reader should refine the query.
MAX_SEARCH_PAGE = 100
PREVIEW_PERMISSION = "articles.change_article"


@functools.lru_cache(maxsize=1024)
def _feed_links(prefix, title, rss, atom, args):
    return {
        "title": title,
        "rss": reverse(rss, args=args),
        "atom": reverse(atom, args=args),
    }


def feed_links(title, rss, atom, *args):
    """The ``feeds`` context: links in <head>, the footer and the page."""
    return _feed_links(get_script_prefix(), title, rss, atom, args)


SITE_FEEDS = ("the latest news", "articles:feed_rss", "articles:feed_atom")


# The home page's rows, by statements compiled once.
PUBLISHED_ROWS = CompiledRows(
    "published",
    Article,
    lambda at: Article.objects.published(at=at).values_list(*ROW_FIELDS, named=True),
)


def render_list(request, articles, context):
    """A list page of ``articles``: a queryset, or PUBLISHED_ROWS."""
    if not isinstance(articles, CompiledRows):
        articles = articles.values_list(*ROW_FIELDS, named=True)
    page = paginate(articles, request.GET)
    context = {
        "kind": None,  # read by the template: a missing name costs exceptions
        **context,
        "page": page,
        "items": list_items(page.items),
    }
    return render(request, "articles/article_list.html", context)


@public_page
def article_list(request):
    data = filter_data(request)
    filterset = make_filterset(data) if data else None
    if filterset is None:
        articles = PUBLISHED_ROWS
    elif filterset.is_valid():
        articles = filterset.qs
    else:
        articles = Article.objects.none()
    active = bool(filterset and filterset.active)
    return render_list(
        request,
        articles,
        {
            "filter_panel": filter_panel(data, filterset),
            "filter_active": active,
            "filter_invalid": bool(filterset and not filterset.is_valid()),
            "heading": "Filtered news" if active else "Latest news",
            "feeds": feed_links(*SITE_FEEDS),
        },
    )


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    queryset = Article.objects.published().tagged([tag])
    return render_list(
        request,
        queryset,
        {
            "heading": f"Tag: {tag.name}",
            "kind": "tag",
            "feeds": feed_links(
                f"tag {tag.name}", "articles:tag_rss", "articles:tag_atom", tag.slug
            ),
        },
    )


@public_page
def category_detail(request, code):
    category = get_object_or_404(Category, code=code)
    queryset = Article.objects.published().filter(category=category)
    return render_list(
        request,
        queryset,
        {
            "heading": f"Category: {category}",
            "kind": "category",
            "feeds": feed_links(
                f"category {category}",
                "articles:category_rss",
                "articles:category_atom",
                category.code,
            ),
        },
    )


@public_page
def source_detail(request, key):
    source = get_object_or_404(Source, key=key)
    queryset = Article.objects.published().filter(source=source)
    return render_list(
        request,
        queryset,
        {
            "heading": f"Source: {source}",
            "kind": "source",
            "feeds": feed_links(
                f"source {source}",
                "articles:source_rss",
                "articles:source_atom",
                source.key,
            ),
        },
    )


@public_page
def search(request):
    query = request.GET.get("q", "").strip()
    number = page_number(request.GET.get("page", "1"), MAX_SEARCH_PAGE)
    if number is None:
        raise Http404("No such page.")
    results, has_next = [], False
    if query:
        matches = Article.objects.published().search(query)
        if "rank" in matches.query.annotations:
            matches = matches.order_by("-rank", "-published_at", "-id")
        else:
            matches = matches.newest_first()
        matches = matches.values_list(*ROW_FIELDS, named=True)
        offset = (number - 1) * PAGE_SIZE
        rows = list(matches[offset : offset + PAGE_SIZE + 1])
        results, has_next = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    if number > 1 and not results:
        raise Http404("No such page.")
    return render(
        request,
        "articles/article_search.html",
        {
            "query": query,
            "items": list_items(results),
            "page_number": number,
            "has_next": has_next,
            "feeds": feed_links(*SITE_FEEDS),
        },
    )


@public_page
def article_detail(request, slug):
    found = list(
        Article.objects.published()
        .select_related("source", "category")
        .filter(slug=slug)
        .order_by()[:1]
    )
    if not found:
        return article_preview(request, slug)
    return render_article(request, found[0], preview=False)


def article_preview(request, slug):
    """Staff see drafts and scheduled articles as readers will; others get 404."""
    if not request.user.has_perm(PREVIEW_PERMISSION):
        raise Http404("No article at this address.")
    article = get_object_or_404(
        Article.objects.select_related("source", "category"), slug=slug
    )
    response = render_article(request, article, preview=True)
    add_never_cache_headers(response)
    return response


def render_article(request, article, *, preview):
    tags = list(article.tags.all())
    related = []
    if tags:
        related = list(
            Article.objects.published()
            .tagged(tags)
            .exclude(pk=article.pk)
            .for_list()
            .newest_first()[:RELATED_COUNT]
        )
    canonical = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "tags": tags,
            "related": related,
            "preview": preview,
            "canonical_url": canonical,
            "feeds": feed_links(*SITE_FEEDS),
            "structured_data": article_structured_data(article, tags, canonical),
        },
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_news'))}",
    ]
    return mark_public(HttpResponse("\n".join(lines) + "\n", content_type="text/plain"))
