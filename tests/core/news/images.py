"""Real image files for upload tests, made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_upload(width: int = 2400, height: int = 1600, name: str = "anh-hoi-nghi.png") -> SimpleUploadedFile:
    image = Image.new("RGBA", (width, height), (200, 30, 30, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def jpeg_with_exif(name: str = "anh.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (900, 600), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
