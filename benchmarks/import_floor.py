"""The import floor: the least work that importing these files needs.

Read each file, split the frontmatter, ``yaml.load`` with the C safe loader,
render and sanitize the body with the product's own renderer, and insert the
same rows (articles, sources, categories, tags, tag links) into a minimal
schema with ``executemany``, one transaction per batch. No validation, no
idempotency, no report: what is left is what no importer can avoid.
"""

import hashlib
import json
import time
from collections import defaultdict
from pathlib import Path

import yaml

from articles.rendering import render_markdown

SCHEMA = [
    "CREATE TABLE source (id INTEGER PRIMARY KEY, key TEXT UNIQUE, name TEXT,"
    " type TEXT)",
    "CREATE TABLE category (id INTEGER PRIMARY KEY, code TEXT UNIQUE)",
    "CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
    "CREATE TABLE article (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE,"
    " title TEXT, description TEXT, body TEXT, body_html TEXT, published_at TEXT,"
    " updated_at TEXT, lang TEXT, source_id INTEGER, category_id INTEGER,"
    " sticky_weight INTEGER, sentiment TEXT, score REAL, draft BOOLEAN,"
    " cover TEXT, ai TEXT, content_hash TEXT)",
    "CREATE TABLE article_tag (article_id INTEGER, tag_id INTEGER)",
]
ARTICLE_COLUMNS = (
    "id, external_id, title, description, body, body_html, published_at,"
    " updated_at, lang, source_id, category_id, sticky_weight, sentiment, score,"
    " draft, cover, ai, content_hash"
)


class Ids:
    """Ids for names, handed out in memory and inserted once per batch."""

    def __init__(self):
        self.ids = {}
        self.new = []

    def of(self, name, *row):
        if name not in self.ids:
            self.ids[name] = len(self.ids) + 1
            self.new.append((self.ids[name], name, *row))
        return self.ids[name]

    def take_new(self):
        rows, self.new = self.new, []
        return rows


def split(text):
    _, frontmatter, body = text.split("---\n", 2)
    return frontmatter, body


def run_import_floor(folder, connect, *, placeholder="?", batch_size=500):
    """Import ``folder`` into the minimal schema; seconds spent per stage."""
    stages = defaultdict(float)
    files = sorted(p for p in Path(folder).rglob("*") if p.suffix in (".md", ".txt"))
    connection = connect()
    cursor = connection.cursor()
    for statement in SCHEMA:
        cursor.execute(statement)
    connection.commit()
    sources, categories, tags = Ids(), Ids(), Ids()
    article_id = 0
    marks = ", ".join([placeholder] * 18)

    def clock(stage, started):
        now = time.perf_counter()
        stages[stage] += now - started
        return now

    for start in range(0, len(files), batch_size):
        now = time.perf_counter()
        raws = [path.read_bytes() for path in files[start : start + batch_size]]
        texts = [raw.decode("utf-8") for raw in raws]
        now = clock("read", now)
        parts = [split(text) for text in texts]
        now = clock("split", now)
        data = [yaml.load(front, Loader=yaml.CSafeLoader) for front, _ in parts]
        now = clock("yaml", now)
        html = [render_markdown(body) for _, body in parts]
        now = clock("render", now)
        articles, links = [], []
        for raw, (_, body), meta, body_html in zip(
            raws, parts, data, html, strict=True
        ):
            article_id += 1
            source = meta.get("source") or {}
            articles.append(
                (
                    article_id,
                    str(meta["externalId"]),
                    meta["title"],
                    meta.get("description", ""),
                    body,
                    body_html,
                    meta["publishedAt"],
                    meta.get("updatedAt"),
                    meta.get("lang"),
                    sources.of(source["key"], source.get("name"), source.get("type"))
                    if source
                    else None,
                    categories.of(meta["category"]) if meta.get("category") else None,
                    meta.get("stickyWeight", 0),
                    meta.get("sentiment"),
                    meta.get("score"),
                    bool(meta.get("draft")),
                    json.dumps(meta.get("coverImage")),
                    json.dumps(meta.get("ai")),
                    hashlib.sha256(raw).hexdigest(),
                )
            )
            links.extend((article_id, tags.of(name)) for name in meta.get("tags") or ())
        cursor.executemany(
            f"INSERT INTO source VALUES ({placeholder}, {placeholder},"
            f" {placeholder}, {placeholder})",
            sources.take_new(),
        )
        for table, ids in (("category", categories), ("tag", tags)):
            rows = ids.take_new()
            if rows:
                cursor.executemany(
                    f"INSERT INTO {table} VALUES ({placeholder}, {placeholder})",
                    rows,
                )
        cursor.executemany(
            f"INSERT INTO article ({ARTICLE_COLUMNS}) VALUES ({marks})", articles
        )
        cursor.executemany(
            f"INSERT INTO article_tag VALUES ({placeholder}, {placeholder})", links
        )
        connection.commit()
        clock("insert", now)
    connection.close()
    return len(files), dict(stages)
