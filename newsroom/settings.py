"""Newsroom settings, configured from environment variables (see README)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(make run generates one in var/secret_key)."
        )
    # Debug only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-debug-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "django_filters",
    "taggit",
    "articles",
]

MIDDLEWARE = [
    # A stored reader's page keeps the headers of everything after this, so
    # answering from it needs none of that work (CSP alone was a quarter).
    # Only pages stored for the request's own scheme and host are answered,
    # so an http request still meets SecurityMiddleware's redirect.
    "articles.caching.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist (CONN_MAX_AGE) as on PostgreSQL: opening one and
    # running these PRAGMAs cost more than a cached page.
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent
        # imports queue (up to `timeout` seconds) instead of failing mid-batch.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        # The page size takes on a new database only, before WAL is set: an
        # article's row (markdown and HTML, ~11 KB) fits one 16 KB page instead
        # of a chain of 4 KB ones. On 10,000 articles, alternating rounds: the
        # import 3,830 files/s against 3,534, the uncached home page 1,872
        # req/s against 1,716.
        "init_command": (
            "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;"
            " PRAGMA synchronous=NORMAL;"
        ),
    }

CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Tags are names such as "CIPHER MINING": split on commas only, match ignoring case.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.join_tags"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# HTTPS hardening, switched on together by DJANGO_HTTPS=1 (off for the loopback
# demo, which is served over plain HTTP).
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY"):
    # Only behind a proxy that sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Readers' site (see README): the name in titles and feeds, and HTTP caching.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# Browsers and CDNs may reuse a public page this long (seconds) before
# revalidating it with its ETag; the origin itself is never stale.
NEWSROOM_PUBLIC_MAX_AGE = int(os.environ.get("NEWSROOM_PUBLIC_MAX_AGE", "60"))
# Whole list pages and feeds in the cache, keyed on the content version.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=True)
NEWSROOM_PAGE_CACHE_TIMEOUT = int(os.environ.get("NEWSROOM_PAGE_CACHE_TIMEOUT", "600"))
# The filter form's categories and sources (they change rarely, by import).
NEWSROOM_TAXONOMY_TIMEOUT = int(os.environ.get("NEWSROOM_TAXONOMY_TIMEOUT", "60"))
# Rendered list items, keyed on the article's modified_at.
NEWSROOM_FRAGMENT_CACHE_TIMEOUT = int(
    os.environ.get("NEWSROOM_FRAGMENT_CACHE_TIMEOUT", "3600")
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append("articles.context_processors.site")

# --------------------------------------------------------------------------- #
# Scale-out: media (and optionally static files) in S3-compatible object storage
# --------------------------------------------------------------------------- #


def s3_storage(environ, location=""):
    """A STORAGES entry for the bucket the AWS_* variables name (django-storages)."""
    options = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "location": location,
        # Covers are public, and their names are random and never reused: no
        # signed URLs, long caching, and an existing name is never overwritten.
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    for option, variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    ]:
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_public_url(environ, location=""):
    """Where the bucket's files are read: the CDN domain, or the bucket itself."""
    prefix = f"{location}/" if location else ""
    if environ.get("AWS_S3_CUSTOM_DOMAIN"):
        return f"https://{environ['AWS_S3_CUSTOM_DOMAIN']}/{prefix}"
    endpoint = environ.get("AWS_S3_ENDPOINT_URL") or "https://s3.amazonaws.com"
    return f"{endpoint.rstrip('/')}/{environ['AWS_STORAGE_BUCKET_NAME']}/{prefix}"


# whitenoise behind a CDN: the CDN pulls /static/ from the site and keeps it
# (hashed names, cached for a year); pages link to the CDN's address.
STATIC_URL = os.environ.get("STATIC_URL") or STATIC_URL
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = s3_storage(os.environ)
    MEDIA_URL = s3_public_url(os.environ)
    if env_bool("DJANGO_STATIC_IN_BUCKET"):
        # For several servers without whitenoise's copy on each: run
        # collectstatic once per release, pages link to the bucket (or CDN).
        STORAGES["staticfiles"] = s3_storage(os.environ, location="static")
        STORAGES["staticfiles"]["BACKEND"] = (
            "storages.backends.s3.S3ManifestStaticStorage"
        )
        STATIC_URL = s3_public_url(os.environ, location="static")


# --------------------------------------------------------------------------- #
# Hostile use: browser security headers
# --------------------------------------------------------------------------- #
# Content Security Policy (django-csp 4). No inline script or style anywhere: the
# readers' pages and the admin load theirs from 'self'. JSON-LD blocks
# (<script type="application/ld+json">) are data, which script-src never blocks.
# Covers may come from the producer's image hosts (https) or the media bucket.


def _origin(url):
    """The scheme://host[:port] of an absolute URL, as a CSP source; else None."""
    return "/".join(url.split("/")[:3]) if "://" in url else None


# Static files and covers may live in a bucket or behind a CDN.
_STATIC = ["'self'", *filter(None, [_origin(STATIC_URL)])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": _STATIC,
        "style-src": _STATIC,
        "img-src": [*_STATIC, "data:", "https:", *filter(None, [_origin(MEDIA_URL)])],
        "font-src": _STATIC,
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page of the site uses, refused for every frame.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=()"
)

# --------------------------------------------------------------------------- #
# Hostile use: admin login throttling (django-axes)
# --------------------------------------------------------------------------- #
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# LOGIN_FAILURE_LIMIT failed sign-ins for one username from one address lock that
# pair out for LOGIN_LOCKOUT_MINUTES; others can still sign in. Unlock sooner
# with `manage.py axes_reset_username NAME` (README, "Security").
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Failures and lockouts are still logged; this silences the banner every
# management command would print on standard error.
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy's address: the client's is
# the last X-Forwarded-For entry, the one our own proxy appended.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
# Sign-in lives in the admin: an unsafe or missing ?next= lands on the desk,
# not on Django's default /accounts/profile/ (which does not exist here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# --------------------------------------------------------------------------- #
# Faults: health checks
# --------------------------------------------------------------------------- #
# Load balancers probe /healthz over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --------------------------------------------------------------------------- #
# Faults: logging
# --------------------------------------------------------------------------- #
# When PostgreSQL drops a connection in the middle of a batched write, psycopg
# warns "error ignored terminating <Pipeline>" besides raising the error that
# the import command already reports in one line; keep its errors only.
LOGGING["loggers"] = {"psycopg": {"level": "ERROR"}}

# --------------------------------------------------------------------------- #
# Scale-out: shared cache
# --------------------------------------------------------------------------- #
# With CACHE_URL/REDIS_URL every server shares one Redis cache (above); signed-in
# sessions are then read from it too, and written through to the database, so a
# Redis restart signs no one out.
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
