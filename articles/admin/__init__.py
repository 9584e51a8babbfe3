"""The editors' desk: finding, editing, publishing and illustrating articles."""

import json
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.views.main import SEARCH_VAR
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..forms import ArticleForm
from ..images import (
    delete_variants,
    store_variants,
    stored_variants,
    variant_urls,
)
from ..models import Article, Category, Source, Status
from .changelist import (
    ArticleChangeList,
    CappedPaginator,
    search_articles,
    search_words,
)
from .filters import LanguageFilter, StatusFilter, TagFilter
from .imports import import_view

PUBLISH_PERMISSION = "articles.publish_article"
PIN_WEIGHT = 100
# Written by the importer only: shown, never edited.
IMPORT_FIELDS = [
    "external_id",
    "source_path",
    "content_hash",
    "imported_at",
    "updated_at",
    "edited_at",
    "unknown_keys",
]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "type"]
    search_fields = ["name", "key"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "cover",
        "title",
        "status",
        "source",
        "category",
        "sentiment",
        "sticky_weight",
        "published_at",
        "ai_rewritten",
    ]
    list_display_links = ["cover", "title"]
    list_filter = [
        StatusFilter,
        "sentiment",
        "source",
        "category",
        LanguageFilter,
        TagFilter,
        "ai_rewritten",
    ]
    list_select_related = ["source", "category"]
    list_per_page = 50
    # Counting the whole table again for "N total" is a second full count.
    show_full_result_count = False
    date_hierarchy = "published_at"
    sortable_by = ["title", "sticky_weight", "published_at"]
    ordering = ["-published_at", "-id"]
    # Shown as the search box; get_search_results also matches tag names.
    search_fields = ["title", "description", "=external_id"]
    search_help_text = "Title, description, tag name, or an exact externalId."
    autocomplete_fields = ["source", "category"]
    actions = ["publish_now", "unpublish", "pin", "unpin"]
    fieldsets = [
        ("Content", {"fields": ["title", "slug", "description", "body", "preview"]}),
        ("Publishing", {"fields": ["draft", "published_at", "sticky_weight"]}),
        (
            "Taxonomy",
            {"fields": ["source", "category", "tags", "sentiment", "lang", "score"]},
        ),
        (
            "Cover image",
            {
                "fields": [
                    "cover_preview",
                    "cover_upload",
                    "cover_alt",
                    "cover_credit",
                    "cover_links",
                ]
            },
        ),
        ("AI metadata", {"fields": ["ai_rewritten", "ai_expanded_at", "ai_version"]}),
        (
            "Import",
            {
                "classes": ["collapse"],
                "fields": IMPORT_FIELDS,
            },
        ),
    ]
    readonly_fields = ["preview", "cover_preview", "cover_links", *IMPORT_FIELDS]

    class Media:
        css = {"all": ["articles/admin.css"]}

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    # Columns and read-only fields

    @admin.display(description="cover")
    def cover(self, article):
        if not article.cover_thumb:
            return ""
        return format_html(
            '<img class="desk-thumb" src="{}" alt="" loading="lazy">',
            article.cover_thumb,
        )

    @admin.display(description="status")
    def status(self, article):
        status = article.status
        return format_html(
            '<span class="desk-status desk-status-{}">{}</span>', status, status.label
        )

    @admin.display(description="rendered body, as readers see it")
    def preview(self, article):
        if not article.body_html:
            return "Saved bodies are shown here as readers will see them."
        return format_html('<div class="desk-preview">{}</div>', article.rendered_body)

    @admin.display(description="current cover")
    def cover_preview(self, article):
        url = article.cover_small or article.cover_thumb
        if not url:
            return "No cover image."
        return format_html(
            '<img class="desk-cover" src="{}" alt="{}">', url, article.cover_alt
        )

    @admin.display(description="variants")
    def cover_links(self, article):
        links = [(url, name) for name, url in article.cover_urls.items() if url]
        return format_html_join(" · ", '<a href="{}">{}</a>', links) or "-"

    @admin.display(description="unknown frontmatter keys")
    def unknown_keys(self, article):
        if not article.extra:
            return "-"
        text = json.dumps(article.extra, indent=2, ensure_ascii=False, sort_keys=True)
        return format_html('<pre class="desk-extra">{}</pre>', text)

    # Search

    def get_search_results(self, request, queryset, search_term):
        return search_articles(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        # The search box's text as the changelist reads it (NUL is refused).
        form = ArticleChangeList.search_form_class(request.GET)
        text = form.cleaned_data.get(SEARCH_VAR, "") if form.is_valid() else ""
        if any(search_words(text)):
            return CappedPaginator(queryset, per_page, *args, **kwargs)
        return super().get_paginator(request, queryset, per_page, *args, **kwargs)

    # Permissions: editors publish; contributors write drafts only

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.draft or self.has_publish_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED:
            readonly.append("slug")
        return readonly

    def get_changeform_initial_data(self, request):
        # New articles start as drafts, for editors too: saving is not publishing.
        return {"draft": True, **super().get_changeform_initial_data(request)}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action")
        if action in self.actions and not self.has_publish_permission(request):
            self.message_user(
                request,
                "Only editors can publish, unpublish or pin articles; nothing "
                "was changed.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        extra_context = {
            "can_import": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def has_import_permission(self, request):
        # Imported files may be published ones: only editors import.
        return self.has_add_permission(request) and self.has_publish_permission(request)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(partial(import_view, self)),
                name="articles_article_import",
            ),
            *super().get_urls(),
        ]

    # Saving

    def save_model(self, request, obj, form, change):
        # Marks the edit so that a later import keeps it (has_editor_changes).
        obj.edited_at = timezone.now()
        if not form.cover_variants:
            super().save_model(request, obj, form, change)
            return
        replaced = stored_variants(obj.cover_image.name or "")
        names = store_variants(form.cover_variants)
        obj.cover_image.name = names["full"]
        for variant, url in variant_urls(names).items():
            setattr(obj, f"cover_{variant}", url)
        try:
            super().save_model(request, obj, form, change)
        except BaseException:
            delete_variants(names)
            raise
        if replaced:
            # Only once the new cover is committed: a rollback keeps the old.
            transaction.on_commit(partial(delete_variants, replaced))

    # Bulk actions: each changes only the articles that need it, says how many,
    # marks them edited and records who did it in the admin log.

    @admin.action(permissions=["publish"], description="Publish selected now")
    def publish_now(self, request, queryset):
        now = timezone.now()
        pending = queryset.filter(Q(draft=True) | Q(published_at__gt=now))
        self.apply_action(
            request, pending, "Published now", draft=False, published_at=now
        )

    @admin.action(permissions=["publish"], description="Unpublish selected (to draft)")
    def unpublish(self, request, queryset):
        self.apply_action(
            request, queryset.filter(draft=False), "Unpublished", draft=True
        )

    @admin.action(permissions=["publish"], description="Pin selected")
    def pin(self, request, queryset):
        self.apply_action(
            request,
            queryset.filter(sticky_weight__lte=0),
            f"Pinned (sticky weight {PIN_WEIGHT})",
            sticky_weight=PIN_WEIGHT,
        )

    @admin.action(permissions=["publish"], description="Unpin selected")
    def unpin(self, request, queryset):
        self.apply_action(
            request, queryset.filter(sticky_weight__gt=0), "Unpinned", sticky_weight=0
        )

    def apply_action(self, request, queryset, verb, **changes):
        changed = list(queryset.select_related(None).only("pk", "title"))
        now = timezone.now()
        count = Article.objects.filter(pk__in=[a.pk for a in changed]).update(
            **changes, edited_at=now, modified_at=now
        )
        if changed:
            LogEntry.objects.log_actions(
                request.user.pk, changed, CHANGE, f"{verb} (bulk action)."
            )
        noun = "article" if count == 1 else "articles"
        self.message_user(request, f"{verb}: {count} {noun} changed.", messages.SUCCESS)
