"""Readable, unique, file-name-safe ids made from titles."""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_ID_LENGTH = 60
# Names Windows refuses as file names, whatever the extension.
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def title_of(value: str, what: str) -> str:
    """`value` as a title: one clean line (see `mpl.domain.text.line`), refused when
    nothing is left of it."""
    from mpl.domain.text import line
    from mpl.errors import MplError

    title = line(value)
    if not title:
        raise MplError(f"a {what} needs a title with some words in it")
    return title


def slug(title: str, fallback: str) -> str:
    """A lowercase ASCII slug of `title`, cut at a word boundary; `fallback` if empty."""
    from slugify import slugify  # only making new ids needs it

    text = slugify(title, max_length=MAX_ID_LENGTH, word_boundary=True) or fallback
    return f"{text}-{fallback}" if text in RESERVED else text


def unique_id(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not yet `taken`."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


MAX_FILE_NAME = 80
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")


def clean_file_name(original: str) -> str:
    """A safe file name keeping the gist of `original`: no folders, no `..`, no
    control characters, no reserved names, bounded length, its extension kept."""
    from slugify import slugify

    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or not _EXTENSION.fullmatch(f".{extension}"):
        stem, extension = base, ""
    cleaned = slugify(stem, max_length=MAX_FILE_NAME - 12, word_boundary=True) or "file"
    if cleaned in RESERVED:
        cleaned += "-file"
    return f"{cleaned}.{extension.lower()}" if extension else cleaned
