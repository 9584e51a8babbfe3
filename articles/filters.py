"""The readers' list filters: what the query string may ask, and its validation.

Visibility is not decided here: the view passes ``Article.objects.published()``.
"""

import datetime as dt

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from taggit.models import Tag

from .models import Sentiment
from .search import MAX_QUERY_LENGTH

MAX_TAGS = 5

# Base codes only ("pt", not "pt-br"): the producer writes two-letter codes.
LANGUAGE_CHOICES = sorted(
    {(code, str(name)) for code, name in settings.LANGUAGES if "-" not in code},
    key=lambda choice: choice[1],
)


def parse_tag_terms(text):
    """Tag names or slugs from ``tag=a,b``; blanks and repeats dropped."""
    terms = {}
    for term in (part.strip() for part in (text or "").split(",")):
        if term:
            terms.setdefault(term.casefold(), term)
    return list(terms.values())


class ArticleFilterForm(forms.Form):
    def clean_tag(self):
        terms = parse_tag_terms(self.cleaned_data.get("tag"))
        if len(terms) > MAX_TAGS:
            raise forms.ValidationError(
                "Choose at most %(limit)s tags.",
                code="too_many_tags",
                params={"limit": MAX_TAGS},
            )
        return ", ".join(terms)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(
                "The start date %(start)s is after the end date %(end)s.",
                code="date_range",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned


def start_of_day(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Search", max_length=MAX_QUERY_LENGTH
    )
    category = django_filters.ChoiceFilter(method="filter_category", label="Category")
    source = django_filters.ChoiceFilter(method="filter_source", label="Source")
    tag = django_filters.CharFilter(method="filter_tags", label="Tags", max_length=500)
    sentiment = django_filters.ChoiceFilter(choices=Sentiment.choices)
    lang = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES, label="Language")
    published_from = django_filters.DateFilter(
        method="filter_from", label="Published from"
    )
    published_to = django_filters.DateFilter(method="filter_to", label="Published to")

    class Meta:
        form = ArticleFilterForm
        fields = ()

    def __init__(self, data=None, queryset=None, *, categories=(), sources=(), **kw):
        super().__init__(data, queryset, **kw)
        # Codes and keys in the URL, primary keys in the query: no join, and
        # validation against the lists the form shows (no query per value).
        self.category_ids = {category.code: category.pk for category in categories}
        self.source_ids = {source.key: source.pk for source in sources}
        self.filters["category"].extra["choices"] = [
            (category.code, str(category)) for category in categories
        ]
        self.filters["source"].extra["choices"] = [
            (source.key, str(source)) for source in sources
        ]

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id=self.category_ids[value])

    def filter_source(self, queryset, name, value):
        return queryset.filter(source_id=self.source_ids[value])

    def filter_tags(self, queryset, name, value):
        # One subquery per tag: every tag must match, and no JOIN means no
        # duplicate rows and no DISTINCT.
        for term in parse_tag_terms(value):
            queryset = queryset.tagged(
                Tag.objects.filter(name__iexact=term)
                | Tag.objects.filter(slug=Tag().slugify(term))
            )
        return queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(published_at__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(published_at__lt=start_of_day(value + dt.timedelta(1)))

    @property
    def active(self):
        """The filters in use, as (label, value) pairs for the page."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return [
            (self.filters[name].label or name.title(), value)
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        ]

    @property
    def error_messages(self):
        """Each validation error, prefixed with its filter's label."""
        messages = []
        for name, errors in self.form.errors.items():
            prefix = "" if name == "__all__" else f"{self.form[name].label}: "
            messages.extend(prefix + error for error in errors)
        return messages
