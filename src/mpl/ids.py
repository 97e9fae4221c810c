"""Readable, unique, file-name-safe ids made from titles."""

from __future__ import annotations

from collections.abc import Container

from slugify import slugify

MAX_ID_LENGTH = 60
# Names Windows refuses as file names, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def slug(title: str, fallback: str) -> str:
    """A lowercase ASCII slug of `title`, cut at a word boundary; `fallback` if empty."""
    text = slugify(title, max_length=MAX_ID_LENGTH, word_boundary=True) or fallback
    return f"{text}-{fallback}" if text in RESERVED else text


def unique_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not yet taken."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
