"""What a tenant keeps in the private store: its objects (`<schema>/<area>/<name>`, core/content/storage.py) and
their total size, for backups, the move to a bucket and billing_free's quotas.

    usage = storage_usage("hanoi")   # Usage(objects=1234, bytes=56_789_012)

One listing per call: a bucket is listed by prefix (1,000 keys per request), the local store by walking the
tenant's directory. Neither reads another tenant's keys: the prefix is the schema and a slash.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import Storage

from core.content.storage import OWNER_RE, PLATFORM, StoredObject, is_s3, private_storage


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int

    @property
    def area(self) -> str:
        return self.key.split("/", 2)[1]

    @property
    def name(self) -> str:
        return self.key.split("/", 2)[2]

    def stored(self, storage: Storage | None = None) -> StoredObject:
        return StoredObject(self.key, storage)


@dataclass(frozen=True)
class Usage:
    objects: int
    bytes: int


def _check_owner(owner: str) -> str:
    if not (OWNER_RE.fullmatch(owner) and (owner == PLATFORM or owner[0].isalpha())):
        raise ValueError(f"not a schema name: {owner!r}")
    return owner


def _bucket_objects(storage: Storage, owner: str) -> Iterator[ObjectInfo]:
    location = str(getattr(storage, "location", "") or "").strip("/")  # S3_LOCATION: keys under a folder
    base = f"{location}/" if location else ""
    for summary in storage.bucket.objects.filter(Prefix=f"{base}{owner}/"):  # type: ignore[attr-defined]
        key = summary.key[len(base) :]
        if key.count("/") >= 2 and not key.endswith("/"):
            yield ObjectInfo(key=key, size=int(summary.size))


def _disk_objects(storage: Storage, owner: str) -> Iterator[ObjectInfo]:
    base = Path(storage.path(owner))
    if not base.is_dir() or base.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink() and not filename.startswith("."):
                relative = path.relative_to(base).as_posix()
                if relative.count("/") >= 1:
                    yield ObjectInfo(key=f"{owner}/{relative}", size=path.stat().st_size)


def tenant_objects(owner: str, storage: Storage | None = None) -> Iterator[ObjectInfo]:
    """Every object of `owner` (a schema name, or PLATFORM), sorted by key."""
    storage = storage or private_storage()
    _check_owner(owner)
    found = _bucket_objects(storage, owner) if is_s3(storage) else _disk_objects(storage, owner)
    yield from sorted(found, key=lambda info: info.key)


def storage_usage(owner: str, storage: Storage | None = None) -> Usage:
    """Objects and bytes stored for `owner` (billing_free's quotas count these)."""
    objects = total = 0
    for info in tenant_objects(owner, storage):
        objects += 1
        total += info.size
    return Usage(objects=objects, bytes=total)
