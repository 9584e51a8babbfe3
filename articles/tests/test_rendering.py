import re

import pytest

from articles.rendering import render_markdown


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "text <img src=x onerror=alert(1)> more",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<div onclick="alert(1)">x</div>',
        '<iframe src="https://evil.example"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_rendered_html_never_carries_script(markdown):
    html = render_markdown(markdown).lower()

    for needle in ("<script", "<style", "<iframe", "onerror=", "onclick="):
        assert needle not in html
    assert not re.search(r"(href|src)=\"?\s*(javascript|data):", html)


def test_markdown_features_survive_sanitizing():
    html = render_markdown(
        "## Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nx = 1\n```\n\n[link](https://example.com) ~~old~~\n\n"
        "![chart](https://example.com/c.png)"
    )

    assert "<h2>Heading</h2>" in html
    assert "<td>1</td>" in html
    assert '<code class="language-python">x = 1' in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<s>old</s>" in html
    assert '<img src="https://example.com/c.png" alt="chart">' in html


def test_empty_body_renders_empty():
    assert render_markdown("") == ""
