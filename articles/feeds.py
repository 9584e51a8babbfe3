"""RSS 2.0 and Atom feeds: declarations on top of django.contrib.syndication."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from .models import Article, Category, Source

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    description_template = None

    def title(self, obj=None):
        return settings.NEWSROOM_SITE_NAME + ": latest news"

    def link(self, obj=None):
        return reverse("articles:list")

    def description(self, obj=None):
        return "The latest published articles."

    def feed_articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # for_feed() prefetches tags: item_categories costs no query per entry.
        return self.feed_articles(obj).for_feed().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_author_name(self, item):
        return str(item.source) if item.source else None

    def item_guid(self, item):
        return self.item_link(item)

    def item_enclosure_url(self, item):
        return item.cover_regular or None

    def item_enclosure_length(self, item):
        # The size of a remote image is unknown; 0 is the agreed placeholder.
        return 0

    def item_enclosure_mime_type(self, item):
        return "image/jpeg"


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return reverse("articles:tag", args=[obj.slug])

    def description(self, obj=None):
        return f"The latest articles tagged {obj.name}."

    def feed_articles(self, obj):
        return Article.objects.published().tagged([obj])


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, code):
        return get_object_or_404(Category, code=code)

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj}"

    def link(self, obj=None):
        return reverse("articles:category", args=[obj.code])

    def description(self, obj=None):
        return f"The latest articles in {obj}."

    def feed_articles(self, obj):
        return Article.objects.published().filter(category=obj)


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = CategoryFeed.description


class SourceFeed(LatestArticlesFeed):
    def get_object(self, request, key):
        return get_object_or_404(Source, key=key)

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj}"

    def link(self, obj=None):
        return reverse("articles:source", args=[obj.key])

    def description(self, obj=None):
        return f"The latest articles from {obj}."

    def feed_articles(self, obj):
        return Article.objects.published().filter(source=obj)


class SourceAtomFeed(SourceFeed):
    feed_type = Atom1Feed
    subtitle = SourceFeed.description
