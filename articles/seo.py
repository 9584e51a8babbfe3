"""What search engines and link previews read about an article."""

from django.conf import settings


def article_modified(article):
    """When the story last changed: the source's update, else its publication."""
    return max(filter(None, (article.published_at, article.updated_at)))


def article_structured_data(article, tags, canonical_url):
    """schema.org ``NewsArticle`` for the page's JSON-LD block."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article_modified(article).isoformat(),
        "mainEntityOfPage": canonical_url,
        "url": canonical_url,
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME},
        "keywords": [tag.name for tag in tags],
    }
    images = [url for url in (article.cover_regular, article.cover_full) if url]
    if images:
        data["image"] = images
    if article.lang:
        data["inLanguage"] = article.lang
    if article.source:
        data["sourceOrganization"] = {
            "@type": "Organization",
            "name": str(article.source),
        }
        data["author"] = {"@type": "Organization", "name": str(article.source)}
    if article.category:
        data["articleSection"] = str(article.category)
    return data
