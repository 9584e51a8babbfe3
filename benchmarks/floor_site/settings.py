"""Settings of the floor site: the product's database, nothing else."""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.floor_site.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {"default": dj_database_url.config(conn_max_age=60)}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates"}]
USE_TZ = True
