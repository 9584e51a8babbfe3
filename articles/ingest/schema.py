"""Frontmatter keys to article fields, with one clear error per bad value.

Decisions an operator can rely on (also in the README):
- ``title``, ``publishedAt`` and ``externalId`` are required; ``externalId`` is
  the import identity, and a number is taken as its text.
- Times are ISO 8601; a time without a zone is UTC.
- ``tags`` must be a list; a plain string is refused (it is ambiguous whether
  "A, B" is one tag or two). Numbers in the list are taken as text.
- ``slug`` is optional: export writes it only where it differs from the title's
  own slug, so that a restored article keeps its address.
- Unknown keys, and unknown keys inside ``source``, ``coverImage`` and ``ai``,
  are kept in ``extra`` and written back on export.
"""

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import ftfy

from ..choices import (
    COVER_VARIANTS,
    STICKY_WEIGHT_MAX,
    STICKY_WEIGHT_MIN,
    Sentiment,
)
from .frontmatter import Document
from .report import IngestError

KNOWN_KEYS = (
    "title",
    "description",
    "publishedAt",
    "updatedAt",
    "lang",
    "externalId",
    "slug",
    "source",
    "category",
    "tags",
    "stickyWeight",
    "sentiment",
    "score",
    "draft",
    "coverImage",
    "ai",
)
SOURCE_KEYS = ("name", "key", "type")
AI_KEYS = ("rewritten", "expandedAt", "version")
NESTED_KEYS = {"source": SOURCE_KEYS, "coverImage": COVER_VARIANTS, "ai": AI_KEYS}
# Django builds an enum's values anew on each read.
SENTIMENTS = (None, "", *Sentiment.values)

