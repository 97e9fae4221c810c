"""Open Badges baked into PNG and SVG images, or as JSON: read with the standard library.

Recognised: Open Badges 2.0 assertions (PNG iTXt keyword `openbadges`, SVG
`<openbadges:assertion>`) and 3.0 credentials (PNG iTXt keyword
`openbadgecredential`, SVG `<openbadges:credential>`), as JSON or as a compact
JWS whose payload is read (not verified: that needs the issuer, on the network).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mpl.domain import text as plain
from mpl.domain.dates import plausible
from mpl.errors import MplError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = {b"openbadges": "2.0", b"openbadgecredential": "3.0"}
MAX_BADGE_BYTES = 20 * 1024 * 1024
MAX_PAYLOAD_CHARS = 5 * 1024 * 1024  # an assertion unpacked (a 3.0 credential may embed its image)
MOST_SVG_ELEMENTS = 20  # assertion or credential elements looked into in one SVG
_SVG_OPENING = re.compile(
    r"<(?P<tag>[\w.-]{1,64}:(?:assertion|credential))\b(?P<attrs>[^<>]{0,100000}?)(?P<end>/?)>"
)
_CDATA = re.compile(r"^\s*<!\[CDATA\[(.*)\]\]>\s*$", re.S)
# How a payload is kept as a file: (suffix, media type) by what it is
_ASSERTION_FILES = {
    "json": (".json", "application/json"),
    "jws": (".jws", "application/jose"),  # a signed compact token: eyJ...
    "text": (".txt", "text/plain"),  # a hosted assertion's URL, or anything else
}


@dataclass(frozen=True)
class Badge:
    version: str  # "2.0" or "3.0"
    name: str
    issuer: str | None
    issued: dt.date | None
    payload: str  # the raw assertion or credential, as found
    data: dict[str, Any]  # the payload decoded, or {} when it is only a URL
    sha256: str  # of the file it came in

    @property
    def payload_sha256(self) -> str:
        """The SHA-256 of the payload as mpl keeps it in a file of its own."""
        return hashlib.sha256(self.payload.encode()).hexdigest()

    @property
    def assertion_file_suffix(self) -> str:
        return _ASSERTION_FILES[self._form][0]

    @property
    def assertion_media_type(self) -> str:
        return _ASSERTION_FILES[self._form][1]

    @property
    def _form(self) -> str:
        if not self.data:
            return "text"
        return "json" if self.payload.lstrip().startswith("{") else "jws"


class BadBadge(MplError):
    """A file that carries an Open Badge mpl will not read: too large once unpacked, say."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")


def read_badge(path: Path) -> Badge | None:
    """The Open Badge in `path`, or None when the file carries none. The work is bounded
    whatever the file holds: a compressed assertion is unpacked no further than
    `MAX_PAYLOAD_CHARS` (a `BadBadge` beyond), nesting and dates are checked."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".json") or path.stat().st_size > MAX_BADGE_BYTES:
        return None
    data = path.read_bytes()
    try:
        if suffix == ".png":
            found = _from_png(data)
        elif suffix == ".svg":
            found = _from_svg(data.decode("utf-8", errors="replace"))
        else:
            found = _from_json_file(data)
    except _TooLarge:
        raise BadBadge(
            path, f"its badge data unpacks to more than {MAX_PAYLOAD_CHARS // (1024 * 1024)} MB: not read"
        ) from None
    return _badge(*found, hashlib.sha256(data).hexdigest()) if found else None


def _well_formed(data: dict[str, Any]) -> bool:
    """Are the parts mpl reads of a decoded badge of the shapes Open Badges give them
    (`type` a word or a list of words, a subject, achievement and badge objects)? A
    badge with `"type": 5` or an achievement that is a bare string is no Open Badge."""
    kind = data.get("type", "")
    if not isinstance(kind, str) and not (isinstance(kind, list) and all(isinstance(k, str) for k in kind)):
        return False
    subject = data.get("credentialSubject", {})
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement", {}), dict):
        return False
    return isinstance(data.get("badge", {}), dict | str)  # 2.0: the BadgeClass, or its URL


class _TooLarge(Exception):
    pass


def _unpacked(compressed: bytes) -> bytes | None:
    """zlib data unpacked, refused (`_TooLarge`) as soon as it grows past the cap: a few
    kilobytes can unpack to gigabytes. None if it is not zlib data."""
    unpacker = zlib.decompressobj()
    try:
        out = unpacker.decompress(compressed, MAX_PAYLOAD_CHARS + 1)
    except zlib.error:
        return None
    if len(out) > MAX_PAYLOAD_CHARS or unpacker.unconsumed_tail:
        raise _TooLarge
    return out


def _from_png(data: bytes) -> tuple[str, str] | None:
    if not data.startswith(PNG_SIGNATURE):
        return None
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        chunk = data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if kind == b"iTXt":
            keyword, _, rest = chunk.partition(b"\0")
            if keyword in PNG_KEYWORDS and len(rest) >= 2:
                compressed, text = rest[0], rest[2:]
                _language, _, text = text.partition(b"\0")
                _translated, _, text = text.partition(b"\0")
                unpacked = _unpacked(text) if compressed else text
                if unpacked is None or len(unpacked) > MAX_PAYLOAD_CHARS:
                    return None if unpacked is None else _too_large()
                return PNG_KEYWORDS[keyword], unpacked.decode("utf-8", errors="replace")
        elif kind == b"tEXt":
            keyword, _, text = chunk.partition(b"\0")
            if keyword in PNG_KEYWORDS:
                return PNG_KEYWORDS[keyword], text.decode("latin-1")
        elif kind == b"IEND":
            break
    return None


def _too_large() -> tuple[str, str]:
    raise _TooLarge


def _from_svg(text: str) -> tuple[str, str] | None:
    """The first assertion or credential element's content (or its `verify` attribute),
    found in one pass: each element's end is looked for once, from where it opens."""
    unclosed: set[str] = set()  # tags with no closing tag after some opening: none later either
    for number, match in enumerate(_SVG_OPENING.finditer(text)):
        if number == MOST_SVG_ELEMENTS:  # a badge has one; thousands are a trap
            break
        tag = match["tag"]
        version = "3.0" if tag.endswith("credential") else "2.0"
        if match["end"]:
            body = ""
        else:
            if tag in unclosed:
                continue
            end = text.find(f"</{tag}", match.end())
            if end < 0:
                unclosed.add(tag)
                continue
            body = text[match.end() : end]
        if len(body) > MAX_PAYLOAD_CHARS:
            raise _TooLarge
        cdata = _CDATA.match(body)
        content = (cdata[1] if cdata else body).strip()
        verify = re.search(r'\bverify\s*=\s*"([^"]*)"', match["attrs"])
        payload = content or (verify[1] if verify else "")
        if payload:
            return version, _unescape(payload)
    return None


