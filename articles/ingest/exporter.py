"""Articles back to markdown files that import to the same articles."""

import datetime as dt
from pathlib import Path

from django.db.models import Prefetch

from ..models import Article, TaggedArticle
from ..slugs import slug_base
from .frontmatter import dump_document


def format_time(moment):
    """ISO 8601 UTC with a ``Z``; milliseconds as the producer writes them."""
    moment = moment.astimezone(dt.UTC)
    digits = "milliseconds" if moment.microsecond % 1000 == 0 else "microseconds"
    return moment.replace(tzinfo=None).isoformat(timespec=digits) + "Z"


def _number(value):
    return int(value) if float(value).is_integer() else value


def _with_extra(known, extra):
    return {**known, **extra} if isinstance(extra, dict) else known


def frontmatter_of(article):
    """The frontmatter mapping of ``article``, keys in the producer's order."""
    extra = dict(article.extra or {})
    data = {"title": article.title}
    if article.description:
        data["description"] = article.description
    data["publishedAt"] = format_time(article.published_at)
    if article.updated_at:
        data["updatedAt"] = format_time(article.updated_at)
    if article.lang:
        data["lang"] = article.lang
    data["externalId"] = article.external_id
    if article.slug != slug_base(article.title):
        data["slug"] = article.slug
    if article.source:
        source = {
            "name": article.source.name,
            "key": article.source.key,
            "type": article.source.type,
        }
        data["source"] = _with_extra(source, extra.pop("source", None))
    if article.category:
        data["category"] = article.category.code
    # Tag links are written in the file's order: give the tags back in it.
    data["tags"] = [link.tag.name for link in article.taggedarticle_set.all()]
    data["stickyWeight"] = article.sticky_weight
    if article.sentiment:
        data["sentiment"] = article.sentiment
    if article.score is not None:
        data["score"] = _number(article.score)
    data["draft"] = article.draft
    cover = {name: url for name, url in article.cover_urls.items() if url}
    if cover or "coverImage" in extra:
        data["coverImage"] = _with_extra(cover, extra.pop("coverImage", None))
    ai = {}
    if article.ai_rewritten is not None:
        ai["rewritten"] = article.ai_rewritten
    if article.ai_expanded_at is not None:
        ai["expandedAt"] = format_time(article.ai_expanded_at)
    if article.ai_version is not None:
        ai["version"] = article.ai_version
    if ai or "ai" in extra:
        data["ai"] = _with_extra(ai, extra.pop("ai", None))
    data.update(extra)
    return data


def file_name(article):
    return f"{article.slug}.md"


def export_articles(directory, queryset=None, progress=None):
    """Write one markdown file per article into ``directory``; returns the count."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    articles = (queryset if queryset is not None else Article.objects.all()).order_by(
        "pk"
    )
    articles = articles.select_related("source", "category").prefetch_related(
        Prefetch(
            "taggedarticle_set",
            queryset=TaggedArticle.objects.select_related("tag").order_by("pk"),
        )
    )
    count = 0
    for article in articles.iterator(chunk_size=500):
        text = dump_document(frontmatter_of(article), article.body)
        (directory / file_name(article)).write_text(text, encoding="utf-8")
        count += 1
        if progress:
            progress(count)
    return count
