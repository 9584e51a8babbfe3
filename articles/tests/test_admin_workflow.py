"""Publishing workflow: bulk actions, roles, and who may do what."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.admin import PIN_WEIGHT
from articles.models import Article, Status

from .builders import make_article
from .desk import (
    ADD,
    CHANGELIST,
    change_url,
    errors_of,
    form_data,
    login_with_role,
)

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(days=2)


@pytest.fixture
def editor_client():
    return login_with_role(Client(), "Editor")


def run_action(client, action, articles):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles], "index": 0},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def snapshot(article):
    article.refresh_from_db()
    return (article.title, article.draft, article.published_at, article.sticky_weight)


def test_publish_now_publishes_drafts_and_scheduled_only(editor):
    draft = make_article(draft=True)
    scheduled = make_article(published_at=timezone.now() + LATER)
    published = make_article()
    published_at = published.published_at

    response = run_action(editor, "publish_now", [draft, scheduled, published])

    assert messages_of(response) == ["Published now: 2 articles changed."]
    for article in (draft, scheduled, published):
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
    assert published.published_at == published_at
    assert draft.edited_at is not None
    assert published.edited_at is None


def test_unpublish_sends_published_and_scheduled_back_to_draft(editor):
    published = make_article()
    scheduled = make_article(published_at=timezone.now() + LATER)
    draft = make_article(draft=True)

    response = run_action(editor, "unpublish", [published, scheduled, draft])

    assert messages_of(response) == ["Unpublished: 2 articles changed."]
    assert set(Article.objects.values_list("draft", flat=True)) == {True}


def test_pin_and_unpin_set_the_sticky_weight(editor):
    plain = make_article()
    pinned = make_article(sticky_weight=5)

    pin = run_action(editor, "pin", [plain, pinned])
    plain.refresh_from_db()
    unpin = run_action(editor, "unpin", [plain, pinned])

    assert messages_of(pin) == [
        f"Pinned (sticky weight {PIN_WEIGHT}): 1 article changed."
    ]
    assert plain.sticky_weight == PIN_WEIGHT
    assert messages_of(unpin) == ["Unpinned: 2 articles changed."]
    assert set(Article.objects.values_list("sticky_weight", flat=True)) == {0}


def test_bulk_action_is_logged_with_who_and_when(editor):
    first, second = make_article(draft=True), make_article(draft=True)

    run_action(editor, "publish_now", [first, second])

    entries = LogEntry.objects.filter(action_flag=CHANGE)
    assert sorted(int(e.object_id) for e in entries) == [first.pk, second.pk]
    assert {e.user for e in entries} == {editor.user}
    assert {e.change_message for e in entries} == {"Published now (bulk action)."}
    history = editor.get(reverse("admin:articles_article_history", args=[first.pk]))
    assert "Published now (bulk action)." in history.content.decode()


def test_editor_publishes_through_the_form(editor):
    article = make_article(draft=True)

    response = editor.post(change_url(article), form_data(article, draft=False))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


# Contributors


def test_contributor_is_offered_no_bulk_actions(contributor, editor_client):
    make_article(draft=True)

    offered = contributor.get(CHANGELIST).context["action_form"]
    editors = editor_client.get(CHANGELIST).context["action_form"]

    assert offered is None
    assert [name for name, _ in editors.fields["action"].choices if name] == [
        "delete_selected",
        "publish_now",
        "unpublish",
        "pin",
        "unpin",
    ]


@pytest.mark.parametrize("action", ["publish_now", "unpublish", "pin", "unpin"])
def test_contributor_crafted_action_is_refused(contributor, action):
    draft = make_article(draft=True, sticky_weight=3)
    published = make_article()
    before = [snapshot(draft), snapshot(published)]

    response = run_action(contributor, action, [draft, published])

    assert (
        "Only editors can publish, unpublish or pin articles"
        in messages_of(response)[0]
    )
    assert [snapshot(draft), snapshot(published)] == before
    assert not LogEntry.objects.exists()


def test_contributor_cannot_publish_through_the_form(contributor):
    article = make_article(draft=True)
    before = snapshot(article)

    response = contributor.post(
        change_url(article), form_data(article, draft=False, title="Sneaky")
    )

    assert response.status_code == 200
    assert "Only editors can publish" in errors_of(response)["draft"][0]
    assert snapshot(article) == before


def test_contributor_cannot_pin_through_the_form(contributor):
    article = make_article(draft=True)

    response = contributor.post(
        change_url(article), form_data(article, sticky_weight=9)
    )

    assert "Only editors can pin articles" in errors_of(response)["sticky_weight"][0]
    article.refresh_from_db()
    assert article.sticky_weight == 0


def test_contributor_edits_a_draft(contributor):
    article = make_article(draft=True, sticky_weight=4)

    response = contributor.post(change_url(article), form_data(article, title="Better"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.draft, article.sticky_weight) == ("Better", True, 4)


def test_contributor_creates_drafts_only(contributor):
    form = contributor.get(ADD).context["adminform"].form
    refused = contributor.post(ADD, form_data(title="Straight out", draft=False))
    created = contributor.post(ADD, form_data(title="For review", draft=True))

    assert form.initial["draft"] is True
    assert "Only editors can publish" in errors_of(refused)["draft"][0]
    assert created.status_code == 302
    assert list(Article.objects.values_list("title", "draft")) == [("For review", True)]


@pytest.mark.parametrize("when", [-LATER, LATER], ids=["published", "scheduled"])
def test_contributor_cannot_edit_non_draft_articles(contributor, when):
    article = make_article(published_at=timezone.now() + when)
    before = snapshot(article)

    page = contributor.get(change_url(article))
    response = contributor.post(change_url(article), form_data(article, title="Edited"))

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    assert snapshot(article) == before


def test_contributor_cannot_delete(contributor):
    article = make_article(draft=True)
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])

    response = contributor.post(delete_url, {"post": "yes"})

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
