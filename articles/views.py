"""The readers' site: lists, the article page, search. Published articles only."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, get_conditional_response
from taggit.models import Tag

from .caching import current_version, make_etag, mark_public, public_page
from .filters import LANGUAGE_CHOICES, ArticleFilter
from .models import Article, Category, Sentiment, Source, TaggedArticle
from .pagination import PAGE_SIZE, paginate
from .seo import article_structured_data

RELATED_COUNT = 4
# Search pages use OFFSET; past this depth a reader should refine the query.
MAX_SEARCH_PAGE = 100
PREVIEW_PERMISSION = "articles.change_article"


def item_fragments(articles):
    """Each list item's HTML, rendered once per article version and reused.

    Twenty items through the template engine are most of a list page's cost
    (PERFORMANCE.md); the key moves whenever the article is saved.
    """
    keys = {
        article.pk: f"item:{article.pk}:{article.modified_at.timestamp()}"
        for article in articles
    }
    found = cache.get_many(keys.values())
    fresh = {}
    fragments = []
    for article in articles:
        html = found.get(keys[article.pk])
        if html is None:
            html = render_to_string(
                "articles/includes/article_item.html", {"article": article}
            )
            fresh[keys[article.pk]] = html
        fragments.append(html)
    if fresh:
        cache.set_many(fresh, settings.NEWSROOM_FRAGMENT_CACHE_TIMEOUT)
    return fragments


def feed_links(title, rss, atom, *args):
    """The ``feeds`` context: links in <head>, the footer and the page."""
    return {
        "title": title,
        "rss": reverse(rss, args=args),
        "atom": reverse(atom, args=args),
    }


SITE_FEEDS = ("the latest news", "articles:feed_rss", "articles:feed_atom")


def render_list(request, queryset, context):
    page = paginate(queryset.for_list(), request.GET)
    context = {
        **context,
        "page": page,
        "items": item_fragments(page.items),
    }
    return render(request, "articles/article_list.html", context)


@public_page
def article_list(request):
    categories = list(Category.objects.only("code", "name"))
    sources = list(Source.objects.only("key", "name"))
    filterset = ArticleFilter(
        request.GET or None,
        queryset=Article.objects.published(),
        categories=categories,
        sources=sources,
    )
    if filterset.is_bound and not filterset.is_valid():
        queryset = Article.objects.none()
    else:
        queryset = filterset.qs
    return render_list(
        request,
        queryset,
        {
            "filter": filterset,
            "categories": categories,
            "sources": sources,
            "sentiments": Sentiment.choices,
            "languages": LANGUAGE_CHOICES,
            "heading": "Latest news" if not filterset.active else "Filtered news",
            "feeds": feed_links(*SITE_FEEDS),
        },
    )


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    tagged = TaggedArticle.objects.filter(tag=tag).values("content_object_id")
    queryset = Article.objects.published().filter(pk__in=tagged)
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
    page_number = request.GET.get("page", "1")
    if not page_number.isdigit() or not 1 <= int(page_number) <= MAX_SEARCH_PAGE:
        raise Http404("No such page.")
    page_number = int(page_number)
    results, has_next = [], False
    if query:
        matches = Article.objects.published().search(query).for_list()
        if "rank" in matches.query.annotations:
            matches = matches.order_by("-rank", "-published_at", "-id")
        else:
            matches = matches.newest_first()
        offset = (page_number - 1) * PAGE_SIZE
        rows = list(matches[offset : offset + PAGE_SIZE + 1])
        results, has_next = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    if page_number > 1 and not results:
        raise Http404("No such page.")
    return render(
        request,
        "articles/article_search.html",
        {
            "query": query,
            "items": item_fragments(results),
            "page_number": page_number,
            "has_next": has_next,
            "feeds": feed_links(*SITE_FEEDS),
        },
    )


def article_detail(request, slug):
    article = (
        Article.objects.published()
        .select_related("source", "category")
        .filter(slug=slug)
        .first()
    )
    if article is None:
        return article_preview(request, slug)
    # Related articles and the site version are part of the page, so the
    # validator covers them too.
    etag = make_etag(
        "article",
        article.pk,
        article.modified_at.timestamp(),
        current_version(request).token,
    )
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return mark_public(not_modified)
    response = render_article(request, article, preview=False)
    response["ETag"] = etag
    return mark_public(response)


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
        tagged = TaggedArticle.objects.filter(tag__in=tags).values("content_object_id")
        related = list(
            Article.objects.published()
            .filter(pk__in=tagged)
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
