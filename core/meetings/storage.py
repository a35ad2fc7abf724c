"""Private storage of meeting documents: MEDIA_ROOT/meetings/<schema>/<random>.<ext>.

A thin layer over the shared private store (core/content/storage.py): files live outside any served directory
and are only read back by views that check access first; the schema in the path keeps tenants' files apart on
disk. Never a public URL.
"""

from pathlib import Path

from django.core.files.base import File

from core.content.storage import PrivateStore, media_root

STORE = PrivateStore("meetings")


def documents_root() -> Path:
    """MEDIA_ROOT/meetings, or <data dir>/media/meetings when MEDIA_ROOT is not configured."""
    return media_root() / STORE.area


def schema_dir(schema: str | None = None) -> Path:
    return STORE.directory(schema)


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def store_document(filename: str, source: File) -> str:
    """Copy the upload into the current tenant's private directory; returns the name relative to it."""
    return STORE.save(ext=extension_of(filename), source=source)


def stored_document(relative: str) -> Path:
    """The absolute path of a stored document of the current tenant (refuses paths leaving its directory)."""
    return STORE.path(relative)


def delete_document(relative: str) -> None:
    STORE.delete(relative)
