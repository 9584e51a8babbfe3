"""Import markdown files into articles: in batches, each article all or nothing."""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from ..models import COVER_VARIANTS, Article, TaggedArticle
from ..pool import parser_pool
from ..slugs import pick_slug, slug_base
from .bulk import (
    CheckpointsBeside,
    SearchDocumentsBeside,
    batch_page_cache,
    batched,
    insert_rows,
)
from .parsing import parse_chunk
from .report import ImportReport, IngestError
from .schema import ArticleData
from .taxonomy import KnownIds

SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
BATCH_SIZE = 500
# Files parsed as one unit, stage by stage (see parse_files), and handed to a
# parser process at once.
PARSE_CHUNK = 25
# Parsing and rendering is about half the work: one process beside the
# writer keeps two cores busy, more adds little while one process writes.
DEFAULT_JOBS = min(max((os.cpu_count() or 1) - 1, 0), 3)

# Fields copied as they are from ArticleData onto the article.
DATA_FIELDS = [
    "title",
    "description",
    "body",
    "body_html",
    "published_at",
    "updated_at",
    "lang",
    "sticky_weight",
    "sentiment",
    "score",
    "draft",
    "ai_rewritten",
    "ai_expanded_at",
    "ai_version",
    "extra",
]
# Every field an import writes on an existing article. The slug is not among
# them, so that a published address never changes.
UPDATED_FIELDS = [
    *DATA_FIELDS,
    *(f"cover_{variant}" for variant in COVER_VARIANTS),
    "source",
    "category",
    "source_path",
    "content_hash",
    "imported_at",
    "modified_at",
]


@dataclass
class InputFile:
    label: str  # as shown in the report
    path: Path | None = None
    raw: bytes | None = None  # given for standard input


@dataclass
class Parsed:
    file: InputFile
    digest: str
    data: ArticleData


