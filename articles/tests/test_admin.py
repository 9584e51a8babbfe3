"""The editors' desk: the article list, the change form, saving."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.ingest import import_paths
from articles.models import Article

from .builders import make_article, make_category, make_document, make_source
from .desk import (
    ADD,
    CHANGELIST,
    CHANGELIST_QUERIES,
    change_url,
    errors_of,
    form_data,
    login_with_role,
)

pytestmark = pytest.mark.django_db


# The list


def test_list_shows_each_column_at_a_glance(editor):
    source, category = make_source(name="CoinDesk"), make_category(code="BTC")
    make_article(
        title="Miners upgraded",
        source=source,
        category=category,
        sentiment="POSITIVE",
        sticky_weight=7,
        ai_rewritten=True,
        cover_thumb="https://img.example/thumb.jpg",
    )
    make_article(
        title="Tomorrow's story", published_at=timezone.now() + dt.timedelta(days=1)
    )
    make_article(title="Work in progress", draft=True)

    page = editor.get(CHANGELIST).content.decode()

    assert 'src="https://img.example/thumb.jpg"' in page
    for text in ("Miners upgraded", "CoinDesk", "BTC", "POSITIVE", ">7<"):
        assert text in page
    assert "desk-status-published" in page
    assert "desk-status-scheduled" in page
    assert "desk-status-draft" in page


@pytest.mark.parametrize("rows", [1, 25])
def test_list_queries_do_not_grow_with_rows(editor, django_assert_num_queries, rows):
    for number in range(rows):
        make_article(
            source=make_source(),
            category=make_category(),
            tags=[f"TAG {number}", "BTC", "MARKET"],
            cover_thumb=f"https://img.example/{number}.jpg",
        )
    editor.get(CHANGELIST)  # fills the cached language and tag choices

    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = editor.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == rows


def test_filtered_and_searched_list_keeps_the_query_count(
    editor, django_assert_num_queries
):
    for _ in range(25):
        make_article(title="Bitcoin rally", tags=["BTC"], source=make_source())
    editor.get(CHANGELIST)
    query = "?status=published&tag=btc&lang=en&q=rally"

    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = editor.get(CHANGELIST + query)

    assert len(response.context["cl"].result_list) == 25


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", {"Draft one"}),
        ("status=scheduled", {"Scheduled one"}),
        ("status=published", {"Published one"}),
        ("sentiment__exact=NEGATIVE", {"Draft one"}),
        ("lang=fr", {"Scheduled one"}),
        ("tag=cipher-mining", {"Published one"}),
        ("ai_rewritten__exact=1", {"Published one"}),
    ],
)
def test_filters_narrow_the_list(editor, query, expected):
    make_article(title="Draft one", draft=True, sentiment="NEGATIVE")
    make_article(
        title="Scheduled one",
        lang="fr",
        published_at=timezone.now() + dt.timedelta(hours=3),
    )
    make_article(title="Published one", tags=["CIPHER MINING"], ai_rewritten=True)

    response = editor.get(f"{CHANGELIST}?{query}")

    assert {a.title for a in response.context["cl"].result_list} == expected


@pytest.mark.parametrize(
    "query", ["tag=%00", "lang=a%00", "sentiment__exact=%00", "status=%00"]
)
def test_filter_values_with_nul_are_refused_not_500(editor, query):
    response = editor.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_sqlite_counts_a_filtered_list_from_the_covering_index():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite keeps these columns behind the body's overflow pages")
    make_article(sentiment="POSITIVE", ai_rewritten=True)
    filtered = Article.objects.filter(
        sentiment="POSITIVE", lang="en", ai_rewritten=True, draft=False
    )
    sql, params = filtered.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING COVERING INDEX article_newest" in plan, plan


def test_source_and_category_filters(editor):
    source, category = make_source(), make_category()
    make_article(title="Theirs", source=source, category=category)
    make_article(title="Other")

    by_source = editor.get(f"{CHANGELIST}?source__id__exact={source.pk}")
    by_category = editor.get(f"{CHANGELIST}?category__id__exact={category.pk}")

    assert [a.title for a in by_source.context["cl"].result_list] == ["Theirs"]
    assert [a.title for a in by_category.context["cl"].result_list] == ["Theirs"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("halving", {"Bitcoin halving"}),
        ("summary-word", {"Ether news"}),
        ("ext-exact-42", {"Ether news"}),
        ("JPMORGAN", {"Bitcoin halving"}),
        ("bitcoin jpmorgan", {"Bitcoin halving"}),
        ("'cipher mining'", {"Bitcoin halving"}),
        ("nothing-like-it", set()),
    ],
)
def test_search_matches_title_description_id_and_tag_names(editor, term, expected):
    make_article(title="Bitcoin halving", tags=["JPMORGAN", "CIPHER MINING", "JPM"])
    make_article(
        title="Ether news",
        description="A summary-word here.",
        external_id="ext-exact-42",
    )

    response = editor.get(CHANGELIST, {"q": term})

    titles = [a.title for a in response.context["cl"].result_list]
    assert set(titles) == expected
    assert len(titles) == len(set(titles)), "an article listed twice"


def test_list_sorts_by_publication_time_and_sticky_weight(editor):
    make_article(
        title="Old pinned",
        sticky_weight=5,
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    make_article(title="New", published_at=timezone.now() - dt.timedelta(minutes=1))
    fields = editor.get(CHANGELIST).context["cl"].list_display
    sticky = fields.index("sticky_weight")
    published = fields.index("published_at")

    by_weight = editor.get(CHANGELIST, {"o": f"-{sticky}"})
    by_time = editor.get(CHANGELIST, {"o": f"-{published}"})

    assert [a.title for a in by_weight.context["cl"].result_list] == [
        "Old pinned",
        "New",
    ]
    assert [a.title for a in by_time.context["cl"].result_list] == ["New", "Old pinned"]


def hierarchy_titles(response):
    dates = response.context["cl"].dates
    back = dates["back"] and dates["back"]["title"]
    return back, [choice["title"] for choice in dates["choices"]]


def test_date_hierarchy_drills_down_from_years_to_days(editor):
    for year, month, day in [(2023, 5, 1), (2025, 3, 30), (2025, 4, 1), (2025, 4, 3)]:
        make_article(
            title=f"Of {year}-{month}-{day}",
            published_at=dt.datetime(year, month, day, 12, tzinfo=dt.UTC),
        )

    top = editor.get(CHANGELIST)
    year = editor.get(CHANGELIST, {"published_at__year": "2025"})
    month = editor.get(
        CHANGELIST, {"published_at__year": "2025", "published_at__month": "4"}
    )
    day = editor.get(
        CHANGELIST,
        {
            "published_at__year": "2025",
            "published_at__month": "4",
            "published_at__day": "3",
        },
    )

    assert hierarchy_titles(top) == (None, ["2023", "2024", "2025"])
    assert 'href="?published_at__year=2023"' in top.content.decode()
    assert hierarchy_titles(year) == ("All dates", ["March 2025", "April 2025"])
    assert hierarchy_titles(month) == ("2025", ["April 1", "April 2", "April 3"])
    assert hierarchy_titles(day) == ("April 2025", ["April 3"])
    assert [a.title for a in day.context["cl"].result_list] == ["Of 2025-4-3"]


def test_date_hierarchy_starts_at_the_only_month(editor):
    make_article(published_at=dt.datetime(2025, 6, 2, tzinfo=dt.UTC))
    make_article(published_at=dt.datetime(2025, 6, 4, tzinfo=dt.UTC))

    assert hierarchy_titles(editor.get(CHANGELIST)) == (
        "2025",
        ["June 2", "June 3", "June 4"],
    )


def test_date_hierarchy_of_an_empty_list(editor):
    assert hierarchy_titles(editor.get(CHANGELIST)) == (None, [])


# The change form


def test_change_form_groups_fields_and_previews_the_body(editor):
    article = make_article(
        body="Hello **world**<script>alert(1)</script>",
        extra={"canonicalUrl": "https://example.com/a"},
        source_path="feed/a.md",
    )

    response = editor.get(change_url(article))

    page = response.content.decode()
    names = [name for name, _ in response.context["adminform"].fieldsets]
    assert names == [
        "Content",
        "Publishing",
        "Taxonomy",
        "Cover image",
        "AI metadata",
        "Import",
    ]
    assert "<strong>world</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&quot;canonicalUrl&quot;: &quot;https://example.com/a&quot;" in page
    assert "feed/a.md" in page
    assert 'id="id_source"' in page
    assert "admin-autocomplete" in page


@pytest.mark.parametrize("state", ["draft", "scheduled", "published"])
def test_view_on_site_opens_the_article_address(editor, state):
    article = make_article(
        draft=state == "draft",
        published_at=timezone.now()
        + dt.timedelta(days={"scheduled": 1}.get(state, -1)),
    )
    response = editor.get(change_url(article))
    shortcut = reverse(
        "admin:view_on_site", args=[response.context["content_type_id"], article.pk]
    )

    assert shortcut in response.content.decode()
    redirect = editor.get(shortcut)
    assert redirect.status_code == 302
    assert redirect.url.endswith(article.get_absolute_url())


def test_history_records_who_changed_what(editor):
    article = make_article(title="Before")

    editor.post(change_url(article), form_data(article, title="After"))
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk]))

    page = history.content.decode()
    assert history.status_code == 200
    assert "editor" in page
    assert "Changed Title" in page


def test_edit_saves_title_and_comma_separated_tags(editor):
    article = make_article(title="Old title", tags=["BTC"])

    response = editor.post(
        change_url(article),
        form_data(article, title="New title", tags="CIPHER MINING, btc, JPMorgan"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "New title"
    assert sorted(article.tags.names()) == ["BTC", "CIPHER MINING", "JPMorgan"]


def test_new_article_gets_a_slug_from_its_title(editor):
    response = editor.post(ADD, form_data(title="Fresh story", slug="", draft=True))

    assert response.status_code == 302
    assert Article.objects.get().slug == "fresh-story"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Give the article a title."),
        ({"slug": "taken"}, "slug", "Another article already uses this slug."),
        ({"slug": "no spaces"}, "slug", "Enter a valid"),
        (
            {"sticky_weight": "1001"},
            "sticky_weight",
            "Ensure this value is less than or equal to 1000.",
        ),
        (
            {"sticky_weight": "-1001"},
            "sticky_weight",
            "Ensure this value is greater than or equal to -1000.",
        ),
    ],
)
def test_invalid_edits_are_explained_and_not_saved(editor, changes, field, message):
    make_article(slug="taken")
    article = make_article(title="Unchanged", draft=True)

    response = editor.post(change_url(article), form_data(article, **changes))

    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    article.refresh_from_db()
    assert article.title == "Unchanged"


def test_published_slug_is_read_only(editor):
    article = make_article(slug="stable-address")

    page = editor.get(change_url(article)).content.decode()
    editor.post(change_url(article), form_data(article, slug="moved"))

    assert 'name="slug"' not in page
    article.refresh_from_db()
    assert article.slug == "stable-address"


@pytest.mark.parametrize("draft", [True, False])
def test_slug_of_draft_or_scheduled_article_can_change(editor, draft):
    article = make_article(
        slug="first-idea",
        draft=draft,
        published_at=timezone.now() + dt.timedelta(days=1),
    )

    editor.post(change_url(article), form_data(article, slug="better-idea"))

    article.refresh_from_db()
    assert article.slug == "better-idea"


def test_admin_save_marks_the_article_edited(editor):
    article = make_article(imported_at=timezone.now() - dt.timedelta(hours=1))
    assert not article.has_editor_changes

    editor.post(change_url(article), form_data(article, description="Tightened."))

    article.refresh_from_db()
    assert article.has_editor_changes
    assert timezone.now() - article.edited_at < dt.timedelta(minutes=1)


def test_edit_survives_reimport_of_the_file(editor, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(make_document(title="As imported", externalId="'story-1'"))
    assert import_paths([path]).created == 1
    article = Article.objects.get(external_id="story-1")

    editor.post(change_url(article), form_data(article, title="As edited"))
    same_file = import_paths([path])
    path.write_text(make_document(title="Producer update", externalId="'story-1'"))
    changed_file = import_paths([path])

    article.refresh_from_db()
    assert article.title == "As edited"
    assert (same_file.unchanged, same_file.updated) == (1, 0)
    assert (changed_file.kept, changed_file.updated) == (1, 0)
    assert "kept editor changes 1" in changed_file.summary()


def test_new_article_form_starts_as_a_draft(editor):
    form = editor.get(ADD).context["adminform"].form

    assert form.initial["draft"] is True


@pytest.mark.parametrize("role", ["Editor", "Contributor"])
def test_source_and_category_autocomplete(client, role):
    desk = login_with_role(client, role)
    make_source(name="CoinDesk", key="coindesk")
    make_source(name="The Block", key="theblock")
    make_category(code="BTC", name="Bitcoin")

    def suggest(field, term):
        response = desk.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "articles",
                "model_name": "article",
                "field_name": field,
                "term": term,
            },
        )
        return [item["text"] for item in response.json()["results"]]

    assert suggest("source", "coin") == ["CoinDesk"]
    assert suggest("category", "bitc") == ["Bitcoin"]
