"""Tag text for taggit's form field: names such as "CIPHER MINING" are one tag."""


def parse_tags(text):
    """Split on commas only, dropping blanks and case-insensitive repeats."""
    names = {}
    for name in (part.strip() for part in (text or "").split(",")):
        if name:
            names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def join_tags(tags):
    """Comma-separated names, quoted never: commas cannot occur inside a name."""
    return ", ".join(sorted((tag.name for tag in tags), key=str.casefold))
