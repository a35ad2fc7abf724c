"""Private storage of uploaded import files: objects `<schema>/imports/<job id>-<random>.<ext>` in the private
store (core/content/storage.py, ADR 0024). Read back only by the import task (through a local copy when the
store is a bucket) and by views that check access first.
"""

from pathlib import Path
from typing import IO

from billing_free.limits import usage_record
from core.content.storage import PrivateStore, StoredObject
from tenants.db.schema import current_schema

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
STORE = PrivateStore("imports")


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def store_upload(job_id: int, filename: str, source: IO[bytes] | Path) -> str:
    """Copy the upload into the current tenant's private area; returns its name there."""
    name = STORE.save(ext=extension_of(filename), source=source, prefix=f"{job_id}-")
    usage_record(current_schema(), "storage", STORE.object(name).size())
    return name


def stored_file(relative: str) -> StoredObject:
    """The stored upload of the current tenant (use `.local_path()` for a file the parsers can open)."""
    return STORE.object(relative)


def delete_stored(relative: str) -> None:
    if not relative:
        return
    stored = STORE.object(relative)
    if not stored.exists():
        return
    size = stored.size()
    STORE.delete(relative)
    usage_record(current_schema(), "storage", -size)
