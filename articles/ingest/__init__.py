"""Markdown files with YAML frontmatter in and out of the article store."""

from .exporter import export_articles
from .importer import import_paths
from .report import ImportReport, IngestError

__all__ = ["ImportReport", "IngestError", "export_articles", "import_paths"]
