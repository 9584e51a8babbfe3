"""What a spawned parser process runs first.

Parsing needs no database and no model (``articles/ingest/parsing.py``), so
the process does not set Django up: that took ~0.6 s of CPU time, in which
the importer parsed alone.
"""

import multiprocessing
import os
import threading


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
