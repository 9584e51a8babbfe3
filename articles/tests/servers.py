"""Real servers for fault and scale tests: scratch databases, gunicorn, HTTP.

Everything listens on 127.0.0.1 only, and every process started here is
stopped when its context ends.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60

# An import command test, once per way of writing: "--jobs 0" writes in a
# thread beside the parsing, "--jobs 1" in the process that parser processes
# hand their results to.
EACH_WAY_OF_WRITING = pytest.mark.parametrize("jobs", ["0", "1"])


def free_port():
    """A TCP port nothing listens on right now (nothing will, for a closed one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_admin():
    """Connection parameters of the suite's PostgreSQL server, as a superuser."""
    params = connection.get_connection_params()
    return {k: v for k, v in params.items() if k in ("host", "port", "user")}


def postgres_url(name, admin):
    return "postgres://{}@{}:{}/{}".format(
        admin.get("user") or "postgres",
        admin.get("host") or "127.0.0.1",
        admin.get("port") or 5432,
        name,
    )


@contextlib.contextmanager
def scratch_database(tmp_path):
    """A migrated database of the suite's engine for other processes: its URL."""
    name = None
    if connection.vendor == "postgresql":
        admin = postgres_admin()
        name = f"newsroom_scratch_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = postgres_url(name, admin)
    else:
        url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    try:
        manage(url, "migrate", "--noinput", check=True)
        yield url
    finally:
        if name:
            with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url, **extra):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "test-only",
        **extra,
    }


def manage(url, *args, check=False, env=None, timeout=300):
    """Run ``manage.py *args`` against the database at ``url``."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(url, **(env or {})),
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


def fetch(url, data=None, headers=None, timeout=30):
    """GET (or POST ``data``) ``url``: the answer, whatever its status."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status, found = response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, found = error.read(), error.code, error.headers
    return Answer(status, {k.lower(): v for k, v in found.items()}, body.decode())


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, **kwargs):
        return fetch(self.url + path, **kwargs)

    def worker_pids(self):
        """Process ids of the master's current workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@contextlib.contextmanager
def gunicorn(url, tmp_path, workers=2, env=None):
    """gunicorn with the repository's config on a free loopback port."""
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=environment(url, **(env or {})),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Gunicorn(process, port, log)
    try:
        wait_until_serving(server, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_serving(server, workers):
    """Poll (bounded) until every worker has booted and the port answers."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log.read_text()}")
        booted = server.log.read_text().count("Booting worker")
        if booted >= workers:
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                    return
            except OSError:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not start:\n{server.log.read_text()}")
