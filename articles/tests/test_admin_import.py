"""The admin's import page: the command's import and report, in a browser form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.ingest.importer import DEFAULT_MAX_BYTES
from articles.models import Article

from .builders import make_document
from .desk import CHANGELIST, change_url, form_data, login_with_role

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:articles_article_import")


def md(name, text):
    return SimpleUploadedFile(name, text.encode(), "text/markdown")


def test_editor_imports_files_and_reads_the_report(editor):
    files = [
        md("one.md", make_document(title="First upload")),
        md("two.markdown", make_document(title="Second upload")),
        md("bad.md", make_document(publishedAt="'soon'")),
    ]

    response = editor.post(IMPORT, {"files": files})

    page = response.content.decode()
    assert response.status_code == 200
    assert "created 2, updated 0, unchanged 0, kept editor changes 0, failed 1" in page
    assert "bad.md:4: publishedAt: not an ISO 8601 time (&#x27;soon&#x27;)" in page
    assert dict(Article.objects.values_list("title", "source_path")) == {
        "First upload": "one.md",
        "Second upload": "two.markdown",
    }


def test_reimport_keeps_an_edit_made_here(client):
    editor = login_with_role(client, "Editor")
    editor.post(IMPORT, {"files": [md("a.md", make_document(externalId="'a-1'"))]})
    article = Article.objects.get(external_id="a-1")
    editor.post(change_url(article), form_data(article, title="Edited here"))

    response = editor.post(
        IMPORT,
        {"files": [md("a.md", make_document(externalId="'a-1'", title="Feed v2"))]},
    )

    assert "kept editor changes 1" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Edited here"


def test_other_files_are_refused(client):
    editor = login_with_role(client, "Editor")

    response = editor.post(
        IMPORT, {"files": [md("a.md", make_document()), md("evil.html", "<script>")]}
    )

    assert response.context["form"].errors["files"] == [
        "Only .md, .markdown and .txt files can be imported: evil.html."
    ]
    assert not Article.objects.exists()


def test_only_editors_import(client):
    contributor = login_with_role(client, "Contributor")

    listing = contributor.get(CHANGELIST).content.decode()
    response = contributor.post(IMPORT, {"files": [md("a.md", make_document())]})

    assert IMPORT not in listing
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_editor_finds_the_import_page_from_the_list(client):
    editor = login_with_role(client, "Editor")

    assert IMPORT in editor.get(CHANGELIST).content.decode()
    assert editor.get(IMPORT).status_code == 200


def test_too_large_file_is_reported_and_the_rest_imported(client):
    editor = login_with_role(client, "Editor")
    huge = make_document(body="x" * (DEFAULT_MAX_BYTES + 1))

    response = editor.post(
        IMPORT, {"files": [md("huge.md", huge), md("fine.md", make_document())]}
    )

    assert (
        f"huge.md: larger than {DEFAULT_MAX_BYTES} bytes" in response.content.decode()
    )
    assert Article.objects.count() == 1
