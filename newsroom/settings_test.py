"""Settings for the test suite: the real settings with a throwaway key."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-not-used-in-production")

from newsroom.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the app folders, not a collectstatic output.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
