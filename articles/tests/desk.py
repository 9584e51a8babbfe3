"""Helpers for tests of the editors' desk: URLs, form posts, logged-in roles."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tagging import join_tags

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")
# Session, user, two for permissions, the filters' sources and categories, the
# page count, the page, and the date hierarchy's span; none of them per row.
CHANGELIST_QUERIES = 9


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article=None, **changes):
    """The POST an editor's browser sends for ``article``, with ``changes``."""
    article = article or Article(published_at=timezone.now())
    published = timezone.localtime(article.published_at)
    data = {
        "title": article.title,
        "slug": article.slug,
        "description": article.description,
        "body": article.body,
        "draft": article.draft,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "sticky_weight": article.sticky_weight,
        "source": article.source_id or "",
        "category": article.category_id or "",
        "tags": join_tags(article.tags.all()) if article.pk else "",
        "sentiment": article.sentiment,
        "lang": article.lang,
        "score": "" if article.score is None else article.score,
        "cover_alt": article.cover_alt,
        "cover_credit": article.cover_credit,
        "ai_rewritten": {None: "unknown", True: "true", False: "false"}[
            article.ai_rewritten
        ],
        "ai_expanded_at_0": "",
        "ai_expanded_at_1": "",
        "ai_version": "" if article.ai_version is None else article.ai_version,
        "_save": "Save",
    }
    data.update(changes)
    if data.pop("draft"):
        data["draft"] = "on"
    return data


def login_with_role(client, role):
    call_command("setup_roles", stdout=StringIO())
    user = get_user_model().objects.create_user(
        username=role.lower(), password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    client.user = user
    return client


def errors_of(response):
    return response.context["adminform"].form.errors
