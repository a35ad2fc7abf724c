"""Attachment checks shared by content types: allowed kinds, size limit and the real content type.

The type is read from the file's bytes (the `filetype` library's signatures, then the ZIP directory for
Office Open XML files), never from the extension or the browser's header; the extension must agree with what
the bytes say. Errors are Vietnamese `ValidationError`s with a code, for forms and the API alike.

    checked = check_upload(upload)                       # raises ValidationError
    name = PrivateStore("library").save(ext=checked.ext, source=upload)
    Attachment(..., content_type=checked.content_type, size=checked.size, original_name=checked.name)
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_SIZE = 20 * 1024 * 1024
SNIFF_BYTES = 8192

# Extension → (content type served, family). Families group extensions that share a signature.
DOCUMENT_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "doc": ("application/msword", "ole"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "png": ("image/png", "png"),
    "webp": ("image/webp", "webp"),
}
IMAGE_TYPES = {ext: value for ext, value in DOCUMENT_TYPES.items() if value[0].startswith("image/")}
# filetype's extension → our family.
_SNIFFED = {"pdf": "pdf", "doc": "ole", "xls": "ole", "ppt": "ole", "jpg": "jpeg", "png": "png", "webp": "webp"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the original file name without any directory part
    ext: str
    content_type: str
    size: int


def clean_name(name: str | None) -> str:
    return (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()[:255]


def sniff_family(upload: UploadedFile) -> str | None:
    """What the bytes are: pdf, ole (DOC/XLS), docx, xlsx, jpeg, png, webp, zip, or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        return next((family for family, part in _OOXML_PART.items() if part in names), "zip")
    if head[:8] == OLE_MAGIC:  # Compound File (Word/Excel 97-2003); filetype wants a full directory sector
        return "ole"
    kind = filetype.guess(head)
    return _SNIFFED.get(kind.extension) if kind is not None else None


def _allowed_list(allowed: dict[str, tuple[str, str]]) -> str:
    return ", ".join(sorted({ext.upper() for ext in allowed if ext != "jpeg"}))


def check_upload(
    upload: UploadedFile, *, allowed: dict[str, tuple[str, str]] | None = None, max_size: int = MAX_SIZE
) -> CheckedUpload:
    """The upload's name, extension, real content type and size, or a ValidationError in Vietnamese."""
    allowed = allowed if allowed is not None else DOCUMENT_TYPES
    name = clean_name(upload.name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s”: chỉ nhận %(kinds)s.") % {"name": name, "kinds": _allowed_list(allowed)}, code="bad_type"
        )
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng, đồng chí chọn lại tệp.") % {"name": name}, code="empty")
    if size > max_size:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s): tối đa %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_size)},
            code="too_large",
        )
    content_type, family = allowed[ext]
    if sniff_family(upload) != family:
        raise ValidationError(
            _("Tệp “%(name)s” có đuôi .%(ext)s nhưng nội dung không phải tệp %(kind)s thật; đồng chí kiểm tra lại tệp.")
            % {"name": name, "ext": ext, "kind": ext.upper()},
            code="content_mismatch",
        )
    return CheckedUpload(name=name, ext=ext, content_type=content_type, size=size)
