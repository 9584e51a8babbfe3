"""Run one management command in this process; print its output and peak RSS.

``python -m benchmarks.peak_rss COMMAND [ARGS...]`` prints one JSON object:
the command's standard output, and the peak resident memory in MB of this
process and of its largest child (the import's parser processes).
"""

import io
import json
import resource
import sys
from contextlib import redirect_stdout

import django
from django.core.management import call_command


def main(argv):
    django.setup()
    output = io.StringIO()
    with redirect_stdout(output):
        call_command(*argv, stdout=output)
    # ru_maxrss is in kilobytes on Linux.
    peak = {
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps({"stdout": output.getvalue(), **peak}))


if __name__ == "__main__":
    main(sys.argv[1:])
