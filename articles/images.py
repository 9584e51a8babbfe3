"""Cover image renditions: one upload in, the feed's variants out, via storage.

The uploaded bytes are never stored or served: every variant is decoded and
re-encoded by Pillow, which drops EXIF/GPS metadata and anything appended to
the image (an HTML or script "polyglot" tail).
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageOps

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Pillow warns past this many pixels and refuses past twice as many; both are
# treated as a refusal below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Decided by content: Pillow only tries these decoders, whatever the file name.
FORMATS = ("JPEG", "PNG", "WEBP")
QUALITY = 85
# Widths of the feed's variants; "full" keeps the original size.
WIDTHS = {"regular": 1080, "small": 400, "thumb": 200}
# A resize first shrinks by an integer factor with Image.reduce() while the
# result stays this many times larger than the target: fast, and measured to
# look the same as a full Lanczos/bicubic pass.
REDUCING_GAP = 3.0


class ImageRejected(ValueError):
    """An upload that cannot become a cover; the message is for an editor."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Encoded:
    data: bytes
    extension: str
    width: int
    height: int


def open_image(file):
    """The decoded, upright image in ``file``; ImageRejected when unusable."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImageRejected(
            f"The image is larger than {MAX_BYTES // (1024 * 1024)} MB.", "too_large"
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=FORMATS) as image:
                image.load()
                return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"The image has more than {MAX_PIXELS // 1_000_000} million pixels.",
            "too_many_pixels",
        ) from None
    except Image.UnidentifiedImageError:
        raise ImageRejected(
            "The file is not a JPEG, PNG or WebP image.", "not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            "The image is damaged or incomplete; export it again.", "broken"
        ) from None


def render_variants(file):
    """Every variant of the image in ``file``, encoded in memory: nothing stored."""
    image = open_image(file)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    # JPEG like the feed's variants; WebP keeps transparency where there is some.
    kind, extension = ("WEBP", "webp") if has_alpha else ("JPEG", "jpg")
    icc_profile = image.info.get("icc_profile")
    current = image.convert("RGBA" if has_alpha else "RGB")
    variants = {"full": _encode(current, kind, extension, icc_profile)}
    # Each variant is shrunk from the previous, larger one: cheaper than
    # resizing the original three times.
    for name, width in WIDTHS.items():
        current = current.copy()
        current.thumbnail((width, current.height), reducing_gap=REDUCING_GAP)
        variants[name] = _encode(current, kind, extension, icc_profile)
    return variants


def _encode(image, kind, extension, icc_profile):
    buffer = BytesIO()
    # No exif= argument: Pillow then writes no EXIF (GPS, camera, orientation).
    image.save(buffer, kind, quality=QUALITY, icc_profile=icc_profile)
    return Encoded(buffer.getvalue(), extension, image.width, image.height)


def store_variants(variants, storage=None):
    """Save encoded variants through ``storage``; ``{variant: name}``, all or none."""
    storage = storage or default_storage
    stem = f"covers/{timezone.now():%Y/%m}/{secrets.token_hex(8)}"
    names = {}
    try:
        for variant, encoded in variants.items():
            names[variant] = storage.save(
                f"{stem}-{variant}.{encoded.extension}", ContentFile(encoded.data)
            )
    except BaseException:
        delete_variants(names, storage)
        raise
    return names


def delete_variants(names, storage=None):
    """Remove stored variants, e.g. when the article they were for is not saved."""
    storage = storage or default_storage
    for name in names.values():
        storage.delete(name)


def stored_variants(full_name):
    """``{variant: name}`` of the variants stored along with ``full_name``."""
    stem, found, extension = full_name.rpartition("-full.")
    if not found:
        return {}
    return {name: f"{stem}-{name}.{extension}" for name in ("full", *WIDTHS)}


def variant_urls(names, storage=None):
    """The article's six cover URLs for stored variant ``names``."""
    storage = storage or default_storage
    urls = {variant: storage.url(name) for variant, name in names.items()}
    # The original is never kept (it may carry GPS data or a hostile tail):
    # "raw" is the full-size re-encoding, and "small_s3" the small variant.
    return {**urls, "raw": urls["full"], "small_s3": urls["small"]}


def make_renditions(file, storage=None):
    """Render and store every variant of ``file``; ``{variant: url}``."""
    return variant_urls(store_variants(render_variants(file), storage), storage)
