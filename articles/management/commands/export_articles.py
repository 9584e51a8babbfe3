from django.core.management.base import BaseCommand, CommandError

from articles.ingest import export_articles


class Command(BaseCommand):
    help = (
        "Write every article as a markdown file with YAML frontmatter into DIR; "
        "importing the files gives the same articles back."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="created if missing")

    def handle(self, *args, directory, **options):
        try:
            count = export_articles(directory)
        except OSError as error:
            raise CommandError(f"{directory}: {error.strerror}", returncode=1) from None
        self.stdout.write(f"Exported {count} articles to {directory}")
