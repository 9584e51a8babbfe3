import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse


def site(request):
    """The site's name and the links every page's frame shows."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # The search box's words: the search page sets them. Present on every
        # page, as a name the template cannot find costs four exceptions.
        "query": "",
        **_frame_links(get_script_prefix()),
    }


@functools.cache
def _frame_links(prefix):
    # Resolved once per process: {% url %} and {% static %} cost about 0.1 ms
    # each, most of the time a page's frame takes to render.
    return {
        "home_url": reverse("articles:list"),
        "search_url": reverse("articles:search"),
        "stylesheet_url": static("css/site.css"),
    }
