import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts and ends with empty caches: pages are cached."""
    from django.core.cache import cache

    from articles.caching import recent_pages

    cache.clear()
    recent_pages.clear()
    yield
    cache.clear()
    recent_pages.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(client):
    """The test client, logged in as a member of the Editor group."""
    from .desk import login_with_role

    return login_with_role(client, "Editor")


@pytest.fixture
def contributor(client):
    """The test client, logged in as a member of the Contributor group."""
    from .desk import login_with_role

    return login_with_role(client, "Contributor")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium via Playwright; required in CI, skipped elsewhere."""
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing in CI")
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by tests around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip on SQLite, unless the run demands PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("NEWSROOM_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(
            "NEWSROOM_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL"
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
