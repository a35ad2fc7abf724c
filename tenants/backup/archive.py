"""The archive file: one uncompressed tar (the dump inside is compressed by pg_dump) holding

    schema.dump      pg_dump custom format of the tenant's schema alone
    public.json      the tenant's rows in public tables (see public_rows.py)
    files/<kind>/…   its stored files
    manifest.json    written last: versions, migrations, row counts and checksums per table, size and sha256
                     of every other member

Reading never extracts blindly: only the names above are read, each into a path computed here, and every
member's bytes are checked against the manifest as they stream.
"""

import hashlib
import io
import json
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = "sotay-tenant-backup"
VERSION = 1
MANIFEST = "manifest.json"
SCHEMA_DUMP = "schema.dump"
PUBLIC_ROWS = "public.json"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is unreadable, of another format, or does not match its manifest."""


@dataclass(frozen=True)
class MemberSum:
    size: int
    sha256: str


@dataclass
class Manifest:
    slug: str
    tenant_name: str
    platform_domain: str
    created_at: str
    server_version: str
    migrations: list[list[str]]
    tables: dict[str, dict[str, Any]]
    public: dict[str, dict[str, Any]]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: str = FORMAT
    version: int = VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Manifest":
        try:
            raw = json.loads(data)
        except ValueError as exc:
            raise ArchiveError(f"manifest.json is not JSON: {exc}") from None
        if raw.get("format") != FORMAT:
            raise ArchiveError("not a Sổ tay tenant backup (manifest format)")
        if raw.get("version") != VERSION:
            raise ArchiveError(f"archive format version {raw.get('version')} is not supported (expected {VERSION})")
        names = {f.name for f in cls.__dataclass_fields__.values()}
        return cls(**{k: v for k, v in raw.items() if k in names})

    @property
    def file_names(self) -> list[str]:
        return sorted(name for name in self.members if name.startswith("files/"))


class _HashingReader(io.RawIOBase):
    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    def __init__(self, path: Path) -> None:
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115 (closed by close())
        self.members: dict[str, dict[str, Any]] = {}

    def _add(self, name: str, size: int, source: IO[bytes]) -> MemberSum:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(time.time())
        reader = _HashingReader(source)
        self.tar.addfile(info, reader)
        summed = MemberSum(size=reader.size, sha256=reader.digest.hexdigest())
        self.members[name] = asdict(summed)
        return summed

    def add_path(self, name: str, path: Path) -> MemberSum:
        with path.open("rb") as source:
            return self._add(name, path.stat().st_size, source)

    def add_stream(self, name: str, size: int, source: IO[bytes]) -> MemberSum:
        """A member read from `source` (a stored object), which must hold exactly `size` bytes."""
        summed = self._add(name, size, source)
        if summed.size != size:
            raise ArchiveError(f"{name}: {summed.size} bytes read, {size} expected (the file changed while read)")
        return summed

    def add_bytes(self, name: str, data: bytes) -> MemberSum:
        return self._add(name, len(data), io.BytesIO(data))

    def finish(self, manifest: Manifest) -> None:
        manifest.members = dict(self.members)
        data = manifest.to_bytes()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()

    def abort(self) -> None:
        self.tar.close()


class ArchiveReader:
    def __init__(self, path: Path) -> None:
        try:
            self.tar = tarfile.open(path, "r:")  # noqa: SIM115 (closed by close())
        except (OSError, tarfile.TarError) as exc:
            raise ArchiveError(f"cannot read {path}: {exc}") from None
        self.manifest = Manifest.from_bytes(self._read_unchecked(MANIFEST))
        names = {m.name for m in self.tar.getmembers() if m.isfile()} - {MANIFEST}
        if names != set(self.manifest.members):
            differ = sorted(names ^ set(self.manifest.members))
            raise ArchiveError(f"archive members differ from the manifest: {differ}")

    def _member(self, name: str) -> IO[bytes]:
        try:
            handle = self.tar.extractfile(name)
        except KeyError:
            handle = None
        if handle is None:
            raise ArchiveError(f"{name} missing from the archive")
        return handle

    def _read_unchecked(self, name: str) -> bytes:
        with self._member(name) as handle:
            return handle.read()

    def _check(self, name: str, size: int, digest: str) -> None:
        expected = self.manifest.members.get(name, {})
        if expected.get("size") != size or expected.get("sha256") != digest:
            raise ArchiveError(f"{name} does not match its checksum in the manifest (damaged archive)")

    def read_bytes(self, name: str) -> bytes:
        data = self._read_unchecked(name)
        self._check(name, len(data), hashlib.sha256(data).hexdigest())
        return data

    def copy_to(self, name: str, target: Path) -> None:
        """Stream one member into `target` (mode 0600), checking its size and sha256 on the way."""
        digest, size = hashlib.sha256(), 0
        with self._member(name) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        target.chmod(0o600)
        self._check(name, size, digest.hexdigest())

    def close(self) -> None:
        self.tar.close()
