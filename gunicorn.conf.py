"""gunicorn settings for Newsroom; command-line flags and environment override them.

Sync workers: pages are short and CPU-bound (template rendering, PERFORMANCE.md),
and the load balancer or proxy in front buffers slow clients.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two per core plus one, counting the cores this process may use (a container's
# CPU set, not the host's).
workers = int(os.environ.get("WEB_CONCURRENCY", len(os.sched_getaffinity(0)) * 2 + 1))
proc_name = "newsroom"
# A worker silent this long is killed and replaced by the master; no page takes
# more than a fraction of a second.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (deploys, scale-in) workers finish the requests they hold first.
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded. Workers
# share the load evenly, so they reach the limit together: a jitter of half the
# limit spreads their restarts over a third of the cycle.
max_requests = 5000
max_requests_jitter = 2500
# Load Django once in the master: a new or recycled worker is then a fork that
# serves at once, not one that spends its first ~0.1 s importing while the
# others carry its share (measured: a stall of a second when all five recycled).
# Nothing opens a connection at import, so no socket is shared across forks.
# A deploy restarts the master (new code is not loaded on HUP).
preload_app = True
# Heartbeat files on tmpfs: a slow disk must not make healthy workers look hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Proxies whose X-Forwarded-Proto gunicorn trusts (DJANGO_BEHIND_PROXY for Django).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests are logged by the load balancer in front; here only when asked
# (GUNICORN_ACCESS_LOG=- for standard output, or a file). A line costs ~60 µs
# of formatting and a write per request: without it, a cached page served 14%
# more requests a second. Errors are always logged.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The usual combined format plus the time taken, in microseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
errorlog = "-"
