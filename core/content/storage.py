"""Private file storage: MEDIA_ROOT/<area>/<schema>/<random>.<ext>, never under a served URL.

Files are written outside any static or media URL and read back only by views that check access first
(`file_response`). The schema in the path keeps tenants' files apart on disk; names are random (128 bits), so
a path is never guessable and never derived from an id. Platform-wide files (published once by operators and
shared by every subscribing tenant, ADR 0009) live in the `_platform` directory of an area: schema names
start with a letter, so it cannot collide with a tenant.

    store = PrivateStore("library")
    name = store.save(ext="pdf", source=upload)     # in the current tenant's directory
    path = store.path(name)                          # FileNotFoundError for names leaving the directory
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.http import FileResponse

from tenants.db.schema import current_schema

PLATFORM = "_platform"


def media_root() -> Path:
    """MEDIA_ROOT, or <data dir>/media when MEDIA_ROOT is not configured."""
    return Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.DATA_DIR) / "media"


class PrivateStore:
    def __init__(self, area: str) -> None:
        self.area = area

    def directory(self, owner: str | None = None) -> Path:
        """The directory of `owner` (a schema name or PLATFORM); the current schema by default."""
        return media_root() / self.area / (owner or current_schema())

    def save(self, *, ext: str, source: File | bytes, owner: str | None = None) -> str:
        """Write the file under a random name; returns the name relative to the owner's directory."""
        directory = self.directory(owner)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        relative = f"{secrets.token_hex(16)}.{ext}"
        target = directory / relative
        with target.open("wb") as out:
            if isinstance(source, bytes):
                out.write(source)
            else:
                source.seek(0)
                for chunk in source.chunks():
                    out.write(chunk)
        target.chmod(0o600)
        return relative

    def path(self, relative: str, owner: str | None = None) -> Path:
        """The absolute path of a stored file (refuses names leaving the owner's directory)."""
        directory = self.directory(owner).resolve()
        path = (directory / relative).resolve()
        if not relative or directory not in path.parents:
            raise FileNotFoundError(relative)
        return path

    def delete(self, relative: str, owner: str | None = None) -> None:
        if relative:
            self.path(relative, owner).unlink(missing_ok=True)


def file_response(path: Path, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """A stored file for a reader who passed the access check; Http404 is the caller's job when the row is
    missing, FileNotFoundError here becomes the caller's 404 too."""
    handle = path.open("rb")
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
