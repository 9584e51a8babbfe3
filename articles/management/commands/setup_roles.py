from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article

PUBLISH = ("publish_article", "Can publish, unpublish and pin articles")

# Role -> permissions as "app_label.codename".
ROLES = {
    "Editor": [
        *(
            f"{app}.{action}_{model}"
            for app, model in [
                ("articles", "article"),
                ("articles", "source"),
                ("articles", "category"),
                ("articles", "taggedarticle"),
                ("taggit", "tag"),
            ]
            for action in ("add", "change", "delete", "view")
        ),
        f"articles.{PUBLISH[0]}",
    ],
    # Writes and illustrates drafts; the admin refuses anything else to them.
    "Contributor": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_source",
        "articles.view_category",
        "taggit.view_tag",
    ],
}


class Command(BaseCommand):
    help = (
        "Create or repair the Editor and Contributor groups and the "
        "articles.publish_article permission. Editors may do everything on "
        "articles, sources, categories and tags, including publishing; "
        "contributors create and edit drafts and upload images, but cannot "
        "publish, unpublish, pin, delete or edit non-draft articles. Safe to run "
        "again: it resets both groups to exactly these permissions. Give a user "
        "a role with 'Staff status' and the group in the admin's user page."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for label in ("articles", "taggit"):
            create_permissions(apps.get_app_config(label), verbosity=0)
        Permission.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(Article),
            codename=PUBLISH[0],
            defaults={"name": PUBLISH[1]},
        )
        for role, names in ROLES.items():
            permissions = find_permissions(names)
            group, created = Group.objects.get_or_create(name=role)
            group.permissions.set(permissions)
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} {role}: {len(permissions)} permissions")


def find_permissions(names):
    """The Permission rows for ``app_label.codename`` names; all must exist."""
    wanted = {tuple(name.split(".")) for name in names}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(found) != len(wanted):
        have = {(p.content_type.app_label, p.codename) for p in found}
        missing = ", ".join(".".join(key) for key in sorted(wanted - have))
        raise CommandError(f"missing permissions: {missing}; run migrate first")
    return found
