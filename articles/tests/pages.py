"""Reading reader pages in tests."""

import re

ITEM_TITLE = re.compile(r'class="item__title"><a href="[^"]+">([^<]+)</a>')


def titles(response):
    """The headlines of a list page, in the order shown."""
    return ITEM_TITLE.findall(response.text)
