"""VAPID key pairs for Web Push: P-256, the private key as the base64url raw scalar (what pywebpush reads from
WEBPUSH_VAPID_PRIVATE_KEY) and the public key as the base64url uncompressed point (the browser's
applicationServerKey)."""

import base64

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid_keys() -> tuple[str, str]:
    """(public, private), both base64url without padding."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw = private.private_numbers().private_value.to_bytes(32, "big")
    public = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64url(public), b64url(raw)
