"""List filters of the article changelist."""

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Count
from taggit.models import Tag

from ..models import Article, Status, TaggedArticle

# Filter choices that need a scan of every article are cached: they change
# rarely, and a selected value is shown even when the cache misses it.
CHOICES_TTL = 10 * 60
TOP_TAGS = 30


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        by_status = {
            Status.DRAFT: queryset.drafts,
            Status.SCHEDULED: queryset.scheduled,
            Status.PUBLISHED: queryset.published,
        }
        chosen = by_status.get(self.value())
        return chosen() if chosen else queryset


class CachedChoicesFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        choices = cache.get_or_set(
            f"desk:filter:{self.parameter_name}", self.compute_choices, CHOICES_TTL
        )
        value = self.value()
        if value and value not in dict(choices):
            choices = [(value, value), *choices]
        return choices


class LanguageFilter(CachedChoicesFilter):
    title = "language"
    parameter_name = "lang"

    def compute_choices(self):
        langs = Article.objects.order_by("lang").values_list("lang", flat=True)
        return [(lang, lang) for lang in langs.distinct() if lang]

    def queryset(self, request, queryset):
        return queryset.filter(lang=self.value()) if self.value() else queryset


class TagFilter(CachedChoicesFilter):
    """The most used tags; any tag works through ``?tag=<slug>``."""

    title = "tag (most used)"
    parameter_name = "tag"

    def compute_choices(self):
        tags = Tag.objects.annotate(uses=Count("articles_taggedarticle_items"))
        return list(
            tags.order_by("-uses", "name").values_list("slug", "name")[:TOP_TAGS]
        )

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A subquery, not a join: no repeated rows, no DISTINCT.
        tagged = TaggedArticle.objects.filter(tag__slug=self.value())
        return queryset.filter(pk__in=tagged.values("content_object_id"))
