"""Whatever bytes arrive, parsing ends in data or one clear line, never a crash."""

from html.parser import HTMLParser

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.frontmatter import FrontmatterLoader, SafeLoader, parse_document
from articles.ingest.parsing import parse_file
from articles.ingest.report import IngestError
from articles.ingest.schema import validate
from articles.rendering import render_markdown

KEYS = st.sampled_from(
    ["title", "publishedAt", "externalId", "tags", "draft", "source", "ai", "x"]
)
YAML_VALUES = st.sampled_from(
    [
        "",
        "x",
        "1",
        "-1",
        "1e999",
        ".nan",
        "true",
        "maybe",
        "[a, b]",
        "{a: 1}",
        "null",
        "'2025-11-24T13:15:12Z'",
        "2025-11-24",
        "&a x",
        "*a",
        "!!binary aGk=",
        "[",
        "'",
    ]
)
FRONTMATTER = st.lists(st.tuples(KEYS, YAML_VALUES), max_size=8).map(
    lambda pairs: "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\nbody\n"
)


def loaded(text, loader):
    """What ``yaml.load`` gives for ``text``, or the error it raises."""
    try:
        return yaml.load(text, Loader=loader)
    except (yaml.YAMLError, RecursionError) as error:
        return type(error), str(error)


@settings(max_examples=500)
@given(
    st.lists(
        st.tuples(
            st.one_of(KEYS, st.just("<<"), st.just("? [a]\n")),
            st.one_of(
                YAML_VALUES,
                st.sampled_from(
                    [
                        "!!set {a, b}",
                        "!!omap [a: 1, b: 2]",
                        "!!pairs [a: 1]",
                        "!!str 12",
                        "!foo x",
                        "{[a]: 1}",
                        "[[a], {b: [c, {d: e}]}]",
                        "2001-12-14t21:59:43.10-05:00",
                        "0o14",
                        "0x1F",
                        "010",
                        "yes",
                        "~",
                        "{a: 1, a: 2}",
                    ]
                ),
            ),
        ),
        max_size=8,
    ).map(lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs))
)
def test_frontmatter_loader_reads_yaml_as_pyyaml_does(text):
    ours, pyyaml = loaded(text, FrontmatterLoader), loaded(text, SafeLoader)

    assert ours == pyyaml
    assert repr(ours) == repr(pyyaml)  # the same types too (1 == 1.0 == True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        FRONTMATTER.map(str.encode),
    )
)
def test_parsing_any_bytes_gives_data_or_one_line_error(raw):
    try:
        validate(parse_document(raw, "f.md"), "f.md")
    except IngestError as error:
        message = str(error)
        assert message.startswith("f.md")
        assert "\n" not in message.strip()


@settings(max_examples=200)
@given(FRONTMATTER.map(str.encode))
def test_importer_boundary_never_raises(raw):
    result = parse_file("f.md", raw, fix_text=True)

    assert not isinstance(result, str) or result.startswith("f.md")


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "alert(1)",
                "<img src=x ",
                "onerror=",
                "'",
                '"',
                "javascript:",
                "[x](",
                ")",
                "<a href=",
                ">",
                "<svg",
                "<iframe",
                " ",
                "\n",
                "`",
                "<!--",
                "-->",
                "&#x6a;avascript:",
                "<style>",
                "**",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_renderer_never_lets_script_through(markdown):
    elements = Elements()
    elements.feed(render_markdown(markdown))

    for tag, attributes in elements.found:
        assert tag not in {"script", "iframe", "style", "svg", "object", "embed"}
        for name, value in attributes:
            assert not name.startswith("on")
            assert (
                not (value or "").strip().lower().startswith(("javascript:", "data:"))
            )


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))
