"""Load on loopback: wrk when installed, else a bounded Python client."""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Load:
    requests_per_second: float
    p99_ms: float
    errors: int
    rounds: tuple = ()  # each round's requests/s, of which the above is the median


def _milliseconds(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
    return float(number) * scale


def run_wrk(url, *, connections, seconds, threads=2):
    """One wrk run against ``url`` (loopback only)."""
    assert urlsplit(url).hostname in ("127.0.0.1", "localhost")
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Load(rate, p99, errors + (int(bad.group(1)) if bad else 0))


def run_python(url, *, connections, seconds):
    """The same measure with threads and keep-alive connections; for machines
    without wrk (and the smoke test). Slower than wrk, so only ratios compare."""
    parts = urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", target)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=10
                )
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 1 else 0
    return Load(len(latencies) / elapsed, p99, errors[0])


# Unmeasured load first: each worker's first requests open its database
# connection, compile templates and fill its cache, which is not the
# steady state a figure describes (the floors get the same warm-up).
WARM_UP_SECONDS = 2


def measure(url, *, connections, seconds, rounds):
    """Median requests/s of ``rounds`` runs after a warm-up, the worst p99,
    all errors (the warm-up's included)."""
    return measure_in_turn(
        [url], connections=connections, seconds=seconds, rounds=rounds
    )[0]


def measure_in_turn(urls, *, connections, seconds, rounds):
    """``measure`` for each of ``urls``, taking their rounds in turn: this
    machine's speed drifts by a third within a minute, and pages compared
    with each other must see the same drift."""
    run = run_wrk if shutil.which("wrk") else run_python
    warm_ups = [
        run(url, connections=connections, seconds=min(seconds, WARM_UP_SECONDS))
        for url in urls
    ]
    rounds_of = [[] for _ in urls]
    for _ in range(rounds):
        for loads, url in zip(rounds_of, urls, strict=True):
            loads.append(run(url, connections=connections, seconds=seconds))
    return [
        Load(
            statistics.median(load.requests_per_second for load in loads),
            max(load.p99_ms for load in loads),
            warm_up.errors + sum(load.errors for load in loads),
            tuple(load.requests_per_second for load in loads),
        )
        for warm_up, loads in zip(warm_ups, rounds_of, strict=True)
    ]
