"""Run every benchmark once and print the figures as ratios to their floors.

``python -m benchmarks.run [--size full|quick|smoke] [--out DIR]``

Each figure is the product against the least work the same job needs (its
floor), both measured in this run on this machine: absolute numbers drift
from run to run on a shared machine, the ratios hold. See benchmarks/README.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg

from .corpus import generate_corpus
from .import_floor import run_import_floor
from .load import measure, measure_in_turn
from .servers import ROOT, serve

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class Plan:
    import_files: int
    site_articles: int
    seconds: int
    rounds: int
    connections: int
    deep_page: int
    admin_repeat: int


PLANS = {
    "full": Plan(10_000, 100_000, 15, 3, 64, 4000, 20),
    "quick": Plan(2_000, 10_000, 5, 1, 64, 400, 5),
    "smoke": Plan(40, 60, 1, 1, 4, 2, 1),
}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self):
        return self.value / self.floor if self.floor else None


class Bench:
    def __init__(self, plan, out, postgres):
        self.plan = plan
        self.out = out
        self.postgres = postgres
        self.secret = secrets.token_urlsafe(40)
        self.figures = []
        self.postgres_databases = set()

    # Helpers

    def env(self, database_url, **extra):
        return {
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": self.secret,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(self.out / "static"),
            **extra,
        }

    def manage(self, database_url, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**os.environ, **self.env(database_url)},
            capture_output=True,
            text=True,
            check=True,
        )

    def python(self, database_url, *args):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**os.environ, **self.env(database_url)},
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def fresh_database(self, engine, name):
        if engine == "sqlite":
            path = self.out / f"{name}.sqlite3"
            for leftover in self.out.glob(f"{name}.sqlite3*"):
                leftover.unlink()
            url = f"sqlite:///{path}"
        else:
            with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            self.postgres_databases.add(name)
            url = f"{PG_URL}/{name}"
        return url

    def drop_postgres_databases(self):
        """PostgreSQL keeps its databases outside the results folder: drop them."""
        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            for name in self.postgres_databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated(self, engine, name):
        url = self.fresh_database(engine, name)
        self.manage(url, "migrate", "--noinput")
        return url

    def corpus(self, count):
        folder = self.out / f"corpus-{count}"
        if not folder.is_dir() or len(list(folder.iterdir())) != count:
            shutil.rmtree(folder, ignore_errors=True)
            generate_corpus(folder, count)
        return folder

    def add(self, *args, **kwargs):
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        print(f"  {format_row(figure)}", flush=True)
        return figure

    # Import

    def import_command(self, url, folder, *options):
        """files/s as the command reports it, and the peak RSS of the run."""
        result = self.python(
            url,
            "-m",
            "benchmarks.peak_rss",
            "import_articles",
            str(folder),
            *options,
        )
        summary = result["stdout"]
        rate = float(re.search(r"\((\d+) files/s\)", summary).group(1))
        return rate, result, summary

    def floor_import(self, engine, folder):
        if engine == "sqlite":
            path = self.out / "floor.sqlite3"
            path.unlink(missing_ok=True)
            files, stages = run_import_floor(folder, lambda: sqlite3.connect(path))
        else:
            url = self.fresh_database("postgresql", "newsroom_bench_floor")
            files, stages = run_import_floor(
                folder, lambda: psycopg.connect(url), placeholder="%s"
            )
        return files / sum(stages.values()), stages

    def imports(self):
        folder = self.corpus(self.plan.import_files)
        engines = ["sqlite"] + (["postgresql"] if self.postgres else [])
        count = self.plan.import_files
        for engine in engines:
            # The floor and the product's two imports take their rounds in
            # turn, median of each: a floor run a minute apart from the
            # product's ran at 809 files/s once and at 2,441 the next.
            floors, ones, boths = [], [], []
            for _ in range(self.plan.rounds):
                rate, stages = self.floor_import(engine, folder)
                floors.append(rate)
                url = self.migrated(engine, "newsroom_bench_import")
                ones.append(self.import_command(url, folder, "--jobs", "0")[0])
                url = self.migrated(engine, "newsroom_bench_import")
                boths.append(self.import_command(url, folder)[0])
            floor, one, both = map(statistics.median, (floors, ones, boths))
            label = "SQLite" if engine == "sqlite" else "PostgreSQL"
            per_stage = ", ".join(
                f"{name} {count / spent:,.0f}/s" for name, spent in stages.items()
            )

            self.add(
                f"import floor, {label}",
                floor,
                "files/s",
                note=f"{format_rounds(floors)}; last round's stages: {per_stage}",
            )
            self.add(
                f"import {count:,} files, {label}, one process",
                one,
                "files/s",
                floor,
                "≥ 0.7×",
                one >= 0.7 * floor,
                note=format_rounds(ones),
            )
            self.add(
                f"import {count:,} files, {label}, parse beside write",
                both,
                "files/s",
                floor,
                "≥ 1.0× (both cores)" if engine == "sqlite" else "≥ 0.7×",
                both >= (1.0 if engine == "sqlite" else 0.7) * floor,
                note=format_rounds(boths),
            )
            if engine == "sqlite":
                again, _, _ = self.import_command(url, folder)
                self.add(
                    f"re-import of {count:,} unchanged files",
                    again,
                    "files/s",
                    target="≥ 10,000/s",
                    ok=again >= 10_000,
                )

    def site_database(self):
        """The SQLite database holding the site corpus, and its import's peak memory."""
        count = self.plan.site_articles
        folder = self.corpus(count)
        url = self.migrated("sqlite", "newsroom_bench_site_sqlite")
        rate, result, _ = self.import_command(url, folder)
        peak = max(result["self_mb"], result["children_mb"])
        self.add(
            f"peak memory importing {count:,} files",
            peak,
            "MB",
            target="< 300 MB",
            ok=peak < 300,
            note=f"writer {result['self_mb']:.0f} MB, "
            f"largest parser {result['children_mb']:.0f} MB; {rate:,.0f} files/s",
        )
        return url

    def postgres_site(self, sqlite_url):
        """A PostgreSQL database holding the same articles, copied over."""
        url = self.migrated("postgresql", "newsroom_bench_site_postgresql")
        self.python(url, "-m", "benchmarks.copy_site", sqlite_url.split(":///", 1)[1])
        return url

    # Pages

    def load(self, url, rounds=None):
        return measure(
            url,
            connections=self.plan.connections,
            seconds=self.plan.seconds,
            rounds=rounds or self.plan.rounds,
        )

    def load_in_turn(self, *urls):
        """Loads of pages compared with each other, their rounds in turn."""
        return measure_in_turn(
            urls,
            connections=self.plan.connections,
            seconds=self.plan.seconds,
            rounds=self.plan.rounds,
        )

    def page(self, name, url, floor, target, minimum):
        """Load a reader page and add its figures against ``floor``."""
        self.add_page(name, self.load(url), floor, target, minimum)

    def add_page(self, name, load, floor=None, target="", minimum=None):
        """A page's req/s against ``minimum`` × ``floor`` when given, and its
        p99 latency."""
        self.add(
            name,
            load.requests_per_second,
            "req/s",
            floor,
            target,
            None
            if floor is None
            else load.requests_per_second >= minimum * floor and load.errors == 0,
            note=f"p99 {load.p99_ms:.0f} ms, errors {load.errors}; "
            + format_rounds(load.rounds),
        )
        self.add(
            f"{name}: p99 latency",
            load.p99_ms,
            "ms",
            target="≤ 250 ms",
            ok=load.p99_ms <= 250,
        )

    def add_deep_page(self, label, deep, home):
        """The deep page's Load, uncached, against page 1's: no count and no
        offset scan may make it slower."""
        self.add_page(
            f"home page {self.plan.deep_page:,}, {label}, page cache off",
            deep,
            home.requests_per_second,
            "≥ 0.8× page 1",
            0.8,
        )

    def page_paths(self, url):
        """The reader pages' paths in the site at ``url``; its static files."""
        self.manage(url, "collectstatic", "--noinput", "--verbosity", "0")
        return self.python(
            url, "-m", "benchmarks.probes", "pages", str(self.plan.deep_page)
        )

    def sqlite_pages(self, url):
        """Every reader page against its floor."""
        paths = self.page_paths(url)
        with ExitStack() as stack:
            environment = {**os.environ, **self.env(url)}
            site, uncached, floors = (
                stack.enter_context(serve(app, env)).url
                for app, env in (
                    ("newsroom.wsgi", environment),
                    ("newsroom.wsgi", {**environment, "NEWSROOM_PAGE_CACHE": "0"}),
                    ("benchmarks.floor_site.wsgi", environment),
                )
            )
            # The pages with the closest targets take their rounds in turn
            # with what they are compared to.
            floor, home_uncached, home, deep = self.load_in_turn(
                floors + "/",
                uncached + paths["home"],
                site + paths["home"],
                uncached + paths["deep"],
            )
            list_floor = floor.requests_per_second
            self.add(
                "list floor, SQLite",
                list_floor,
                "req/s",
                note=format_rounds(floor.rounds),
            )
            self.add_page(
                "home page 1, SQLite, page cache off",
                home_uncached,
                list_floor,
                "≥ 1.0×",
                1.0,
            )
            self.add_page("home page 1, SQLite", home, list_floor, "≥ 3×", 3)
            self.add_deep_page("SQLite", deep, home_uncached)
            self.cached_page_bounds(
                stack, environment, site + paths["home"], list_floor
            )
            detail_floor, article = self.load_in_turn(
                floors + paths["article"], site + paths["article"]
            )
            self.add(
                "detail floor",
                detail_floor.requests_per_second,
                "req/s",
                note=format_rounds(detail_floor.rounds),
            )
            self.add_page(
                "article page",
                article,
                detail_floor.requests_per_second,
                "≥ 0.8×",
                0.8,
            )
            for name in ("filtered", "search", "rss", "sitemap"):
                title = {
                    "filtered": "filtered list (category + tag)",
                    "search": "search (q)",
                    "rss": "RSS feed",
                    "sitemap": "sitemap page",
                }[name]
                self.page(title, site + paths[name], list_floor, "≥ 0.5×", 0.5)

    def postgres_pages(self, url):
        """The list's first and deep pages, uncached: theirs are the queries
        that differ by engine, where a cached page runs one, the content
        version; the deep page's target is against page 1."""
        paths = self.page_paths(url)
        environment = {**os.environ, **self.env(url), "NEWSROOM_PAGE_CACHE": "0"}
        with serve("newsroom.wsgi", environment) as uncached:
            home, deep = self.load_in_turn(
                uncached.url + paths["home"], uncached.url + paths["deep"]
            )
            self.add_page("home page 1, PostgreSQL, page cache off", home)
            self.add_deep_page("PostgreSQL", deep, home)

    def cached_page_bounds(self, stack, environment, page_url, list_floor):
        """The bytes of the page at ``page_url`` from bare WSGI apps: as they
        are, and after the content version query. One round each: they bound
        the cached page's figure, they have no target of their own."""
        body = self.out / "ceiling.html"
        with urllib.request.urlopen(page_url, timeout=30) as response:
            body.write_bytes(response.read())
        environment = {**environment, "BENCH_CEILING_BODY": str(body)}
        for app, name in (
            ("ceiling", "constant page, no Django (gunicorn's ceiling)"),
            ("versioned", "constant page after the version query (cache floor)"),
        ):
            server = stack.enter_context(
                serve(f"benchmarks.floor_site.{app}", environment)
            )
            self.add(
                name,
                self.load(server.url + "/", rounds=1).requests_per_second,
                "req/s",
                list_floor,
                note=f"the cached home page's {body.stat().st_size:,} bytes",
            )

    def admin(self, url):
        big = self.python(
            url, "-m", "benchmarks.probes", "admin", str(self.plan.admin_repeat)
        )
        small_url = self.migrated("sqlite", "newsroom_bench_admin_small")
        self.manage(small_url, "import_articles", str(self.corpus(100)))
        small = self.python(small_url, "-m", "benchmarks.probes", "admin", "1")
        for name, title in (
            ("changelist", "admin changelist, page 1"),
            ("changelist_filtered", "admin changelist, filtered + searched"),
        ):
            same = big[name]["queries"] == small[name]["queries"]
            self.add(
                title,
                big[name]["median_ms"],
                "ms",
                target="< 150 ms, queries as at 100",
                ok=big[name]["median_ms"] < 150 and same,
                note=f"{big[name]['queries']} queries "
                f"(at 100 articles: {small[name]['queries']})",
            )

    def run(self):
        try:
            print("Import", flush=True)
            self.imports()
            print("Reader pages and admin, SQLite", flush=True)
            site = self.site_database()
            self.sqlite_pages(site)
            self.admin(site)
            if self.postgres:
                print("Reader pages, PostgreSQL", flush=True)
                self.postgres_pages(self.postgres_site(site))
        finally:
            if self.postgres_databases:
                self.drop_postgres_databases()
        return self.figures


