"""Cover images: checked like any upload (real content type, size), then re-encoded server-side with Pillow into
a 1280-px-wide JPEG and a 480-px thumbnail for lists on phones. Re-encoding drops EXIF (GPS positions, camera
data) and anything hidden in the file; images are turned upright from their EXIF orientation first.
Stored privately (core.content.storage) and served only through an audience check."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from billing_free.limits import quota_check, usage_record
from core.content.storage import PrivateStore
from core.content.uploads import IMAGE_TYPES, check_upload
from tenants.db.schema import current_schema

MAX_UPLOAD = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
FULL_WIDTH = 1280
THUMB_WIDTH = 480
STORE = PrivateStore("news")


@dataclass(frozen=True)
class StoredCover:
    full: str
    thumb: str


def _jpeg(image: Image.Image, width: int) -> bytes:
    if image.width > width:
        image = image.resize((width, max(1, round(width * image.height / image.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def _decoded(upload: UploadedFile) -> Image.Image:
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Ảnh quá lớn (trên 40 triệu điểm ảnh)."), code="too_many_pixels")
            image = ImageOps.exif_transpose(probe)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(
            _("Không đọc được ảnh; đồng chí chọn ảnh JPG, PNG hoặc WEBP khác."), code="bad_image"
        ) from None
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def cover_store(upload: UploadedFile) -> StoredCover:
    """Check, resize and store a cover (the current tenant's private directory); ValidationError in Vietnamese."""
    check_upload(upload, allowed=IMAGE_TYPES, max_size=MAX_UPLOAD)
    quota_check(current_schema(), "storage", upload.size or 0)  # the plan's file size and storage (ADR 0034)
    image = _decoded(upload)
    full, thumb = _jpeg(image, FULL_WIDTH), _jpeg(image, THUMB_WIDTH)
    stored = StoredCover(full=STORE.save(ext="jpg", source=full), thumb=STORE.save(ext="jpg", source=thumb))
    usage_record(current_schema(), "storage", len(full) + len(thumb))
    return stored


def cover_delete(*names: str) -> None:
    for name in names:
        stored = STORE.object(name)
        if not stored.exists():
            continue
        size = stored.size()
        STORE.delete(name)
        usage_record(current_schema(), "storage", -size)
