"""Moving a tenant's files from the old disk layout (`MEDIA_ROOT/<area>/<schema>/<name>`, before ADR 0024) into
the private store (`<schema>/<area>/<name>`: a bucket, or MEDIA_ROOT/objects/ on the local backend).

Each file is hashed (sha256), written, read back from the store and hashed again; only a match removes the old
file (unless `keep`). Running it again resumes: files already moved are gone from the old layout, and a file
whose key already holds the same bytes (a run stopped between the write and the removal) is only removed. A key
holding *other* bytes is a conflict: reported, nothing overwritten, the old file kept.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.content.storage import CHUNK, StoredObject, media_root, object_key, put

LOCAL_OBJECTS = "objects"  # MEDIA_ROOT/objects/ is the local backend's own tree, never an old-layout area


@dataclass(frozen=True)
class LegacyFile:
    area: str
    name: str
    path: Path


@dataclass
class MoveReport:
    total: int = 0
    moved: int = 0
    already: int = 0
    bytes_moved: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # names that cannot be a key (left on disk)

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.refused


Progress = Callable[[int, int, LegacyFile], None]


def legacy_files(owner: str) -> Iterator[LegacyFile]:
    """Regular files under MEDIA_ROOT/<area>/<owner>/ (symbolic links are not followed), sorted."""
    root = media_root()
    if not root.is_dir():
        return
    for area_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in (LOCAL_OBJECTS,)):
        base = area_dir / owner
        if area_dir.name.startswith(".") or not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield LegacyFile(area=area_dir.name, name=path.relative_to(base).as_posix(), path=path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _move_one(item: LegacyFile, owner: str, report: MoveReport, *, keep: bool) -> None:
    try:
        key = object_key(owner, item.area, item.name)
    except FileNotFoundError:
        report.refused.append(str(item.path))
        return
    expected, stored = file_sha256(item.path), StoredObject(key)
    if stored.exists():
        if stored.sha256() != expected:
            report.conflicts.append(key)
            return
        report.already += 1
    else:
        put(key, item.path)
        if stored.sha256() != expected:
            stored.unlink(missing_ok=True)
            raise OSError(f"{key}: the stored copy differs from {item.path} (checksum); nothing removed")
        report.moved += 1
        report.bytes_moved += item.path.stat().st_size
    if not keep:
        item.path.unlink()


def _prune(owner: str) -> None:
    """Remove the owner's now-empty old directories (deepest first)."""
    root = media_root()
    if not root.is_dir():
        return
    for area_dir in root.iterdir():
        base = area_dir / owner
        if area_dir.name == LOCAL_OBJECTS or not base.is_dir() or base.is_symlink():
            continue
        for directory in sorted((d for d in base.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
            if not any(directory.iterdir()):
                directory.rmdir()
        if not any(base.iterdir()):
            base.rmdir()


def storage_move(*, owner: str, keep: bool = False, progress: Progress | None = None) -> MoveReport:
    """Move every old-layout file of `owner` (a schema, or PLATFORM) into the private store."""
    items = list(legacy_files(owner))
    report = MoveReport(total=len(items))
    for done, item in enumerate(items, start=1):
        _move_one(item, owner, report, keep=keep)
        if progress is not None:
            progress(done, report.total, item)
    if not keep:
        _prune(owner)
    return report
