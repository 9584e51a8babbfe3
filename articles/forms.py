"""The editors' desk forms: validation an editor can act on."""

from django import forms
from django.core.exceptions import ValidationError

from .images import ImageRejected, render_variants
from .ingest.importer import SUFFIXES
from .models import Article

COVER_TYPES = "image/jpeg,image/png,image/webp"


class ArticleForm(forms.ModelForm):
    """The admin's article form; ``can_publish`` is set per request by the admin."""

    can_publish = False

    cover_upload = forms.FileField(
        label="Upload a cover image",
        required=False,
        widget=forms.FileInput(attrs={"accept": COVER_TYPES}),
        help_text="JPEG, PNG or WebP, at most 15 MB. Saving makes every size "
        "readers get (full, 1080, 400 and 200 px wide) and replaces the current "
        "cover.",
    )

    class Meta:
        model = Article
        # The admin's fieldsets pick among these; the rest is derived or imported.
        fields = [
            "title",
            "slug",
            "description",
            "body",
            "draft",
            "published_at",
            "sticky_weight",
            "source",
            "category",
            "tags",
            "sentiment",
            "lang",
            "score",
            "cover_alt",
            "cover_credit",
            "ai_rewritten",
            "ai_expanded_at",
            "ai_version",
        ]
        error_messages = {
            "slug": {"unique": "Another article already uses this slug."},
            "title": {"required": "Give the article a title."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cover_variants = None
        if "slug" in self.fields:
            # Left empty, the model derives a free slug from the title.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The article's address. Leave empty to derive it from the title; "
                "it cannot change once the article is published."
            )

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        if upload:
            try:
                self.cover_variants = render_variants(upload)
            except ImageRejected as error:
                raise ValidationError(str(error), code=error.code) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.can_publish:
            self._refuse_publishing(cleaned)
        return cleaned

    def _refuse_publishing(self, cleaned):
        if "draft" in self.fields and cleaned.get("draft") is False:
            self.add_error(
                "draft",
                ValidationError(
                    "Only editors can publish or schedule: keep this article a "
                    "draft, and an editor will publish it.",
                    code="publish_denied",
                ),
            )
        weight = cleaned.get("sticky_weight")
        current = self.instance.sticky_weight if self.instance.pk else 0
        if "sticky_weight" in self.fields and weight not in (None, current):
            self.add_error(
                "sticky_weight",
                ValidationError(
                    "Only editors can pin articles: leave the sticky weight at "
                    "%(current)s.",
                    code="pin_denied",
                    params={"current": current},
                ),
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as the Django documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Markdown files",
        widget=MultipleFileInput(attrs={"accept": ",".join(SUFFIXES)}),
        help_text="Files with YAML frontmatter, as the producer sends them "
        "(.md, .markdown or .txt). Articles edited here since their import "
        "are kept.",
    )

    def clean_files(self):
        # Sizes are left to the importer, which reports each large file and
        # goes on with the others, as the command does.
        files = self.cleaned_data["files"]
        wrong = [f.name for f in files if not f.name.lower().endswith(SUFFIXES)]
        if wrong:
            raise ValidationError(
                "Only .md, .markdown and .txt files can be imported: %(names)s.",
                code="suffix",
                params={"names": ", ".join(wrong)},
            )
        return files
