"""Tiny builders with unique defaults: tests state only what matters to them."""

import datetime as dt
import itertools
import textwrap

from django.utils import timezone

from articles.models import Article, Category, Source

_numbers = itertools.count(1)
DOCUMENT_BODY = "Some **text**."


def make_source(**overrides):
    number = next(_numbers)
    fields = {"key": f"source-{number}", "name": f"Source {number}", "type": "RSS"}
    return Source.objects.create(**{**fields, **overrides})


def make_category(**overrides):
    return Category.objects.create(**{"code": f"CAT{next(_numbers)}", **overrides})


def make_article(*, tags=(), **overrides):
    """A published article (an hour old) unless ``overrides`` say otherwise."""
    number = next(_numbers)
    fields = {
        "title": f"Article number {number}",
        "description": f"Summary of article {number}.",
        "body": f"## Heading {number}\n\nBody of article {number}.",
        "published_at": timezone.now() - dt.timedelta(hours=1),
        "external_id": f"ext-{number}",
        "lang": "en",
    }
    article = Article.objects.create(**{**fields, **overrides})
    if tags:
        article.tags.add(*tags)
    return article


def make_document(body=DOCUMENT_BODY, **keys):
    """The text of an import file; ``keys`` override the frontmatter lines.

    A value of None drops the key; strings are written as given (YAML).
    """
    number = next(_numbers)
    lines = {
        "title": f"Imported story {number}",
        "description": "'A short summary.'",
        "publishedAt": "'2025-11-24T13:15:12.000Z'",
        "externalId": f"'doc-{number}'",
        "lang": "en",
        "category": "BTC",
        "tags": "['BTC', 'MARKET']",
        "draft": "false",
    }
    lines.update(keys)
    frontmatter = "\n".join(f"{k}: {v}" for k, v in lines.items() if v is not None)
    return textwrap.dedent(f"---\n{frontmatter}\n---\n{body}")


def make_feed(folder, count, body=DOCUMENT_BODY):
    """A folder of ``count`` import files, each with two tags (one shared).

    ``body`` may name ``{number}``, the file's number, to make each one's own.
    """
    folder.mkdir()
    for number in range(count):
        text = make_document(
            body.format(number=number),
            externalId=f"'feed-{number}'",
            tags=f"['T{number % 50}', 'SHARED']",
        )
        (folder / f"{number:05d}.md").write_text(text)
    return folder
