"""An editor's journey through the desk in a real browser."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Status

from .builders import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_editor(password):
    call_command("setup_roles", stdout=StringIO())
    user = get_user_model().objects.create_user(
        username="editor", password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))


def test_editor_finds_edits_illustrates_and_publishes(page, tmp_path):
    make_editor("a-long-enough-password")
    article = make_article(
        title="Miners draft for review",
        draft=True,
        published_at=timezone.now() - dt.timedelta(minutes=5),
        tags=["BTC"],
    )
    make_article(title="Miners story already out")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (1600, 1000), "teal").save(photo, "JPEG")

    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto("/admin/articles/article/")
    page.click("#changelist-filter a:text-is('Draft')")
    expect(page).to_have_url(re.compile(r"status=draft"))
    page.fill("#searchbar", "miners")
    page.press("#searchbar", "Enter")
    rows = page.locator("#result_list tbody tr")
    expect(page).to_have_url(re.compile(r"q=miners"))
    expect(rows).to_have_count(1)
    rows.first.locator("th a").first.click()

    page.fill("#id_title", "Miners upgraded by JPMorgan")
    page.fill("#id_tags", "BTC, CIPHER MINING")
    page.set_input_files("#id_cover_upload", str(photo))
    page.fill("#id_cover_alt", "A teal square")
    page.uncheck("#id_draft")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert sorted(article.tags.names()) == ["BTC", "CIPHER MINING"]
    assert article.cover_thumb.endswith("-thumb.jpg")

    # The list kept the draft filter, so the published article is found anew.
    page.goto("/admin/articles/article/?status=published&q=jpmorgan")
    thumb = page.locator("#result_list img.desk-thumb")
    expect(thumb).to_have_count(1)
    expect(thumb).to_have_js_property("naturalWidth", 200)

    page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Miners upgraded by JPMorgan")
