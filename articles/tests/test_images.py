"""Cover renditions from real images generated here with Pillow."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import (
    MAX_BYTES,
    ImageRejected,
    make_renditions,
    render_variants,
)

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def make_image_bytes(size=(1600, 900), kind="JPEG", mode="RGB", exif=None):
    image = Image.new(mode, size, "red" if mode != "RGBA" else (255, 0, 0, 128))
    # A marker in the top-left corner shows which way up the result is.
    image.paste("blue" if mode != "RGBA" else (0, 0, 255, 255), (0, 0, 40, 40))
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def upload(data, name="cover.jpg"):
    return SimpleUploadedFile(name, data)


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def open_stored(url, settings):
    name = url.removeprefix(settings.MEDIA_URL)
    with default_storage.open(name) as file:
        image = Image.open(BytesIO(file.read()))
        image.load()
    return image


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_variants_keep_aspect_ratio_at_the_feed_widths(kind):
    variants = render_variants(upload(make_image_bytes((1600, 900), kind)))

    sizes = {name: (v.width, v.height) for name, v in variants.items()}
    assert sizes == {
        "full": (1600, 900),
        "regular": (1080, 608),
        "small": (400, 225),
        "thumb": (200, 113),
    }


def test_small_image_is_never_upscaled():
    variants = render_variants(upload(make_image_bytes((300, 150))))

    assert {(v.width, v.height) for v in variants.values()} == {(300, 150), (200, 100)}
    assert (variants["regular"].width, variants["small"].width) == (300, 300)


def test_renditions_are_stored_and_their_urls_returned(settings):
    urls = make_renditions(upload(make_image_bytes()))

    assert set(urls) == {"raw", "full", "regular", "small", "thumb", "small_s3"}
    assert urls["raw"] == urls["full"]
    assert urls["small_s3"] == urls["small"]
    assert all(url.startswith(settings.MEDIA_URL + "covers/") for url in urls.values())
    assert open_stored(urls["thumb"], settings).size == (200, 113)
    assert open_stored(urls["full"], settings).format == "JPEG"
    assert len(stored_files(settings.MEDIA_ROOT)) == 4


def test_exif_orientation_applied_and_metadata_stripped(settings):
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6  # rotate 90° clockwise to show
    exif[GPS_TAG] = {1: "N", 2: (48.0, 51.0, 24.0)}
    exif[0x010F] = "Camera maker"
    data = make_image_bytes((1600, 900), exif=exif.tobytes())

    urls = make_renditions(upload(data))

    full = open_stored(urls["full"], settings)
    assert full.size == (900, 1600)
    # The blue marker, top-left in the file, is top-right once upright.
    assert full.getpixel((880, 10))[2] > 200
    assert not full.getexif()
    assert "exif" not in full.info


def test_transparent_png_stays_transparent_as_webp(settings):
    urls = make_renditions(upload(make_image_bytes(kind="PNG", mode="RGBA"), "a.png"))

    small = open_stored(urls["small"], settings)
    assert small.format == "WEBP"
    assert small.mode == "RGBA"
    assert small.getpixel((300, 200))[3] < 255


def truncated_jpeg():
    return make_image_bytes((800, 600))[:2000]


def decompression_bomb():
    # 10,000 x 10,000 = 100 megapixels of one colour: a tiny PNG file.
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_WITH_GIF_HEADER = b"GIF89a<html><script>alert(document.cookie)</script></html>"
HTML_WITH_PNG_HEADER = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 not an image at all", "not_an_image"),
        (SVG, "not_an_image"),
        (HTML_WITH_GIF_HEADER, "not_an_image"),
        (HTML_WITH_PNG_HEADER, "not_an_image"),
        (truncated_jpeg(), "broken"),
        (decompression_bomb(), "too_many_pixels"),
        (b"\xff\xd8" + b"\0" * (MAX_BYTES + 1), "too_large"),
    ],
    ids=["pdf", "svg", "html-gif", "html-png", "truncated", "bomb", "too-large"],
)
def test_hostile_uploads_are_rejected_and_nothing_stored(settings, data, code):
    with pytest.raises(ImageRejected) as rejected:
        make_renditions(upload(data, "innocent.jpg"))

    assert rejected.value.code == code
    assert stored_files(settings.MEDIA_ROOT) == []


def test_appended_html_does_not_survive_reencoding(settings):
    data = make_image_bytes() + b"<html><script>alert(1)</script></html>"

    urls = make_renditions(upload(data))

    for url in urls.values():
        with default_storage.open(url.removeprefix(settings.MEDIA_URL)) as file:
            assert b"<script>" not in file.read()


# Closing a response ends the request, which checks the database connection.
@pytest.mark.django_db
def test_media_route_serves_stored_covers_safely(client, settings):
    urls = make_renditions(upload(make_image_bytes()))

    response = client.get(urls["thumb"])
    body = b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(BytesIO(body)).size == (200, 113)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("covers/missing.jpg", 404), ("covers/", 404), ("../settings.py", 400)],
)
def test_media_route_serves_nothing_else(client, settings, path, status):
    make_renditions(upload(make_image_bytes()))
    (settings.MEDIA_ROOT.parent / "settings.py").write_text("SECRET = 1")

    response = client.get(settings.MEDIA_URL + path)

    assert response.status_code == status
