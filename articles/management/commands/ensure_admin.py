import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser when none exists: name from DJANGO_ADMIN_USER "
        "(default 'admin'), password from DJANGO_ADMIN_PASSWORD or generated and "
        "printed once. Does nothing when a superuser exists."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; nothing to do.")
            return
        username = os.environ.get("DJANGO_ADMIN_USER", "admin")
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        if os.environ.get("DJANGO_ADMIN_PASSWORD"):
            self.stdout.write(f"Created superuser {username!r} (password as given).")
        else:
            self.stdout.write(
                f"Created superuser {username!r} with password {password} "
                "(shown once: note it, or change it with `manage.py changepassword`)."
            )
