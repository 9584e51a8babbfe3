"""Sources, categories and tags for a batch: one lookup, missing rows in bulk.

Names match ignoring case and the first spelling seen is kept, as taggit does
with TAGGIT_CASE_INSENSITIVE.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from taggit.models import Tag

from ..models import Category, Source


def _first_spellings(names):
    wanted = {}
    for name in names:
        if name:
            wanted.setdefault(name.lower(), name)
    return wanted


def _fetch(model, field, wanted, also=None):
    query = Q(**{f"{field}__in": list(wanted.values())}) | Q(_lower__in=list(wanted))
    if also is not None:
        query |= also
    rows = model.objects.annotate(_lower=Lower(field)).filter(query)
    return {getattr(row, field).lower(): row for row in rows}


def _resolve(model, field, wanted, build, also=None):
    """Map each lowercased name to its row, creating the missing ones."""
    if not wanted:
        return {}
    found = _fetch(model, field, wanted, also)
    missing = [build(name) for key, name in wanted.items() if key not in found]
    if missing:
        # Rows another import created meanwhile are skipped, then fetched.
        model.objects.bulk_create(missing, ignore_conflicts=True)
        found = _fetch(model, field, wanted, also)
    return found


def resolve_sources(sources):
    """``{key.lower(): Source}`` for source mappings (key, name, type)."""
    by_key = {}
    for source in sources:
        by_key.setdefault(source["key"].lower(), source)
    return _resolve(
        Source,
        "key",
        {key: source["key"] for key, source in by_key.items()},
        lambda key: Source(
            key=key, name=by_key[key.lower()]["name"], type=by_key[key.lower()]["type"]
        ),
    )


def resolve_categories(codes):
    """``{code.lower(): Category}``; categories are named by their code."""
    return _resolve(
        Category, "code", _first_spellings(codes), lambda code: Category(code=code)
    )


def resolve_tags(names):
    """``{name.lower(): Tag}``, creating missing tags with taggit's slugs."""
    wanted = _first_spellings(names)
    slugs = {Tag().slugify(name) for name in wanted.values()}
    found = _resolve(
        Tag,
        "name",
        wanted,
        lambda name: Tag(name=name, slug=Tag().slugify(name)),
        also=Q(slug__in=slugs),
    )
    for key, name in wanted.items():
        if key not in found:
            # The slug belongs to another name (e.g. "C++" and "C#"): taggit's
            # save() finds a free suffix.
            found[key] = _create_tag(name)
    return found


def _create_tag(name):
    try:
        with transaction.atomic():
            tag = Tag(name=name)
            tag.save()
            return tag
    except IntegrityError:
        return Tag.objects.get(name=name)


class KnownIds:
    """Ids of the sources, categories and tags one import has resolved.

    Each name is looked up once per run, not once per batch: a batch of 500
    articles names ~900 tags that earlier batches have mostly resolved.
    """

    def __init__(self):
        self.forget()

    def forget(self):
        """Drop every id: after a rollback, rows made in it are gone."""
        self.sources, self.categories, self.tags = {}, {}, {}

    def source_ids(self, sources):
        """``{key.lower(): id}`` for source mappings (key, name, type)."""
        new = [s for s in sources if s["key"].lower() not in self.sources]
        return self._learn(self.sources, resolve_sources(new) if new else {})

    def category_ids(self, codes):
        """``{code.lower(): id}`` for category codes."""
        new = [c for c in codes if c and c.lower() not in self.categories]
        return self._learn(self.categories, resolve_categories(new) if new else {})

    def tag_ids(self, names):
        """``{name.lower(): id}`` for tag names."""
        new = [n for n in names if n and n.lower() not in self.tags]
        return self._learn(self.tags, resolve_tags(new) if new else {})

    @staticmethod
    def _learn(known, rows):
        known.update((key, row.pk) for key, row in rows.items())
        return known