def format_row(figure):
    ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else ""
    verdict = {True: "ok", False: "MISSED", None: ""}[figure.ok]
    return (
        f"{figure.name:<58} {figure.value:>10,.1f} {figure.unit:<8} {ratio:>7} "
        f"{figure.target:<26} {verdict:<6} {figure.note}"
    )


def format_rounds(rates):
    return "rounds " + ", ".join(f"{rate:,.0f}" for rate in rates)


def postgres_available():
    try:
        with psycopg.connect(f"{PG_URL}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=PLANS, default="full")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "benchmarks" / "results",
        help="work folder and results (default: %(default)s, git-ignored)",
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="skip the PostgreSQL figures"
    )
    args = parser.parse_args(argv)
    out = args.out.resolve() / args.size
    out.mkdir(parents=True, exist_ok=True)
    postgres = not args.no_postgres and postgres_available()
    started = time.monotonic()
    figures = Bench(PLANS[args.size], out, postgres).run()
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "seconds": round(time.monotonic() - started),
        "figures": [{**figure.__dict__, "ratio": figure.ratio} for figure in figures],
    }
    path = out / "results.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print()
    print(f"{'figure':<58} {'value':>10} {'unit':<8} {'ratio':>7} {'target':<26}")
    for figure in figures:
        print(format_row(figure))
    print(f"\n{len(figures)} figures in {result['seconds']} s; written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
