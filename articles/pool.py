"""The parser processes that parse and render beside an import's writes.

Parsing needs no database and no model (``articles/ingest/parsing.py``):
a parser process never touches the connections it inherits.
"""

import fcntl
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress

# A chunk's parsed articles are ~320 KB. Through the 64 KB default pipe, the
# parser waited for the writer's process to read each piece, and that process
# reads between stretches of holding Python's lock for its own work: with
# 1 MB, an import of 10,000 files ran 5–8% faster.
PIPE_BYTES = 1024 * 1024


def parser_pool(processes):
    """A pool of ``processes`` parser processes, forked from this one.

    Forked, not spawned: a spawned process spent its first 0.3 s starting
    Python and importing the parser while the writer parsed alone, a tenth of
    an import of 10,000 files. The pool forks when its first chunk is
    submitted, before any thread of the import's starts. A forked process
    holds copies of this one's database connections; it never uses them and
    ends with ``os._exit``, which closes none of them.
    """
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=start_worker,
    )
    _widen_pipes(pool)
    return pool


def _widen_pipes(pool):
    """Widen the pool's job and result pipes to ``PIPE_BYTES`` where Linux
    lets us; elsewhere, or if the pool's internals differ, leave them."""
    connections = (
        getattr(getattr(pool, "_call_queue", None), "_writer", None),
        getattr(getattr(pool, "_result_queue", None), "_reader", None),
    )
    for connection in connections:
        if connection is not None and hasattr(fcntl, "F_SETPIPE_SZ"):
            with suppress(OSError):
                fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def start_worker():
    """Make this worker end with the process that started it.

    Each process holds both ends of the pool's task queue, so a worker whose
    parent was killed (SIGKILL) would otherwise wait for work forever.
    """
    parent = multiprocessing.parent_process()
    threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()


def _exit_after(process):
    process.join()
    os._exit(1)
