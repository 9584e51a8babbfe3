"""The article form: cover uploads and what contributors may not do."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.forms import ArticleForm
from articles.models import Article

from .builders import make_article
from .desk import CHANGELIST, change_url, errors_of, form_data, login_with_role
from .test_images import HTML_WITH_GIF_HEADER, SVG, decompression_bomb, truncated_jpeg

pytestmark = pytest.mark.django_db


def jpeg(size=(1200, 800)):
    buffer = BytesIO()
    Image.new("RGB", size, "green").save(buffer, "JPEG")
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), "image/jpeg")


def media_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def plain_data(article):
    """form_data for the bare form: one datetime field, where the admin has two."""
    return {**form_data(article), "published_at": article.published_at.isoformat()}


def test_form_renders_variants_without_storing_them(settings):
    article = make_article(draft=True)
    form = ArticleForm(plain_data(article), {"cover_upload": jpeg()}, instance=article)

    assert form.is_valid(), form.errors
    assert set(form.cover_variants) == {"full", "regular", "small", "thumb"}
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just text", "The file is not a JPEG, PNG or WebP image."),
        (SVG, "The file is not a JPEG, PNG or WebP image."),
        (HTML_WITH_GIF_HEADER, "The file is not a JPEG, PNG or WebP image."),
        (truncated_jpeg(), "The image is damaged or incomplete; export it again."),
        (decompression_bomb(), "The image has more than 50 million pixels."),
    ],
    ids=["text", "svg", "html", "truncated", "bomb"],
)
def test_bad_upload_is_a_form_error(data, message):
    article = make_article(draft=True)
    upload = SimpleUploadedFile("photo.jpg", data, "image/jpeg")

    form = ArticleForm(plain_data(article), {"cover_upload": upload}, instance=article)

    assert form.errors == {"cover_upload": [message]}


def test_editor_uploads_a_cover_and_gets_every_variant(editor, settings):
    article = make_article(title="Illustrated")

    response = editor.post(
        change_url(article),
        {
            **form_data(article, cover_alt="A green field", cover_credit="Staff"),
            "cover_upload": jpeg(),
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    prefix = settings.MEDIA_URL + "covers/"
    assert all(url.startswith(prefix) for url in article.cover_urls.values())
    assert article.cover_image.name.endswith("-full.jpg")
    assert article.cover_image.name == article.cover_full.removeprefix(
        settings.MEDIA_URL
    )
    assert (article.cover_alt, article.cover_credit) == ("A green field", "Staff")
    assert len(media_files(settings)) == 4
    assert article.cover_thumb in editor.get(CHANGELIST).content.decode()


def test_contributor_illustrates_a_draft(client, settings):
    contributor = login_with_role(client, "Contributor")
    article = make_article(draft=True)

    response = contributor.post(
        change_url(article), {**form_data(article), "cover_upload": jpeg()}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.cover_small.endswith("-small.jpg")


def test_refused_upload_leaves_article_and_media_untouched(editor, settings):
    article = make_article(cover_thumb="https://img.example/old.jpg")
    upload = SimpleUploadedFile("photo.jpg", truncated_jpeg(), "image/jpeg")

    response = editor.post(
        change_url(article), {**form_data(article), "cover_upload": upload}
    )

    assert "damaged or incomplete" in errors_of(response)["cover_upload"][0]
    assert media_files(settings) == []
    article.refresh_from_db()
    assert article.cover_thumb == "https://img.example/old.jpg"


def test_good_upload_with_another_error_stores_nothing(editor, settings):
    article = make_article()

    response = editor.post(
        change_url(article), {**form_data(article, title=""), "cover_upload": jpeg()}
    )

    assert "title" in errors_of(response)
    assert media_files(settings) == []
    assert Article.objects.get().cover_full == ""


def test_new_cover_replaces_the_old_files(
    editor, settings, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(change_url(article), {**form_data(article), "cover_upload": jpeg()})
    article.refresh_from_db()
    first = article.cover_image.name

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            change_url(article),
            {**form_data(article), "cover_upload": jpeg((900, 900))},
        )

    article.refresh_from_db()
    assert article.cover_image.name != first
    assert len(media_files(settings)) == 4
    assert article.cover_image.width == 900
