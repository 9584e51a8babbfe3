import re

from django.conf import settings
from django.contrib import admin
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import include, path, re_path
from django.views.static import serve

from articles.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]


def serve_media(request, path):
    """Uploaded covers from MEDIA_ROOT, for deployments without a web server."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Local files only: with object storage, MEDIA_URL points at the bucket.
if isinstance(default_storage, FileSystemStorage) and settings.MEDIA_URL.startswith(
    "/"
):
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media
        )
    )
