"""What an import did, file by file, as data the command and the admin can show."""

import time
from dataclasses import dataclass, field


class IngestError(Exception):
    """One bad input file: ``path:line: problem`` (``:line`` when known)."""

    def __init__(self, path, line, message):
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# What happened to files, counted; each one is in exactly one of the first five.
COUNTS = ("created", "updated", "unchanged", "kept", "failed", "repaired")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    failed: int = 0
    repaired: int = 0
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    dry_run: bool = False
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def fail(self, error):
        self.failed += 1
        self.errors.append(str(error))

    def count(self, outcome):
        """Add ``outcome``'s counts (a name in COUNTS -> how many) to these."""
        for name, value in outcome.items():
            setattr(self, name, getattr(self, name) + value)

    def merge(self, other):
        """Add another report's counts and errors to this one's."""
        self.count({name: getattr(other, name) for name in COUNTS})
        self.errors += other.errors

    def finish(self):
        self.finished = time.monotonic()
        return self

    @property
    def files(self):
        return self.created + self.updated + self.unchanged + self.kept + self.failed

    @property
    def elapsed(self):
        return (self.finished or time.monotonic()) - self.started

    @property
    def files_per_second(self):
        return self.files / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def ok(self):
        return self.failed == 0

    def summary(self):
        """The one-paragraph totals an operator reads at the end of a run."""
        prefix = "Dry run, nothing written: would have " if self.dry_run else ""
        return (
            f"{prefix}created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, kept editor changes {self.kept}, "
            f"failed {self.failed}, repaired text in {self.repaired}; "
            f"{self.files} files in {self.elapsed:.1f}s "
            f"({self.files_per_second:.0f} files/s)"
        )
