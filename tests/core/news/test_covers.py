"""Cover images: real content checked, resized server-side, EXIF dropped and orientation applied."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.news.covers import FULL_WIDTH, STORE, THUMB_WIDTH, cover_store
from core.news.services.articles import article_update
from tests.core.news.conftest import content, draft
from tests.core.news.images import jpeg_with_exif, png_upload


def _open(name: str) -> Image.Image:
    with STORE.object(name).open() as handle:
        return Image.open(io.BytesIO(handle.read()))


def test_large_png_becomes_a_1280_jpeg_and_a_480_thumbnail(alpha):
    from tests.helpers import in_tenant

    with in_tenant(alpha):
        stored = cover_store(png_upload(2400, 1600))
        full, thumb = _open(stored.full), _open(stored.thumb)
        assert full.format == thumb.format == "JPEG"
        assert full.size == (FULL_WIDTH, 853) and thumb.size == (THUMB_WIDTH, 320)
        assert STORE.object(stored.full).key == f"alpha/news/{stored.full}"  # the tenant's own keys


def test_exif_is_dropped_and_orientation_applied(alpha):
    from tests.helpers import in_tenant

    with in_tenant(alpha):
        stored = cover_store(jpeg_with_exif())
        full = _open(stored.full)
        assert full.size == (600, 900)  # turned upright
        assert not full.getexif()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("anh.png", b"<?php echo 1; ?>", content_type="image/png"), "content_mismatch"),
        (SimpleUploadedFile("anh.gif", b"GIF89a....", content_type="image/gif"), "bad_type"),
        (SimpleUploadedFile("anh.jpg", b"", content_type="image/jpeg"), "empty"),
        (SimpleUploadedFile("bai.pdf", b"%PDF-1.4 ...", content_type="application/pdf"), "bad_type"),
    ],
)
def test_bad_uploads_are_refused_in_vietnamese(alpha, upload, code):
    with pytest.raises(ValidationError) as exc:
        cover_store(upload)
    assert exc.value.code == code and "Tệp" in exc.value.messages[0]


def test_truncated_image_is_refused(alpha):
    good = png_upload(300, 200).read()
    broken = SimpleUploadedFile("anh.png", good[:80], content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        cover_store(broken)
    assert exc.value.code == "bad_image"


def test_replacing_a_cover_deletes_the_old_files(world, django_capture_on_commit_callbacks):
    article = draft(world)
    article = article_update(
        article=article,
        content=content(audience=world.tree.d1),
        actor=world.users["editor_d1"],
        cover=png_upload(800, 600),
    )
    old = [article.cover, article.cover_thumb]
    with django_capture_on_commit_callbacks(execute=True):
        article = article_update(
            article=article,
            content=content(audience=world.tree.d1),
            actor=world.users["editor_d1"],
            cover=png_upload(640, 480),
        )
    assert article.cover not in old and STORE.object(article.cover).exists()
    assert not any(STORE.object(name).exists() for name in old)
    out = io.BytesIO(STORE.object(article.cover).open().read())
    assert Image.open(out).size == (640, 480)  # small images are not enlarged
