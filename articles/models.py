import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .choices import (
    COVER_VARIANTS,
    STICKY_WEIGHT_MAX,
    STICKY_WEIGHT_MIN,
    Sentiment,
    Status,
)
from .rendering import render_markdown
from .slugs import pick_slug, slug_base


class Source(models.Model):
    """Where stories come from; one record per producer key (e.g. ``coindesk``)."""

    key = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("key"), name="source_key_ci_unique"),
        ]

    def __str__(self):
        return self.name or self.key


class Category(models.Model):
    """A desk or section, identified by the producer's code (BTC, MARKET, ...)."""

    code = models.CharField(max_length=50, unique=True)
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(Lower("code"), name="category_code_ci_unique"),
        ]

    def __str__(self):
        return self.name or self.code


class TaggedArticle(TaggedItemBase):
    # No index of its own: the unique constraint's index starts with this
    # column and serves every lookup by article, so a second one only made
    # each imported tag link cost an extra index insert.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            ),
        ]


# The columns list pages, feeds and related articles read.
LIST_FIELDS = (
    "title",
    "slug",
    "description",
    "published_at",
    "updated_at",
    "modified_at",
    "sticky_weight",
    "lang",
    "sentiment",
    "cover_regular",
    "cover_small",
    "cover_thumb",
    "cover_alt",
    "ai_rewritten",
    "source__key",
    "source__name",
    "category__code",
    "category__name",
)


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Articles readers may see: not drafts, publication time passed."""
        return self.filter(draft=False, published_at__lte=at or timezone.now())

    def scheduled(self, at=None):
        """Approved articles whose publication time is still to come."""
        return self.filter(draft=False, published_at__gt=at or timezone.now())

    def drafts(self):
        return self.filter(draft=True)

    def in_public_order(self):
        """Pinned first (highest weight), then newest; ``id`` breaks ties."""
        return self.order_by("-sticky_weight", "-published_at", "-id")

    def newest_first(self):
        """Newest first, ignoring pins: feeds, sitemaps, related articles."""
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """Only the columns a list item shows; the body stays in the database."""
        return self.select_related("source", "category").only(*LIST_FIELDS)

    def for_feed(self):
        """List columns plus the tags, fetched in one extra query for all items."""
        return self.for_list().prefetch_related("tags")

    def tagged(self, tags):
        """Articles carrying any of ``tags`` (a Tag queryset or list), no duplicates.

        A ``pk IN (subquery)``, written ``pk + 0`` so that the planner walks
        the list's order index and probes the tagged ids, instead of fetching
        every tagged article and sorting them: at 100,000 articles, 9 ms
        instead of 106 ms on SQLite for a tag on 20,000 of them.
        """
        tagged = TaggedArticle.objects.filter(tag__in=tags).values("content_object_id")
        return self.alias(tagged_probe=models.F("pk") + 0).filter(
            tagged_probe__in=tagged
        )

    def search(self, query):
        """Articles matching ``query``: ranked full text on PostgreSQL."""
        from .search import search_articles

        return search_articles(self, query)

    def content_version(self, at=None):
        """What readers' pages depend on: the last write and the next due article.

        Any save moves ``modified_at`` (auto_now); a deletion adds a Removal;
        a scheduled article coming due moves ``next_due``; so a key built from
        them changes exactly when a published page could. See ``versions.py``.
        """
        from .versions import read_content_version

        return read_content_version(self, at)


class Article(models.Model):
    # Content
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)

    # Publishing
    draft = models.BooleanField(default=False)
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Last update at the source."
    )
    sticky_weight = models.IntegerField(
        default=0,
        validators=[
            MinValueValidator(STICKY_WEIGHT_MIN),
            MaxValueValidator(STICKY_WEIGHT_MAX),
        ],
        help_text="Pinning: higher sorts first in lists; 0 = not pinned.",
    )

    # Taxonomy
    lang = models.CharField("language", max_length=35, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    sentiment = models.CharField(max_length=8, choices=Sentiment, blank=True)
    score = models.FloatField(null=True, blank=True)

    # Cover image: the producer's variant URLs, or those made from an upload.
    cover_image = models.ImageField(upload_to="covers/%Y/%m/", blank=True)
    cover_raw = models.URLField(max_length=2000, blank=True)
    cover_full = models.URLField(max_length=2000, blank=True)
    cover_regular = models.URLField(max_length=2000, blank=True)
    cover_small = models.URLField(max_length=2000, blank=True)
    cover_thumb = models.URLField(max_length=2000, blank=True)
    cover_small_s3 = models.URLField(max_length=2000, blank=True)
    cover_alt = models.CharField("cover alt text", max_length=300, blank=True)
    cover_credit = models.CharField(max_length=300, blank=True)

    # AI processing metadata; None means the file did not say.
    ai_rewritten = models.BooleanField(null=True, blank=True)
    ai_expanded_at = models.DateTimeField(null=True, blank=True)
    ai_version = models.IntegerField(null=True, blank=True)

    # Import bookkeeping
    external_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True, editable=False
    )
    extra = models.JSONField(
        default=dict, blank=True, help_text="Frontmatter keys Newsroom does not know."
    )
    source_path = models.CharField(max_length=1000, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last edit in the admin."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-sticky_weight", "-published_at", "-id"]
        indexes = [
            # Serves the public list order; partial so that SQLite does not
            # need a temporary B-tree to sort (see PERFORMANCE.md).
            models.Index(
                models.F("sticky_weight").desc(),
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="article_public_order",
                condition=Q(draft=False),
            ),
            # Feeds, sitemaps and the admin's list: newest first, no pinning.
            # Not partial: the admin lists drafts too, and drafts are few.
            # The admin's filter columns ride along: SQLite stores them after
            # the body, behind its overflow pages, so the list counts and
            # filters from this index alone (at 100,000 articles, a count
            # reads 5 MB here instead of 1.5 GB of rows).
            models.Index(
                models.F("published_at").desc(),
                models.F("id").desc(),
                models.F("draft"),
                models.F("sentiment"),
                models.F("lang"),
                models.F("source"),
                models.F("category"),
                models.F("ai_rewritten"),
                name="article_newest",
            ),
            models.Index(fields=["content_hash"], name="article_content_hash"),
            # Category and source pages: seek to the section, then read in order.
            models.Index(
                models.F("category"),
                models.F("sticky_weight").desc(),
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="article_category_order",
                condition=Q(draft=False),
            ),
            models.Index(
                models.F("source"),
                models.F("sticky_weight").desc(),
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="article_source_order",
                condition=Q(draft=False),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if not self.slug:
            self.slug = self.free_slug(self.title)
        if not self.external_id:
            # Articles written here get an identity too, so that an export of
            # them imports back onto them.
            self.external_id = f"newsroom-{uuid.uuid4().hex}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def free_slug(self, title):
        """A slug for ``title`` that no other article uses yet."""
        base = slug_base(title)
        taken = set(
            Article.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return pick_slug(base, taken)

    @property
    def rendered_body(self):
        # body_html is only ever written by render_markdown(), which sanitizes.
        return mark_safe(self.body_html)

    @property
    def status(self):
        if self.draft:
            return Status.DRAFT
        if self.published_at > timezone.now():
            return Status.SCHEDULED
        return Status.PUBLISHED

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def has_editor_changes(self):
        """True when the admin changed the article after its last import."""
        if self.edited_at is None:
            return False
        return self.imported_at is None or self.edited_at > self.imported_at

    @property
    def cover_urls(self):
        return {name: getattr(self, f"cover_{name}") for name in COVER_VARIANTS}


class SearchDocument(models.Model):
    """An article's words as PostgreSQL matches and ranks them (``search.py``).

    A table of its own, not a column of the article's: the database computes
    it from the text, on every write by a trigger (migration 0009), or, for an
    import, on connections beside the one writing the articles. It stays
    empty on SQLite.
    """

    # On PostgreSQL the foreign key, with ON DELETE CASCADE, is the
    # database's (migration 0009): deleting articles costs no query for it.
    article = models.OneToOneField(
        Article,
        models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_document",
    )
    document = SearchVectorField()

    class Meta:
        db_table = "article_search_document"

    def __str__(self):
        return f"Search document of article {self.article_id}"


class Removal(models.Model):
    """An article deleted from the site: what it was, and when it went.

    Deleting leaves no newer ``modified_at`` behind, so the content version
    reads the newest removal too: cached pages drop the article at once.
    """

    title = models.CharField(max_length=500)
    slug = models.CharField(max_length=255)
    external_id = models.CharField(max_length=255, blank=True)
    removed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-removed_at"]

    def __str__(self):
        return self.title


@receiver(post_delete, sender=Article)
def record_removal(sender, instance, **kwargs):
    Removal.objects.create(
        title=instance.title,
        slug=instance.slug,
        external_id=instance.external_id or "",
    )
