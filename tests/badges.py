"""Open Badges made with the standard library, the way issuers bake them."""

from __future__ import annotations

import base64
import json
import struct
import zlib

OB2_ASSERTION = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "https://badges.example.org/assertions/123",
    "recipient": {"type": "email", "hashed": False, "identity": "sam.patel@example.org"},
    "issuedOn": "2026-06-15T09:00:00Z",
    "verification": {"type": "hosted"},
    "badge": {
        "type": "BadgeClass",
        "id": "https://badges.example.org/badges/sepsis",
        "name": "Sepsis Champion",
        "issuer": {
            "type": "Profile",
            "id": "https://badges.example.org",
            "name": "St Elsewhere Academy",
        },
    },
}

OB3_CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:5d0e7a1c-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": "https://rcn.example.org",
        "type": ["Profile"],
        "name": "Royal College Example",
    },
    "validFrom": "2026-09-01T00:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {"id": "urn:uuid:1", "type": ["Achievement"], "name": "Practice Assessor"},
    },
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(keyword: str, payload: str, compressed: bool = False) -> bytes:
    """A 1x1 PNG with an iTXt chunk carrying `payload` under `keyword`."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    text = payload.encode()
    itxt = keyword.encode() + b"\0" + bytes([int(compressed), 0]) + b"\0\0"
    itxt += zlib.compress(text) if compressed else text
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"iTXt", itxt) + pixels + _chunk(b"IEND", b"")


def ob2_png() -> bytes:
    return png("openbadges", json.dumps(OB2_ASSERTION))


def ob3_png() -> bytes:
    return png("openbadgecredential", json.dumps(OB3_CREDENTIAL), compressed=True)


def ob3_svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">\n'
        "  <openbadges:credential>\n"
        f"    <![CDATA[{json.dumps(OB3_CREDENTIAL)}]]>\n"
        "  </openbadges:credential>\n"
        '  <rect width="10" height="10" fill="teal"/>\n'
        "</svg>\n"
    )


def plain_png() -> bytes:
    return png("Comment", "just a picture")


def jws(claims: dict) -> str:
    """A compact JWS (header.payload.signature) as issuers sign assertions; the signature is fake."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    return f"{header}.{part(json.dumps(claims).encode())}.{part(b'not really signed')}"


def signed_ob2_png() -> bytes:
    return png("openbadges", jws(OB2_ASSERTION))
