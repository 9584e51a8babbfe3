"""The article changelist: what the list page queries."""

from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from ..models import TaggedArticle


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Bodies can be long and no column shows them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "body_html", "extra")


def search_articles(queryset, text):
    """Every word must match the title, description, a tag name or the id."""
    # Tag names through a subquery instead of Django's join: a join repeats
    # an article once per matching tag and needs DISTINCT over the page.
    for word in search_words(text):
        tagged = TaggedArticle.objects.filter(tag__name__icontains=word)
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(external_id=word)
            | Q(pk__in=tagged.values("content_object_id"))
        )
    return queryset


def search_words(text):
    """Words of a search box, "quoted phrases" kept whole, as Django splits them."""
    for word in smart_split(text):
        if len(word) > 1 and word[0] in "\"'" and word[-1] == word[0]:
            word = unescape_string_literal(word)
        if word:
            yield word
