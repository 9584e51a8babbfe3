"""Two bare views over the product's article table, with minimal templates."""

from django.db import connection
from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path
from django.utils import timezone

LIST = engines["django"].from_string(
    "<!doctype html><html lang=en><title>News</title><ul>"
    "{% for title, slug, description, published_at in rows %}"
    '<li><a href="/articles/{{ slug }}/">{{ title }}</a><p>{{ description }}</p>'
    "<time>{{ published_at }}</time></li>{% endfor %}</ul></html>"
)
DETAIL = engines["django"].from_string(
    "<!doctype html><html lang=en><title>{{ title }}</title><h1>{{ title }}</h1>"
    "<p>{{ description }}</p>{{ body_html|safe }}</html>"
)


def article_list(request):
    # The product's public order, served by its partial index.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, slug, description, published_at FROM articles_article"
            " WHERE NOT draft AND published_at <= %s"
            " ORDER BY sticky_weight DESC, published_at DESC, id DESC LIMIT 20",
            [timezone.now()],
        )
        rows = cursor.fetchall()
    return HttpResponse(LIST.render({"rows": rows}))


def article_detail(request, slug):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, description, body_html FROM articles_article"
            " WHERE slug = %s",
            [slug],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    title, description, body_html = row
    context = {"title": title, "description": description, "body_html": body_html}
    return HttpResponse(DETAIL.render(context))


urlpatterns = [
    path("", article_list),
    path("articles/<str:slug>/", article_detail),
]
