"""The whole benchmark harness on a few dozen articles, so that it never rots.

Asserts only that every figure is produced, never a timing.
"""

import json

from benchmarks.run import main, postgres_available

EXPECTED = {
    "import floor, SQLite",
    "import 40 files, SQLite, one process",
    "import 40 files, SQLite, parse beside write",
    "re-import of 40 unchanged files",
    "peak memory importing 60 files",
    "list floor, SQLite",
    "home page 1, SQLite, page cache off",
    "home page 1, SQLite",
    "constant page, no Django (gunicorn's ceiling)",
    "constant page after the version query (cache floor)",
    "home page 1, SQLite: p99 latency",
    "home page 2, SQLite, page cache off",
    "home page 2, SQLite, page cache off: p99 latency",
    "detail floor",
    "article page",
    "filtered list (category + tag)",
    "search (q)",
    "RSS feed",
    "sitemap page",
    "admin changelist, page 1",
    "admin changelist, filtered + searched",
}
# Where PostgreSQL answers, its import and the site copied into it run too.
EXPECTED_POSTGRES = {
    "import floor, PostgreSQL",
    "import 40 files, PostgreSQL, one process",
    "import 40 files, PostgreSQL, parse beside write",
    "home page 1, PostgreSQL, page cache off",
    "home page 2, PostgreSQL, page cache off",
}


def test_every_figure_is_produced(tmp_path, capsys):
    postgres = postgres_available()
    options = [] if postgres else ["--no-postgres"]
    assert main(["--size", "smoke", "--out", str(tmp_path), *options]) == 0

    result = json.loads((tmp_path / "smoke" / "results.json").read_text())
    names = {figure["name"] for figure in result["figures"]}
    assert names >= EXPECTED | (EXPECTED_POSTGRES if postgres else set())
    for figure in result["figures"]:
        assert figure["value"] > 0, figure
    assert "figures in" in capsys.readouterr().out
