"""What a spawned worker process runs first; nothing here may import models.

The process imports this module before Django is set up, so it stays apart
from ``articles.ingest``, whose package imports the models.
"""

import multiprocessing
import os
import threading

import django


def start_worker():
    """Set up Django in a worker, which ends with the process that started it.

    Each process holds both ends of the pool's task queue, so a worker whose
    parent was killed (SIGKILL) would otherwise wait for work forever.
    """
    django.setup()
    parent = multiprocessing.parent_process()
    threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()


def _exit_after(process):
    process.join()
    os._exit(1)
