import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """``data`` as a JSON-LD ``<script>`` element, safe against ``</script>``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


@register.simple_tag
def cover_srcset(article, *variants):
    """``srcset`` from the cover variants the article has (width descriptors)."""
    widths = {"thumb": 200, "small": 400, "regular": 1080}
    return ", ".join(
        f"{getattr(article, 'cover_' + name)} {widths[name]}w"
        for name in variants
        if getattr(article, "cover_" + name)
    )


@register.filter
def machine_time(value):
    """A ``<time datetime>`` value: ISO 8601 to the second, as HTML requires."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