def find_files(paths, report):
    """Every input file under ``paths``, in a stable order; bad paths reported."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(_walk(path, report))
        elif path.is_file():
            found.append(InputFile(str(path), path))
        else:
            report.fail(IngestError(name, None, "no such file or directory"))
    return found


def _walk(root, report, real_root=None):
    """A folder's files in name order, then its subfolders' (not through
    symlinks). Directory entries tell a file from a folder or a link without
    a system call per file: os.walk took 70 ms over 10,000 files, this 36."""
    real_root = real_root or root.resolve()
    with os.scandir(root) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    folders = []
    for entry in entries:
        if entry.is_dir():
            if not entry.is_symlink():
                folders.append(Path(entry.path))
        elif entry.name.lower().endswith(SUFFIXES):
            path = Path(entry.path)
            if entry.is_symlink() and not path.resolve().is_relative_to(real_root):
                report.fail(
                    IngestError(
                        path, None, "symlink to outside the folder; not followed"
                    )
                )
                continue
            yield InputFile(entry.path, path)
    for folder in folders:
        yield from _walk(folder, report, real_root)


def read_file(item, max_bytes):
    """The bytes of ``item``, refusing anything larger than ``max_bytes``."""
    if item.raw is not None:
        raw = item.raw
    else:
        try:
            if item.path.stat().st_size > max_bytes:
                raise IngestError(item.label, None, f"larger than {max_bytes} bytes")
            raw = item.path.read_bytes()
        except OSError as error:
            raise IngestError(
                item.label, None, f"cannot read: {error.strerror}"
            ) from None
    if len(raw) > max_bytes:
        raise IngestError(item.label, None, f"larger than {max_bytes} bytes")
    return raw


class Importer:
    def __init__(self, report, *, force, dry_run, fix_text, max_bytes, pool, documents):
        self.report = report
        self.force = force
        self.dry_run = dry_run
        self.fix_text = fix_text
        self.max_bytes = max_bytes
        self.pool = pool
        self.documents = documents
        self.seen = {}  # external id -> (digest, label) within this run
        self.known = KnownIds()

    def start(self, files):
        """Read and hash ``files``; start parsing those not imported already."""
        read = []
        for item in files:
            try:
                raw = read_file(item, self.max_bytes)
            except IngestError as error:
                self.report.fail(error)
                continue
            read.append((item, raw, hashlib.sha256(raw).hexdigest()))
        pending = self._skip_unchanged(read)
        jobs = [
            ([(item.label, raw) for item, raw, _ in chunk], self.fix_text)
            for chunk in batched(pending, PARSE_CHUNK)
        ]
        # The pool starts parsing now, while the previous batch is written.
        futures = (
            [self.pool.submit(parse_chunk, job) for job in jobs] if self.pool else []
        )
        return pending, chain.from_iterable(self._parsed(jobs, futures))

    @staticmethod
    def _parsed(jobs, futures):
        """Each job's results, in order: from the pool, or parsed here.

        This process writes in a fraction of the time parsing takes. Rather
        than wait for a chunk the pool is still parsing, it parses the last
        chunks of the batch that no process has begun.
        """
        if not futures:
            yield from map(parse_chunk, jobs)
            return
        stolen = {}
        last = len(jobs)
        for index, future in enumerate(futures):
            if index in stolen:
                yield stolen.pop(index)
                continue
            while not future.done() and last > index + 1:
                last -= 1
                if not futures[last].cancel():
                    # The pool takes chunks in order: it has all up to here.
                    last = index
                    break
                stolen[last] = parse_chunk(jobs[last])
            yield future.result()

    def collect(self, started):
        """The parsed files of a started batch, to write; the others reported."""
        pending, results = started
        batch = []
        for (item, _, digest), result in zip(pending, results, strict=True):
            if isinstance(result, str):
                self.report.fail(result)
            elif self._first_in_run(item, digest, result):
                batch.append(Parsed(item, digest, result))
        return batch

    def _skip_unchanged(self, read):
        """Drop files whose exact bytes are already imported: no parsing needed."""
        digests = [digest for _, _, digest in read]
        known = {
            article.content_hash: article.has_editor_changes
            for article in Article.objects.filter(content_hash__in=digests).only(
                "content_hash", "edited_at", "imported_at"
            )
        }
        pending = []
        for item, raw, digest in read:
            if digest in known and not (self.force and known[digest]):
                self.report.unchanged += 1
            else:
                pending.append((item, raw, digest))
        return pending

    def _first_in_run(self, item, digest, data):
        """False for a repeat of an external id already seen in this run."""
        previous = self.seen.setdefault(data.external_id, (digest, item.label))
        if previous == (digest, item.label):
            return True
        if previous[0] == digest:
            self.report.unchanged += 1
        else:
            self.report.fail(
                IngestError(
                    item.label,
                    None,
                    f"externalId {data.external_id!r} is also in {previous[1]} "
                    "with different content; skipped",
                )
            )
        return False

    def write(self, batch):
        """Write a batch in one transaction; on a conflict, article by article.

        Returns what happened as a report of its own: this may run in a
        thread beside the one that reports parse errors.
        """
        written = ImportReport()
        if not batch:
            return written
        try:
            with batch_page_cache(), transaction.atomic():
                written.count(self.apply(batch))
        except IntegrityError:
            # Another import wrote some of these meanwhile: retry each alone,
            # so that it is seen as existing now.
            self.known.forget()
            for parsed in batch:
                try:
                    with transaction.atomic():
                        written.count(self.apply([parsed]))
                except IntegrityError as error:
                    self.known.forget()
                    written.fail(
                        IngestError(parsed.file.label, None, f"conflict: {error}")
                    )
        return written

    def apply(self, batch):
        """Create or update the batch's articles; returns the counts to report."""
        existing = Article.objects.in_bulk(
            [parsed.data.external_id for parsed in batch], field_name="external_id"
        )
        outcome = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
        creates, updates = [], []
        for parsed in batch:
            article = existing.get(parsed.data.external_id)
            if article is None:
                creates.append(parsed)
            elif article.content_hash == parsed.digest and not (
                self.force and article.has_editor_changes
            ):
                outcome["unchanged"] += 1
            elif article.has_editor_changes and not self.force:
                outcome["kept"] += 1
            else:
                updates.append((article, parsed))
        outcome["created"] = len(creates)
        outcome["updated"] = len(updates)
        outcome["repaired"] = sum(
            bool(parsed.data.repaired) for parsed in creates + [p for _, p in updates]
        )
        if not self.dry_run and (creates or updates):
            self._store(creates, updates)
        return outcome

    def _store(self, creates, updates):
        self.documents.defer()
        every = creates + [parsed for _, parsed in updates]
        sources = self.known.source_ids(p.data.source for p in every if p.data.source)
        categories = self.known.category_ids(p.data.category for p in every)
        tags = self.known.tag_ids(name for p in every for name in p.data.tags)
        now = timezone.now()

        def values(parsed):
            data = parsed.data
            return {
                **{name: getattr(data, name) for name in DATA_FIELDS},
                **{f"cover_{variant}": url for variant, url in data.cover.items()},
                "source_id": sources[data.source["key"].lower()]
                if data.source
                else None,
                "category_id": categories[data.category.lower()]
                if data.category
                else None,
                "source_path": parsed.file.label,
                "content_hash": parsed.digest,
                "imported_at": now,
                "modified_at": now,
            }

        for article, parsed in updates:
            for name, value in values(parsed).items():
                setattr(article, name, value)
        Article.objects.bulk_update(
            [article for article, _ in updates], UPDATED_FIELDS, batch_size=100
        )
        TaggedArticle.objects.filter(
            content_object__in=[article for article, _ in updates]
        ).delete()
        rows = [
            {**values(parsed), "external_id": parsed.data.external_id}
            for parsed in creates
        ]
        self._assign_slugs(
            [(row, parsed.data.slug) for row, parsed in zip(rows, creates, strict=True)]
        )
        insert_rows(Article, rows)
        ids = {article.external_id: article.pk for article, _ in updates}
        ids.update(
            Article.objects.filter(
                external_id__in=[row["external_id"] for row in rows]
            ).values_list("external_id", "pk")
        )
        self.documents.written(list(ids.values()))
        insert_rows(
            TaggedArticle,
            [
                {
                    "content_object_id": ids[parsed.data.external_id],
                    "tag_id": tags[name.lower()],
                }
                for parsed in every
                for name in parsed.data.tags
            ],
        )

    def _assign_slugs(self, created):
        """The file's slug if free, else the title's; on a clash, a suffix."""
        plans = [
            (
                row,
                wanted,
                slug_base(row["title"]),
                hashlib.sha256(row["external_id"].encode()).hexdigest()[:6],
            )
            for row, wanted in created
        ]
        candidates = {wanted for _, wanted, _, _ in plans if wanted}
        candidates |= {base for _, _, base, _ in plans}
        candidates |= {f"{base}-{hint}" for _, _, base, hint in plans}
        taken = set(
            Article.objects.filter(slug__in=candidates).values_list("slug", flat=True)
        )
        for row, wanted, base, hint in plans:
            if wanted and wanted not in taken:
                row["slug"] = wanted
            else:
                if base in taken and f"{base}-{hint}" in taken:
                    taken |= set(
                        Article.objects.filter(slug__startswith=base).values_list(
                            "slug", flat=True
                        )
                    )
                row["slug"] = pick_slug(base, taken, hint)
            taken.add(row["slug"])


