"""Private storage of meeting documents: objects `<schema>/meetings/<random>.<ext>` in the private store
(core/content/storage.py, ADR 0024). Only read back by views that check access first; never a public URL.
"""

from pathlib import Path

from django.core.files.base import File

from core.content.storage import PrivateStore, StoredObject

STORE = PrivateStore("meetings")


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


def store_document(filename: str, source: File) -> str:
    """Copy the upload into the current tenant's private area; returns its name there."""
    return STORE.save(ext=extension_of(filename), source=source)


def stored_document(relative: str) -> StoredObject:
    """The stored document of the current tenant (FileNotFoundError for names that are not one safe segment)."""
    return STORE.object(relative)


def delete_document(relative: str) -> None:
    STORE.delete(relative)