MAX_TITLE = 500
MAX_TAG = 100
MAX_URL = 2000
_SLUG = re.compile(r"^[-\w]+$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# UTF-8 read as Latin-1 or Windows-1252 puts a lead byte (Â..ô) before a
# continuation byte (U+0080..U+00BF, or what cp1252 maps those to). Text
# without such a pair cannot hold that mojibake, and skipping ftfy for it
# saves most of ftfy's cost on clean non-ASCII text.
_MAYBE_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
# Only the mojibake repair: ftfy's other fixes (quotes, widths) would alter
# text that is correct as written.
_FIX_ENCODING = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


@dataclass
class ArticleData:
    """One validated file; ready to write once ``body_html`` is rendered."""

    external_id: str
    slug: str
    title: str
    description: str
    body: str
    published_at: dt.datetime
    updated_at: dt.datetime | None
    lang: str
    source: dict | None
    category: str | None
    tags: list
    sticky_weight: int
    sentiment: str
    score: float | None
    draft: bool
    cover: dict
    ai_rewritten: bool | None
    ai_expanded_at: dt.datetime | None
    ai_version: int | None
    extra: dict
    repaired: list = field(default_factory=list)
    body_html: str = ""


def _type_name(value):
    return {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


class _Reader:
    """Typed access to a document's keys, raising IngestError with the key's line."""

    def __init__(self, document, path):
        self.doc = document
        self.path = path

    def fail(self, key, problem):
        top = key.split(".")[0]
        raise IngestError(self.path, self.doc.line_of(top), f"{key}: {problem}")

    def expect(self, key, value, types, wanted):
        if isinstance(value, bool) and bool not in types:
            self.fail(key, f"expected {wanted}, got {_type_name(value)}")
        if not isinstance(value, types):
            self.fail(key, f"expected {wanted}, got {_type_name(value)}")
        return value

    def text(self, key, value, *, required=False, max_length=None):
        if value is None:
            if required:
                self.fail(key, "missing")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        text = self.expect(key, value, (str,), "text")
        if required and not text.strip():
            self.fail(key, "empty")
        if max_length and len(text) > max_length:
            self.fail(key, f"longer than {max_length} characters")
        return text

    def time(self, key, value, *, required=False):
        if value is None:
            if required:
                self.fail(key, "missing")
            return None
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time())
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(key, f"not an ISO 8601 time ({value[:40]!r})")
        else:
            self.fail(key, f"expected an ISO 8601 time, got {_type_name(value)}")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            self.fail(key, "year out of range")

    def integer(self, key, value, *, low=None, high=None):
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        number = self.expect(key, value, (int,), "a whole number")
        if (low is not None and number < low) or (high is not None and number > high):
            self.fail(key, f"{number} is out of range ({low} to {high})")
        return number

    def flag(self, key, value):
        if value is None:
            return None
        return self.expect(key, value, (bool,), "true or false")

    def mapping(self, key, value):
        if value is None:
            return {}
        return self.expect(key, value, (dict,), "a mapping")


def repair_text(text):
    """``text`` with mojibake (e.g. 'â€¦' for '…') undone."""
    if text.isascii() or not _MAYBE_MOJIBAKE.search(text):
        return text
    return ftfy.fix_text(text, _FIX_ENCODING)


def jsonable(value):
    """A JSON-storable copy of a YAML value; times become ISO 8601 text."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _tags(read, value):
    if value is None:
        return []
    names = {}
    for name in read.expect("tags", value, (list,), "a list of tag names"):
        if isinstance(name, int | float) and not isinstance(name, bool):
            name = str(name)
        if not isinstance(name, str):
            read.fail("tags", f"expected tag names, got {_type_name(name)}")
        name = name.strip()
        if "," in name:
            read.fail("tags", f"a tag name cannot contain a comma ({name[:40]!r})")
        if len(name) > MAX_TAG:
            read.fail("tags", f"tag longer than {MAX_TAG} characters")
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def _source(read, value):
    if value is None:
        return None
    mapping = read.mapping("source", value)
    key = read.text("source.key", mapping.get("key"), required=True, max_length=100)
    return {
        "key": key.strip(),
        "name": read.text("source.name", mapping.get("name"), max_length=200)
        or key.strip(),
        "type": read.text("source.type", mapping.get("type"), max_length=50),
    }


def _cover(read, value):
    mapping = read.mapping("coverImage", value)
    cover = {}
    for name in COVER_VARIANTS:
        url = read.text(f"coverImage.{name}", mapping.get(name), max_length=MAX_URL)
        if url and not url.startswith(("https://", "http://")):
            read.fail(f"coverImage.{name}", "not an http(s) URL")
        cover[name] = url
    return cover


def _extra(data):
    """Keys we do not know, top-level and inside the known mappings."""
    extra = {key: value for key, value in data.items() if key not in KNOWN_KEYS}
    for key, known in NESTED_KEYS.items():
        if isinstance(data.get(key), dict):
            unknown = {k: v for k, v in data[key].items() if k not in known}
            if unknown:
                extra[key] = unknown
    return jsonable(extra)


def validate(document: Document, path, *, fix_text=True) -> ArticleData:
    """Check every known key of ``document`` and build its ArticleData.

    The body is not rendered here: the importer renders a batch's bodies
    together (see ``parse_files``).
    """
    read = _Reader(document, path)
    data = document.data
    title = read.text("title", data.get("title"), required=True, max_length=MAX_TITLE)
    description = read.text("description", data.get("description"))
    lang = read.text("lang", data.get("lang"), max_length=35).strip()
    if lang and not _LANG.match(lang):
        read.fail("lang", f"not a language code ({lang[:20]!r})")
    sentiment = data.get("sentiment")
    if isinstance(sentiment, str):
        sentiment = sentiment.strip().upper()
    if sentiment not in SENTIMENTS:
        read.fail(
            "sentiment",
            f"unknown value {str(sentiment)[:20]!r} "
            "(expected POSITIVE, NEUTRAL or NEGATIVE)",
        )
    score = data.get("score")
    if score is not None:
        read.expect("score", score, (int, float), "a number")
        if not math.isfinite(score):
            read.fail("score", "must be a finite number")
    slug = read.text("slug", data.get("slug"), max_length=255).strip()
    if slug and not _SLUG.match(slug):
        read.fail("slug", f"not a slug ({slug[:40]!r})")
    category = data.get("category")
    if category is not None:
        category = read.text("category", category, required=True, max_length=50)
    ai = read.mapping("ai", data.get("ai"))
    texts = {"title": title, "description": description, "body": document.body}
    repaired = []
    if fix_text:
        fixed = {name: repair_text(text) for name, text in texts.items()}
        repaired = [name for name in texts if fixed[name] != texts[name]]
        texts = fixed
    return ArticleData(
        title=texts["title"],
        description=texts["description"],
        body=texts["body"],
        published_at=read.time("publishedAt", data.get("publishedAt"), required=True),
        updated_at=read.time("updatedAt", data.get("updatedAt")),
        lang=lang,
        external_id=read.text(
            "externalId", data.get("externalId"), required=True, max_length=255
        ).strip(),
        slug=slug,
        source=_source(read, data.get("source")),
        category=category.strip() if category else None,
        tags=_tags(read, data.get("tags")),
        sticky_weight=read.integer(
            "stickyWeight",
            data.get("stickyWeight"),
            low=STICKY_WEIGHT_MIN,
            high=STICKY_WEIGHT_MAX,
        )
        or 0,
        sentiment=sentiment or "",
        score=float(score) if score is not None else None,
        draft=bool(read.flag("draft", data.get("draft"))),
        cover=_cover(read, data.get("coverImage")),
        ai_rewritten=read.flag("ai.rewritten", ai.get("rewritten")),
        ai_expanded_at=read.time("ai.expandedAt", ai.get("expandedAt")),
        ai_version=read.integer("ai.version", ai.get("version"), low=0, high=2**31 - 1),
        extra=_extra(data),
        repaired=repaired,
    )
