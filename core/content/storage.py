"""Private file storage through Django's storage API: one key per file, `<owner>/<area>/<name>` (ADR 0024).

`owner` is the tenant's schema (or PLATFORM for platform-wide files, ADR 0015: schema names start with a letter,
so it cannot collide with a tenant); `area` is the app ("meetings", "library", "news", "imports"); `name` is
random (128 bits), never derived from an id, so a key is never guessable. The backend is the `private` entry of
settings.STORAGES: the local disk under MEDIA_ROOT/objects/ by default (`make run`), an S3-compatible bucket
when S3_BUCKET is set (config/settings/base.py). Objects are private: nothing is ever served by URL from the
store; views that checked access stream them (`file_response`).

    store = PrivateStore("library")
    name = store.save(ext="pdf", source=upload)     # in the current tenant's area
    stored = store.object(name)                      # FileNotFoundError for names that are not one safe segment
    with stored.open() as handle: ...
"""

import hashlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse

from tenants.db.schema import current_schema

PLATFORM = "_platform"
ALIAS = "private"
CHUNK = 1024 * 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")
OWNER_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_AREA = re.compile(r"[a-z][a-z0-9_]{0,30}")


def media_root() -> Path:
    """MEDIA_ROOT, or <data dir>/media when MEDIA_ROOT is not configured."""
    return Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.DATA_DIR) / "media"


class LocalObjectStorage(FileSystemStorage):
    """The default backend: keys as paths under MEDIA_ROOT/objects/ (0700 directories, 0600 files), never served."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        """Read on every use, as MEDIA_ROOT may change under a running process (tests, the browser tests'
        live server)."""
        return str(media_root() / "objects")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> Storage:
    return storages[ALIAS]


def is_s3(storage: Storage | None = None) -> bool:
    return hasattr(storage or private_storage(), "bucket")


def object_key(owner: str, area: str, name: str) -> str:
    """The key of a stored file; FileNotFoundError for anything but one safe segment each (no path tricks)."""
    if not (OWNER_RE.fullmatch(owner) and _AREA.fullmatch(area) and _NAME.fullmatch(name)) or ".." in name:
        raise FileNotFoundError(f"{owner}/{area}/{name}")
    return f"{owner}/{area}/{name}"


def _missing(exc: Exception) -> bool:
    """Does a backend error mean "no such object"? (S3: a 404/NoSuchKey ClientError.)"""
    response = getattr(exc, "response", None)
    code = str((response or {}).get("Error", {}).get("Code", ""))
    return isinstance(exc, FileNotFoundError) or code in {"404", "NoSuchKey", "NotFound"}


class StoredObject:
    """A handle on one stored file: open it, size it, copy it locally, remove it."""

    def __init__(self, key: str, storage: Storage | None = None) -> None:
        self.key = key
        self.storage = storage or private_storage()

    def __repr__(self) -> str:
        return f"StoredObject({self.key!r})"

    def open(self, mode: str = "rb") -> IO[bytes]:
        """A stream of the bytes (read-only: `mode` is "rb", as for Path.open); FileNotFoundError when the object
        is gone. S3 objects stream from the bucket (never buffered whole in memory or on disk)."""
        if mode != "rb":
            raise ValueError("stored objects are opened read-only")
        try:
            if is_s3(self.storage):
                s3: Any = self.storage
                answer = s3.bucket.Object(s3._normalize_name(self.key)).get()  # the key with S3_LOCATION
                return answer["Body"]
            return self.storage.open(self.key, "rb")
        except Exception as exc:
            if _missing(exc):
                raise FileNotFoundError(self.key) from None
            raise

    def size(self) -> int:
        try:
            return int(self.storage.size(self.key))
        except Exception as exc:
            if _missing(exc):
                raise FileNotFoundError(self.key) from None
            raise

    def exists(self) -> bool:
        return bool(self.storage.exists(self.key))

    def unlink(self, missing_ok: bool = True) -> None:
        if not missing_ok and not self.exists():
            raise FileNotFoundError(self.key)
        self.storage.delete(self.key)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.open() as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    @contextmanager
    def local_path(self) -> Iterator[Path]:
        """A path on this machine holding the bytes (parsers that need a real file): the file itself on the
        local backend, a private temporary copy (removed afterwards) on a bucket."""
        if not is_s3(self.storage):
            path = Path(self.storage.path(self.key))
            if not path.is_file():
                raise FileNotFoundError(self.key)
            yield path
            return
        suffix = Path(self.key).suffix
        with tempfile.NamedTemporaryFile(prefix="sotay-obj-", suffix=suffix) as copy:
            with self.open() as source:
                shutil.copyfileobj(source, copy, CHUNK)
            copy.flush()
            yield Path(copy.name)


def put(key: str, source: File | IO[bytes] | bytes | Path, storage: Storage | None = None) -> str:
    """Write `source` under exactly `key` (never renamed) and return the key."""
    storage = storage or private_storage()
    if isinstance(source, bytes):
        content: File = ContentFile(source)
    elif isinstance(source, Path):
        with source.open("rb") as handle:
            return put(key, handle, storage)
    else:
        source.seek(0)
        # A plain File wrapper: Django would otherwise *move* a temporary upload instead of copying it.
        content = File(source)
    saved = storage.save(key, content)
    if saved != key:  # a random name already taken: never happens in practice, never silently renamed
        storage.delete(saved)
        raise FileExistsError(key)
    return key


class PrivateStore:
    def __init__(self, area: str) -> None:
        if not _AREA.fullmatch(area):
            raise ValueError(area)
        self.area = area

    def key(self, name: str, owner: str | None = None) -> str:
        return object_key(owner or current_schema(), self.area, name)

    def object(self, name: str, owner: str | None = None) -> StoredObject:
        """The stored file `name` of `owner` (the current schema by default)."""
        return StoredObject(self.key(name, owner))

    def save(
        self, *, ext: str, source: File | IO[bytes] | bytes | Path, owner: str | None = None, prefix: str = ""
    ) -> str:
        """Store the bytes under a random name; returns the name (relative to the owner's area)."""
        name = f"{prefix}{secrets.token_hex(16)}" + (f".{ext.lstrip('.')}" if ext else "")
        put(self.key(name, owner), source)
        return name

    def delete(self, name: str, owner: str | None = None) -> None:
        if name:
            self.object(name, owner).unlink(missing_ok=True)


def file_response(stored: StoredObject, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """A stored file for a reader who passed the access check, streamed through this process (ADR 0024);
    FileNotFoundError (object gone) is the caller's 404."""
    size = stored.size()
    handle = stored.open()
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
