"""A tenant's stored files: every `MEDIA_ROOT/<kind>/<schema>/` directory (imports, meetings, and whatever kind
a later app adds under the same layout). In an archive they are `files/<kind>/<path inside the schema dir>`.

A restore writes them into a staging directory beside each kind's schema directory first and swaps the
directories only after the database has committed, so a failed restore leaves the committee's files as they
were.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def media_root() -> Path:
    """MEDIA_ROOT, or <data dir>/media when it is not configured (as the storage modules do)."""
    return Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.DATA_DIR) / "media"


@dataclass(frozen=True)
class StoredFile:
    kind: str
    relative: str  # inside MEDIA_ROOT/<kind>/<schema>/, with "/" separators
    path: Path

    @property
    def archive_name(self) -> str:
        return f"files/{self.kind}/{self.relative}"


def tenant_files(schema: str) -> Iterator[StoredFile]:
    """Regular files under MEDIA_ROOT/*/<schema>/ (symbolic links are not followed), sorted."""
    root = media_root()
    if not root.is_dir():
        return
    for kind_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        base = kind_dir / schema
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_file() and not path.is_symlink():
                    yield StoredFile(kind=kind_dir.name, relative=path.relative_to(base).as_posix(), path=path)


def split_archive_name(name: str) -> tuple[str, str]:
    """`files/<kind>/<relative>` → (kind, relative); ValueError for anything that could leave its directory."""
    parts = name.split("/")
    if len(parts) < 3 or parts[0] != "files" or any(p in ("", ".", "..") for p in parts[1:]):
        raise ValueError(f"bad file name in archive: {name!r}")
    return parts[1], "/".join(parts[2:])


def staging_dir(kind: str, token: str) -> Path:
    return media_root() / kind / f".restore-{token}"


def swap_in(kinds: set[str], schema: str, token: str) -> None:
    """Replace every MEDIA_ROOT/<kind>/<schema>/ by its staging directory (kinds absent from the archive are
    emptied: the committee's files become exactly the archive's)."""
    root = media_root()
    existing = {p.name for p in root.iterdir() if p.is_dir() and (p / schema).is_dir()} if root.is_dir() else set()
    for kind in sorted(kinds | existing):
        target = root / kind / schema
        old = root / kind / f".old-{token}"
        if target.exists():
            target.rename(old)
        staged = staging_dir(kind, token)
        if staged.exists():
            staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def discard_staging(kinds: set[str], token: str) -> None:
    for kind in kinds:
        shutil.rmtree(staging_dir(kind, token), ignore_errors=True)
