"""Load test: the site under 64 connections for 60 s, served as in production.

Imports a generated corpus into a scratch SQLite database, starts gunicorn with
the repository's ``gunicorn.conf.py`` on a free 127.0.0.1 port, probes each
path, runs ``wrk`` over all of them at once, stops gunicorn, and reports
requests per second, latency percentiles and errors (target: 0). With
``--kill-worker`` one gunicorn worker is SIGKILLed half-way through, and the
errors that costs are counted.

Usage: ``python -m benchmarks.loadtest [--duration 60] [--connections 64]
[--count 10000] [--kill-worker] [--redis-url URL]`` (``make loadtest``).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .servers import serve

ROOT = Path(__file__).resolve().parent.parent

# The pages under load, as benchmarks.probes finds them in the data: the home
# page, a deep page (page 200, by its keyset cursor), an article and the feed.
PAGES = ("home", "deep", "article", "rss")
DEEP_PAGE = 200

WRK_SCRIPT = """
paths = {%(paths)s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, '
    .. '"p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99),
    latency.max))
end
"""


def log(message):
    print(f"loadtest: {message}", file=sys.stderr, flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing Debian's package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)


def run(command, env, **kwargs):
    return subprocess.run(
        command, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kwargs
    )


def prepare(workdir, count, env):
    """Scratch database with ``count`` imported articles; the paths to load."""
    python = sys.executable
    corpus = workdir / "corpus"
    log(f"writing {count} articles")
    run([python, "-m", "benchmarks.corpus", str(corpus), "--count", str(count)], env)
    run([python, "manage.py", "migrate", "--noinput"], env)
    run([python, "manage.py", "collectstatic", "--noinput"], env)
    log("importing")
    started = time.monotonic()
    run([python, "manage.py", "import_articles", str(corpus)], env, timeout=1800)
    log(f"imported in {time.monotonic() - started:.1f} s")
    found = run([python, "-m", "benchmarks.probes", "pages", str(DEEP_PAGE)], env)
    paths = json.loads(found.stdout.strip().splitlines()[-1])
    return [paths[name] for name in PAGES]


def probe(base, paths):
    """Each path to load must answer 200 before the load starts."""
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"loadtest: {path} answered {status}, not 200")
    return paths


def kill_one_worker(master_pid, after, killed):
    time.sleep(after)  # half-way through the run, by design
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    victim = int(children.split()[0])
    os.kill(victim, signal.SIGKILL)
    killed.append(victim)
    log(f"killed worker {victim} at {after:.0f} s")


def run_wrk(base, paths, duration, connections, threads, workdir):
    script = workdir / "paths.lua"
    script.write_text(
        WRK_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)}
    )
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    log(" ".join(command))
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=True
    )
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("WRK "))
    return json.loads(line[4:])


def report(stats, paths, killed):
    seconds = stats["duration_us"] / 1e6
    errors = {
        kind: stats[kind]
        for kind in ("connect", "read", "write", "status", "timeout")
        if stats[kind]
    }
    summary = {
        "paths": paths,
        "requests": stats["requests"],
        "seconds": round(seconds, 1),
        "requests_per_second": round(stats["requests"] / seconds, 1),
        "p50_ms": round(stats["p50_us"] / 1000, 1),
        "p99_ms": round(stats["p99_us"] / 1000, 1),
        "max_ms": round(stats["max_us"] / 1000, 1),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "killed_worker": killed[0] if killed else None,
    }
    print(json.dumps(summary, indent=2))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"loadtest-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(
        json.dumps(summary, indent=2) + "\n"
    )
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--count", type=int, default=10000, help="articles")
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--redis-url", help="share a Redis cache (REDIS_URL)")
    parser.add_argument("--workdir", help="keep the scratch files here")
    args = parser.parse_args(argv)

    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="newsroom-loadtest-") as scratch:
        workdir = Path(args.workdir or scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("CACHE_URL", None)
        env.pop("REDIS_URL", None)
        if args.redis_url:
            env["REDIS_URL"] = args.redis_url
        pages = prepare(workdir, args.count, env)
        killed = []
        with serve("newsroom.wsgi", env, log=workdir / "gunicorn.log") as server:
            paths = probe(server.url, pages)
            if args.kill_worker:
                threading.Thread(
                    target=kill_one_worker,
                    args=(server.pid, args.duration / 2, killed),
                    daemon=True,
                ).start()
            stats = run_wrk(
                server.url,
                paths,
                args.duration,
                args.connections,
                args.threads,
                workdir,
            )
    summary = report(stats, paths, killed)
    return 1 if summary["errors"] and not args.kill_worker else 0


if __name__ == "__main__":
    sys.exit(main())
