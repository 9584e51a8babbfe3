"""Markdown files with YAML frontmatter in and out of the article store."""

from importlib import import_module

# Loaded on first use: articles.ingest.parsing needs no model and imports
# without Django set up, and the importer and exporter import the models.
_PUBLIC = {
    "ImportReport": ".report",
    "IngestError": ".report",
    "export_articles": ".exporter",
    "import_paths": ".importer",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name], __name__), name)