class WritesBeside:
    """Batches written one at a time, in order, in a thread of their own.

    In one process, most of a write is spent outside Python: in SQLite's
    library, updating its indexes, or in PostgreSQL's server, computing the
    search column while the driver waits. Python's lock is free meanwhile for
    this thread to parse the next batch. (Beside parser processes, the same
    thread only took Python's lock from the parsing that this process takes
    on.) The thread commits on a connection of its own, so it is used only
    where no transaction of the caller's must hold the import.
    """

    def __init__(self, write):
        self.write = write
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="import-writes")
        self.writing = None

    def __call__(self, batch):
        """Start writing ``batch``; the report of the batch written before it."""
        written = self.wait()
        self.writing = self.thread.submit(self.write, batch)
        return written

    def wait(self):
        """The report of the batch being written, once it is (or None)."""
        writing, self.writing = self.writing, None
        return writing.result() if writing else None

    def close(self):
        """Let the batch being written finish, whatever it raises; then stop."""
        if self.writing:
            self.writing.exception()
        self.thread.submit(connections.close_all).result()
        self.thread.shutdown()


def import_paths(
    paths=(),
    *,
    documents=(),
    force=False,
    dry_run=False,
    fix_text=True,
    max_bytes=DEFAULT_MAX_BYTES,
    batch_size=BATCH_SIZE,
    jobs=0,
    progress=None,
):
    """Import every file under ``paths`` and report what happened to each.

    ``documents`` are ``(label, bytes)`` pairs that come from elsewhere than a
    folder (standard input, an upload); reports name them by their label.
    With ``jobs`` > 0, that many processes parse and render while this one
    writes the previous batch; a small import is parsed here all the same.
    Without them, an import of more than one batch writes in a thread beside
    the parsing, unless it runs inside a transaction.
    """
    report = ImportReport(dry_run=dry_run)
    files = find_files(paths, report)
    files += [InputFile(label, raw=raw) for label, raw in documents]
    if progress:
        progress(report, len(files))
    several = len(files) > batch_size
    # Each batch commits on its own, unless the caller holds a transaction.
    own_transactions = not connection.in_atomic_block
    # One batch has no next one to write beside its search documents.
    documents = SearchDocumentsBeside(several and own_transactions and not dry_run)
    pool = writes = None
    if jobs and several:
        pool = parser_pool(jobs)
    try:
        importer = Importer(
            report,
            force=force,
            dry_run=dry_run,
            fix_text=fix_text,
            max_bytes=max_bytes,
            pool=pool,
            documents=documents,
        )
        if several and not pool and own_transactions:
            writes = WritesBeside(importer.write)
        # For writes in this thread; the writing thread's commits checkpoint
        # beside the parsing already.
        checkpoints = CheckpointsBeside()

        def write(batch):
            """Write ``batch``, or start to; what was written, when known."""
            if writes:
                return writes(batch)
            written = importer.write(batch)
            if not dry_run and (written.created or written.updated):
                checkpoints.committed()
            return written

        def count(written):
            if written:
                report.merge(written)
                if progress:
                    progress(report, len(files))

        with checkpoints, documents:
            # Batch n+1 is read and handed to the parsers before batch n is
            # written, so that both cores work.
            pending = None
            for chunk in batched(files, batch_size):
                following = importer.start(chunk)
                if pending:
                    count(write(importer.collect(pending)))
                pending = following
            if pending:
                count(write(importer.collect(pending)))
            if writes:
                count(writes.wait())
        if progress:
            progress(report, len(files))
    finally:
        if writes:
            writes.close()
        if pool:
            pool.shutdown(cancel_futures=True)
    return report.finish()
