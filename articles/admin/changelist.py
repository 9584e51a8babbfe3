"""The article changelist: what the list page queries."""

import datetime as dt

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext as _

from ..search import match_words

# Each word is a subquery; a pasted paragraph is searched by its first words.
MAX_WORDS = 10
# A search counts its matches up to here, then says "more than": counting all
# of a common word's matches cost 150 ms on PostgreSQL at 100,000 articles.
SEARCH_COUNT_CAP = 1000


class ArticleChangeList(ChangeList):
    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        # PostgreSQL refuses NUL in text: such a filter value is a bad address
        # (the admin redirects with ?e=1), not a database error and a 500.
        if any("\0" in value for values in lookup_params.values() for value in values):
            raise IncorrectLookupParameters("NUL in a filter value")
        return lookup_params

    def get_queryset(self, request, exclude_parameters=None):
        # Bodies can be long and no column shows them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "body_html", "extra")

    @cached_property
    def dates(self):
        """The date hierarchy's links, from the first and last of the chosen dates.

        Django's own tag adds a SELECT DISTINCT over a per-row date function:
        98 of the page's 182 ms at 20,000 articles on SQLite. Here the links
        span every year (month, day) from the first article to the last, which
        for a newsroom is the same list.
        """
        field = self.date_hierarchy
        keys = {part: f"{field}__{part}" for part in ("year", "month", "day")}
        year, month, day = (self.params.get(key) for key in keys.values())

        def link(**parts):
            filters = {keys[part]: value for part, value in parts.items()}
            return self.get_query_string(filters, [f"{field}__"])

        def title(date, date_format):
            return capfirst(formats.date_format(date, date_format))

        if year and month and day:
            date = dt.date(int(year), int(month), int(day))
            return {
                "show": True,
                "back": {
                    "link": link(year=year, month=month),
                    "title": title(date, "YEAR_MONTH_FORMAT"),
                },
                "choices": [{"title": title(date, "MONTH_DAY_FORMAT")}],
            }
        # The span of the chosen dates over all articles, not the searched or
        # filtered list: an index range, where the list's own filters (a text
        # search above all) would scan the table once more.
        dates = self.root_queryset.values(field)
        if year:
            # A range, as Django's own filter uses: __month is a function of
            # each row, which SQLite calls in Python (a month took 130 ms).
            start = dt.datetime(int(year), int(month or 1), 1)
            if month:
                end = (start + dt.timedelta(days=32)).replace(day=1)
            else:
                end = start.replace(year=start.year + 1)
            dates = dates.filter(
                **{
                    f"{field}__gte": timezone.make_aware(start),
                    f"{field}__lt": timezone.make_aware(end),
                }
            )
        # Two index seeks in one query: SQLite answers MIN and MAX together
        # by reading the whole index (15 ms of the page at 100,000 articles).
        span = (
            self.root_queryset.order_by()
            .annotate(
                first=Subquery(dates.order_by(field)[:1]),
                last=Subquery(dates.order_by(f"-{field}")[:1]),
            )
            .values("first", "last")[:1]
        )
        span = next(iter(span), {"first": None})
        if span["first"] is None:
            return {"show": True, "back": None, "choices": []}
        first, last = (timezone.localtime(span[key]) for key in ("first", "last"))
        if not year and first.year == last.year:
            year = first.year
            if first.month == last.month:
                month = first.month
        if year and month:
            days = (
                dt.date(int(year), int(month), number)
                for number in range(first.day, last.day + 1)
            )
            return {
                "show": True,
                "back": {"link": link(year=year), "title": str(year)},
                "choices": [
                    {
                        "link": link(year=year, month=month, day=date.day),
                        "title": title(date, "MONTH_DAY_FORMAT"),
                    }
                    for date in days
                ],
            }
        if year:
            months = (
                dt.date(int(year), number, 1)
                for number in range(first.month, last.month + 1)
            )
            return {
                "show": True,
                "back": {"link": link(), "title": _("All dates")},
                "choices": [
                    {
                        "link": link(year=year, month=date.month),
                        "title": title(date, "YEAR_MONTH_FORMAT"),
                    }
                    for date in months
                ],
            }
        return {
            "show": True,
            "back": None,
            "choices": [
                {"link": link(year=str(number)), "title": str(number)}
                for number in range(first.year, last.year + 1)
            ],
        }


class CappedPaginator(Paginator):
    """Pages over at most ``cap`` rows; ``is_capped`` when there are more."""

    cap = SEARCH_COUNT_CAP

    @cached_property
    def found(self):
        # Unordered, so that the database may stop at the first cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.found, self.cap)

    @property
    def is_capped(self):
        return self.found > self.cap


def search_articles(queryset, text):
    """Every word must match the title, description, a tag name or the id."""
    return match_words(queryset, list(search_words(text))[:MAX_WORDS])


def search_words(text):
    """Words of a search box, "quoted phrases" kept whole, as Django splits them."""
    for word in smart_split(text):
        if len(word) > 1 and word[0] in "\"'" and word[-1] == word[0]:
            word = unescape_string_literal(word)
        if word:
            yield word
