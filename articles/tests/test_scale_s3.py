"""Covers in S3-compatible object storage, proved against moto's S3 server."""

import json
import subprocess
import sys
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsroom.settings import s3_public_url, s3_storage

from .builders import make_article
from .desk import change_url, form_data
from .servers import free_port, manage

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server on a free loopback port, stopped after the module."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    moto = Path(sys.executable).with_name("moto_server")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)  # bounded poll for the server to come up
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def bucket_env(s3_endpoint):
    """The documented variables for a bucket of our own, created empty."""
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=BUCKET)
    # Readers fetch covers straight from the bucket (or its CDN): public read.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield (
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **CREDENTIALS,
        },
        s3,
    )
    while stored := keys(s3)[:1000]:
        s3.delete_objects(
            Bucket=BUCKET, Delete={"Objects": [{"Key": key} for key in stored]}
        )
    s3.delete_bucket(Bucket=BUCKET)


def jpeg(size=(1600, 900)):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue())


def keys(s3, prefix=""):
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_editor_upload_lands_in_the_bucket_and_the_article_links_there(
    editor, settings, bucket_env
):
    env, s3 = bucket_env
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(env)}
    article = make_article(title="Covered by object storage")

    response = editor.post(change_url(article), form_data(article, cover_upload=jpeg()))

    assert response.status_code == 302
    stored = keys(s3, "covers/")
    assert [key.rsplit("-", 1)[1] for key in stored] == [
        "full.jpg",
        "regular.jpg",
        "small.jpg",
        "thumb.jpg",
    ]
    article.refresh_from_db()
    base = s3_public_url(env)
    assert base == f"{env['AWS_S3_ENDPOINT_URL']}/{BUCKET}/"
    assert {article.cover_full, article.cover_regular, article.cover_small} | {
        article.cover_thumb
    } == {base + key for key in stored}
    assert article.cover_raw == article.cover_full
    assert article.cover_small_s3 == article.cover_small
    with urllib.request.urlopen(article.cover_thumb, timeout=10) as cover:
        assert cover.headers["Content-Type"] == "image/jpeg"
        assert Image.open(BytesIO(cover.read())).size == (200, 113)
    head = s3.head_object(Bucket=BUCKET, Key=stored[-1])
    assert head["CacheControl"] == "public, max-age=31536000, immutable"


def test_refused_upload_puts_nothing_in_the_bucket(editor, settings, bucket_env):
    env, s3 = bucket_env
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(env)}
    article = make_article()
    svg = SimpleUploadedFile("cover.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')

    response = editor.post(change_url(article), form_data(article, cover_upload=svg))

    assert response.status_code == 200
    assert keys(s3) == []


def test_environment_switches_media_to_the_bucket(bucket_env, tmp_path):
    env, _ = bucket_env
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    show = (
        "from django.conf import settings; "
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__name__, d.url('covers/a.jpg'), settings.MEDIA_URL, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )

    local = manage(url, "shell", "-c", show, check=True).stdout.splitlines()[-1].split()
    in_bucket = (
        manage(url, "shell", "-c", show, env=env, check=True)
        .stdout.splitlines()[-1]
        .split()
    )
    behind_cdn = (
        manage(
            url,
            "shell",
            "-c",
            show,
            env={**env, "AWS_S3_CUSTOM_DOMAIN": "cdn.example.com"},
            check=True,
        )
        .stdout.splitlines()[-1]
        .split()
    )

    endpoint = env["AWS_S3_ENDPOINT_URL"]
    assert local == ["FileSystemStorage", "/media/covers/a.jpg", "/media/", "https:"]
    assert in_bucket == [
        "S3Storage",
        f"{endpoint}/{BUCKET}/covers/a.jpg",
        f"{endpoint}/{BUCKET}/",
        endpoint,
    ]
    assert behind_cdn[:3] == [
        "S3Storage",
        "https://cdn.example.com/covers/a.jpg",
        "https://cdn.example.com/",
    ]


def test_collectstatic_to_the_bucket_for_several_servers(bucket_env, tmp_path):
    env, s3 = bucket_env
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {**env, "DJANGO_STATIC_IN_BUCKET": "1"}
    settings_env = {"DJANGO_SETTINGS_MODULE": "newsroom.settings"}

    result = manage(
        url, "collectstatic", "--noinput", env={**env, **settings_env}, timeout=600
    )

    assert result.returncode == 0, result.stderr
    stored = keys(s3, "static/")
    assert "static/admin/css/base.css" in stored
    assert "static/staticfiles.json" in stored
