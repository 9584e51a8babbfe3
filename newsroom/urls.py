import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import include, path, re_path
from django.views.static import serve

from articles.caching import public_page
from articles.health import healthz
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS, section_page
from articles.views import robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/sitemap_news.xml"},
        name="sitemap_news",
    ),
    path("sitemap-<section>.xml", section_page, name="sitemap_section"),
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
