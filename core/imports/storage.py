"""Private storage of uploaded import files: MEDIA_ROOT/imports/<schema>/<job id>-<random>.<ext>.

Files are written outside any static/served directory and only read back by the import task and by views
that check access first. The schema in the path keeps tenants' files apart on disk.
"""

import secrets
import shutil
from pathlib import Path
from typing import IO

from django.conf import settings

from billing_free.limits import usage_record
from tenants.db.schema import current_schema

ALLOWED_EXTENSIONS = (".csv", ".xlsx")


def import_root() -> Path:
    """MEDIA_ROOT/imports, or <data dir>/media/imports when MEDIA_ROOT is not configured."""
    media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path(settings.DATA_DIR) / "media"
    return media / "imports"


def schema_dir(schema: str | None = None) -> Path:
    return import_root() / (schema or current_schema())


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def store_upload(job_id: int, filename: str, source: IO[bytes] | Path) -> str:
    """Copy the upload into the current tenant's private directory; returns the path relative to it."""
    directory = schema_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{job_id}-{secrets.token_hex(8)}{extension_of(filename)}"
    target = directory / relative
    with target.open("wb") as out:
        if isinstance(source, Path):
            with source.open("rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
        else:
            if hasattr(source, "chunks"):
                for chunk in source.chunks():
                    out.write(chunk)
            else:
                shutil.copyfileobj(source, out, 1024 * 1024)
    target.chmod(0o600)
    usage_record(current_schema(), "storage", target.stat().st_size)
    return relative


def stored_file(relative: str) -> Path:
    """The absolute path of a stored upload of the current tenant (refuses paths leaving its directory)."""
    directory = schema_dir().resolve()
    path = (directory / relative).resolve()
    if directory not in path.parents:
        raise FileNotFoundError(relative)
    return path


def delete_stored(relative: str) -> None:
    if relative:
        path = stored_file(relative)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return
        path.unlink(missing_ok=True)
        usage_record(current_schema(), "storage", -size)
