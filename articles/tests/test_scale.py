"""Several gunicorn servers over one database and one Redis act as one site."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
import redis

from .redis_service import redis_url
from .servers import gunicorn, manage, scratch_database

pytestmark = pytest.mark.redis

PASSWORD = "a-long-enough-password"
SETUP = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.tests.builders import make_article
user = get_user_model().objects.create_user(
    "desk", password="{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name="Editor"))
article = make_article(title="Shared across servers", draft=True)
print(article.pk, article.get_absolute_url())
"""
RETITLE = (
    "from articles.models import Article; article = Article.objects.get(pk={pk}); "
    "article.title = 'Retitled on another node'; article.save()"
)


class Editor:
    """A browser-like client with its own cookies, signed in to one server."""

    def __init__(self, server):
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def open(self, path, fields=None):
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields else None
        with self.opener.open(self.server.url + path, data=data, timeout=30) as page:
            return page.status, page.geturl(), page.read().decode()

    def post_form(self, path, fields):
        _, _, form = self.open(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        return self.open(path, {**fields, "csrfmiddlewaretoken": token})

    def act(self, action, pk):
        changelist = "/admin/articles/article/"
        status, url, page = self.post_form(
            changelist, {"action": action, "_selected_action": [pk], "index": 0}
        )
        assert status == 200
        assert url.endswith(changelist)
        return page


@pytest.fixture
def shared_site(tmp_path):
    """Two servers, A and B, over one scratch database and one Redis database."""
    cache = redis_url()
    env = {"REDIS_URL": cache}
    with scratch_database(tmp_path) as url:
        manage(url, "setup_roles", check=True)
        pk, path = manage(url, "shell", "-c", SETUP, check=True).stdout.split()[-2:]
        with (
            gunicorn(url, tmp_path, workers=2, env=env) as a,
            gunicorn(url, tmp_path, workers=2, env=env) as b,
        ):
            yield a, b, (int(pk), path), url, cache


def test_changes_through_one_server_show_at_once_on_the_other(shared_site):
    a, b, (pk, path), url, cache = shared_site
    editor = Editor(a)
    status, landed, _ = editor.post_form(
        "/admin/login/?next=/admin/", {"username": "desk", "password": PASSWORD}
    )
    assert (status, landed) == (200, a.url + "/admin/")
    # Readers on B have seen the site (and filled any cache) before each change.
    assert "Shared across servers" not in b.get("/").text

    assert b.get(path).status == 404

    editor.act("publish_now", pk)
    assert "Shared across servers" in b.get("/").text
    assert "Shared across servers" in b.get(path).text

    manage(url, "shell", "-c", RETITLE.format(pk=pk), env={"REDIS_URL": cache})
    assert "Retitled on another node" in b.get("/").text
    assert "Retitled on another node" in b.get(path).text

    editor.act("unpublish", pk)
    assert "Retitled on another node" not in b.get("/").text
    assert b.get(path).status == 404


def test_cache_and_sessions_live_in_the_shared_redis(shared_site):
    a, b, _, _, cache = shared_site
    editor = Editor(a)
    editor.post_form(
        "/admin/login/?next=/admin/", {"username": "desk", "password": PASSWORD}
    )

    # The session A wrote is read on B: the editor is signed in there too.
    editor.server = b
    status, landed, page = editor.open("/admin/")
    assert (status, landed) == (200, b.url + "/admin/")
    assert "Site administration" in page
    keys = redis.Redis.from_url(cache).keys("newsroom:*")
    assert any(b"django.contrib.sessions.cached_db" in key for key in keys), keys
