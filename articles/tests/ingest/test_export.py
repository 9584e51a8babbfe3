import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.forms.models import model_to_dict

from articles.ingest import export_articles, import_paths
from articles.ingest.frontmatter import parse_document
from articles.models import Article

from ..builders import make_article

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SEED = FIXTURES / "000_d0470f141278442f.txt"

pytestmark = pytest.mark.django_db

# Bookkeeping that differs by design between two imports of the same content.
BOOKKEEPING = {"id", "source_path", "content_hash", "imported_at", "cover_image"}


def snapshot():
    """Every stored field of every article, keyed on the import identity."""
    articles = Article.objects.select_related("source", "category")
    return {
        article.external_id: {
            **{
                name: value
                for name, value in model_to_dict(article).items()
                if name not in BOOKKEEPING
            },
            "source": article.source and (article.source.key, article.source.name),
            "category": article.category and article.category.code,
            "tags": sorted(article.tags.names()),
            "slug": article.slug,
            "body_html": article.body_html,
        }
        for article in articles
    }


def test_import_export_import_is_a_fixed_point(tmp_path):
    report = import_paths([FIXTURES])
    assert report.failed == 0
    original = snapshot()

    export_articles(tmp_path / "one")
    Article.objects.all().delete()
    assert import_paths([tmp_path / "one"]).created == len(original)

    assert snapshot() == original
    export_articles(tmp_path / "two")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_exported_seed_parses_to_the_seed_data_but_repaired_text(tmp_path):
    import_paths([SEED])
    export_articles(tmp_path)

    (exported,) = tmp_path.iterdir()
    original = parse_document(SEED.read_bytes(), "seed")
    again = parse_document(exported.read_bytes(), "export")
    assert list(again.data) == list(original.data)
    assert again.data == {
        **original.data,
        "description": original.data["description"].replace("â€¦", "…"),
    }
    assert again.body == original.body


def test_export_keeps_unknown_keys_and_articles_written_in_the_admin(tmp_path):
    import_paths([FIXTURES / "025_l2-sequencer-revenue.md"])
    written_here = make_article(title="Written in the newsroom", tags=["LOCAL"])

    call_command("export_articles", str(tmp_path), stdout=io.StringIO())

    exported = {
        path.name: yaml.safe_load(path.read_text().split("---\n")[1])
        for path in tmp_path.iterdir()
    }
    l2 = next(data for data in exported.values() if "canonicalUrl" in data)
    assert l2["canonicalUrl"] == "https://example.com/story"
    local = exported[f"{written_here.slug}.md"]
    assert local["externalId"] == written_here.external_id
    assert local["tags"] == ["LOCAL"]
    Article.objects.all().delete()
    assert import_paths([tmp_path]).created == 2