def _from_json_file(data: bytes) -> tuple[str, str] | None:
    text = data.decode("utf-8", errors="replace")
    decoded = _decode(text)
    types = _types(decoded)
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "3.0", text
    if "Assertion" in types:
        return "2.0", text
    return None


def _badge(version: str, payload: str, sha256: str) -> Badge | None:
    """The badge a payload describes; None when what it decodes to is no Open Badge."""
    data = _decode(payload)
    if not _well_formed(data):
        return None
    if version == "3.0" or "OpenBadgeCredential" in _types(data):
        subject = data.get("credentialSubject") or {}
        achievement = (subject.get("achievement") if isinstance(subject, dict) else None) or {}
        name = _text(achievement.get("name")) or _text(data.get("name"))
        issuer = _name_of(data.get("issuer"))
        issued = _date(data.get("validFrom") or data.get("issuanceDate"))
        version = "3.0"
    else:
        badge = data.get("badge")
        badge = badge if isinstance(badge, dict) else {}
        name = _text(badge.get("name"))
        issuer = _name_of(badge.get("issuer"))
        issued = _date(data.get("issuedOn"))
    if not name:
        where = payload if payload.startswith("http") else issuer
        name = f"Open Badge {version}" + (f" ({where})" if where else "")
    name, issuer = name[: plain.MAX_TITLE].rstrip(), issuer and issuer[: plain.MAX_TITLE].rstrip()
    return Badge(version, name, issuer, issued, payload, data, sha256)


def _decode(payload: str) -> dict[str, Any]:
    """JSON, or the payload of a compact JWS; {} for anything else (a URL, say, or JSON
    nested deeper than Python reads)."""
    payload = payload.strip()
    try:
        value = json.loads(payload)
    except RecursionError:
        value = None
    except ValueError:
        value = None
        parts = payload.split(".")
        if len(parts) == 3:
            try:
                padded = parts[1] + "=" * (-len(parts[1]) % 4)
                value = json.loads(base64.urlsafe_b64decode(padded))
            except (ValueError, binascii.Error, RecursionError):
                value = None
        if isinstance(value, dict) and isinstance(value.get("vc"), dict):
            value = value["vc"]  # a JWT-encoded verifiable credential
    return value if isinstance(value, dict) else {}


def _types(data: dict[str, Any]) -> set[str]:
    kind = data.get("type")
    if isinstance(kind, str):
        return {kind}
    return {k for k in kind if isinstance(k, str)} if isinstance(kind, list) else set()


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("id"))
    return _text(value)


def _text(value: Any) -> str | None:
    """A badge's text field as mpl keeps text from anywhere: one clean line (the issuer's
    name can say anything; see `mpl.domain.text`); None when there is nothing to it."""
    return (plain.line(value) or None) if isinstance(value, str) else None


def _date(value: Any) -> dt.date | None:
    """When it was issued: an ISO date or a Unix time; None when it is neither, or no
    date a record could have (`issuedOn: 1e20`, the year 1)."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            day = dt.datetime.fromtimestamp(value, dt.UTC).date()
        elif isinstance(value, str):
            day = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return day if plausible(day) else None


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
