"""gunicorn's master replaces a killed worker while the others keep serving."""

import http.client
import os
import signal
import threading
import time

import pytest

from .servers import fetch, gunicorn, manage, scratch_database

CLIENTS = 6
REQUESTS_EACH = 60
WORKERS = 3


@pytest.fixture
def server(tmp_path):
    with scratch_database(tmp_path) as url:
        manage(
            url,
            "shell",
            "-c",
            "from articles.tests.builders import make_article; make_article()",
            check=True,
        )
        with gunicorn(url, tmp_path, workers=WORKERS) as server:
            yield server


def load(server, results, started):
    """One client: sequential requests to the home page, each outcome recorded."""
    started.wait()
    for _ in range(REQUESTS_EACH):
        try:
            results.append(fetch(server.url + "/", timeout=30).status)
        # A reset connection, or a response cut short by the kill.
        except (OSError, http.client.HTTPException) as error:
            results.append(type(error).__name__)


def wait_for_workers(server, count, without):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) == count and without not in pids:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"workers not replaced: {server.worker_pids()}")


def test_killed_worker_is_replaced_while_the_others_serve(server):
    results, started = [], threading.Event()
    clients = [
        threading.Thread(target=load, args=(server, results, started))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    started.set()
    try:
        while len(results) < CLIENTS * REQUESTS_EACH // 4:
            time.sleep(0.01)
        victim = server.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for_workers(server, WORKERS, without=victim)
    finally:
        for client in clients:
            client.join(timeout=120)

    failed = [outcome for outcome in results if outcome != 200]
    assert len(results) == CLIENTS * REQUESTS_EACH
    # Only the one request the killed worker was holding, if any, can fail:
    # connections it had not accepted yet go to the others.
    assert len(failed) <= 1, failed
    assert victim not in replaced
    assert f"Worker (pid:{victim}) was sent SIGKILL!" in server.log.read_text()
    assert server.get("/").status == 200


def test_the_master_prepares_views_and_templates_without_the_database():
    """What gunicorn's preloading master does before forking: every project
    template compiled, no database touched (pytest refuses any query here)."""
    from django.template import engines

    from newsroom import wsgi

    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    wsgi.prepare()

    assert {"base.html", "articles/article_list.html", "404.html"} <= set(
        loader.get_template_cache
    )
