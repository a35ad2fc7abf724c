"""A tenant's stored files: every object `<schema>/<kind>/<name>` of the private store (core/content/storage.py;
the local disk or a bucket, ADR 0024). In an archive they are `files/<kind>/<name>`, as before the store moved
off the disk, so older archives restore unchanged.

A restore writes the archive's files under their final keys before the database commits, remembering which keys
it created. Stored names are random and never reused, so a key that already exists holds the same bytes. If the
restore fails, the keys it created are removed: the committee's files are as they were. Once the database has
committed, the committee's keys that the archive does not hold are removed: its files become exactly the
archive's.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.content.objects import tenant_objects
from core.content.storage import StoredObject, object_key, put


@dataclass(frozen=True)
class StoredFile:
    kind: str
    relative: str  # the object's name inside <schema>/<kind>/
    stored: StoredObject
    size: int

    @property
    def archive_name(self) -> str:
        return f"files/{self.kind}/{self.relative}"


def tenant_files(schema: str) -> Iterator[StoredFile]:
    """Every object of the tenant, sorted by key."""
    for info in tenant_objects(schema):
        yield StoredFile(kind=info.area, relative=info.name, stored=info.stored(), size=info.size)


def split_archive_name(name: str) -> tuple[str, str]:
    """`files/<kind>/<relative>` → (kind, relative); ValueError for anything that is not a valid object key."""
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "files":
        raise ValueError(f"bad file name in archive: {name!r}")
    try:
        object_key("schema", parts[1], parts[2])
    except FileNotFoundError:
        raise ValueError(f"bad file name in archive: {name!r}") from None
    return parts[1], parts[2]


@dataclass
class FileRestore:
    """The files of one restore into `schema`: written before the commit, settled after it."""

    schema: str
    created: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)

    def write(self, archive_name: str, source: Path) -> None:
        kind, relative = split_archive_name(archive_name)
        key = object_key(self.schema, kind, relative)
        self.kept.add(key)
        stored = StoredObject(key)
        if not stored.exists():
            put(key, source)
            self.created.append(key)

    def discard(self) -> None:
        """The restore failed: remove what it created."""
        for key in self.created:
            StoredObject(key).unlink(missing_ok=True)
        self.created.clear()

    def settle(self) -> int:
        """The restore committed: remove the committee's objects the archive does not hold; returns how many."""
        removed = 0
        for info in tenant_objects(self.schema):
            if info.key not in self.kept:
                info.stored().unlink(missing_ok=True)
                removed += 1
        return removed
