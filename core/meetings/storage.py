"""Private storage of meeting documents: MEDIA_ROOT/meetings/<schema>/<random>.<ext>.

Mirrors core/imports/storage.py: files live outside any served directory and are only read back by views
that check access first; the schema in the path keeps tenants' files apart on disk. Never a public URL.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import File

from tenants.db.schema import current_schema


def documents_root() -> Path:
    """MEDIA_ROOT/meetings, or <data dir>/media/meetings when MEDIA_ROOT is not configured."""
    media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.DATA_DIR) / "media"
    return media / "meetings"


def schema_dir(schema: str | None = None) -> Path:
    return documents_root() / (schema or current_schema())


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def store_document(filename: str, source: File) -> str:
    """Copy the upload into the current tenant's private directory; returns the name relative to it."""
    directory = schema_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{secrets.token_hex(16)}.{extension_of(filename)}"
    target = directory / relative
    with target.open("wb") as out:
        for chunk in source.chunks():
            out.write(chunk)
    target.chmod(0o600)
    return relative


def stored_document(relative: str) -> Path:
    """The absolute path of a stored document of the current tenant (refuses paths leaving its directory)."""
    directory = schema_dir().resolve()
    path = (directory / relative).resolve()
    if directory not in path.parents:
        raise FileNotFoundError(relative)
    return path


def delete_document(relative: str) -> None:
    if relative:
        stored_document(relative).unlink(missing_ok=True)
