"""Reading what people kept before mpl: jrnl's JSON export and spreadsheets (CSV).

Pure functions: text in, entries out, or an `ImportProblem` naming the entry or row
that is wrong. Nothing here reads files or writes records. Each entry carries an
import key made from what it says, so importing the same entries again is seen to add
nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mpl.domain import text as plain
from mpl.domain.dates import record_date
from mpl.domain.vocab import Kind
from mpl.errors import MplError

# What a CSV column can be mapped to (`--map FIELD=COLUMN`), and what each is.
CSV_FIELDS = {
    "date": "when it happened (required)",
    "title": "what it was (required)",
    "hours": "time spent: 1.5, 1:30, 90 min, 1h 30m",
    "kind": "one of mpl's kinds, or course, e-learning, webinar, book, ...",
    "tags": "tags, separated by commas or semicolons",
    "reflection": "text kept as the reflection",
    "time": "the time of day, HH:MM",
}
REQUIRED = ("date", "title")
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2001, number, 1).strftime("%B").lower(),
        dt.date(2001, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}
KIND_WORDS = {  # words portals and spreadsheets use, for mpl's kinds
    "e-learning": Kind.ONLINE,
    "elearning": Kind.ONLINE,
    "webinar": Kind.ONLINE,
    "online-course": Kind.ONLINE,
    "training": Kind.COURSE,
    "workshop": Kind.COURSE,
    "study-day": Kind.COURSE,
    "book": Kind.READING,
    "article": Kind.READING,
    "journal": Kind.READING,
    "seminar": Kind.CONFERENCE,
    "mentor": Kind.MENTORING,
    "coach": Kind.COACHING,
    "teaching": Kind.TEACHING_OTHERS,
    "certificate": Kind.CREDENTIAL,
    "certification": Kind.CREDENTIAL,
    "qualification": Kind.CREDENTIAL,
}
MAX_TITLE = plain.MAX_TITLE


MOST_ROWS_NAMED = 10  # of the bad rows of a CSV file, those one error names
NOTHING_IMPORTED = "nothing was imported; fix it and import again"


class ImportProblem(MplError):
    """An entry or row (or several) that cannot be imported; names where it is. `advice`
    is the hint given, if any, beside the usual one that nothing was imported."""

    def __init__(self, where: str, problem: str, hint: str | None = None) -> None:
        super().__init__(f"{where}: {problem}", hint=hint or NOTHING_IMPORTED)
        self.where, self.advice = where, hint

    @classmethod
    def of_rows(cls, problems: list[ImportProblem]) -> ImportProblem:
        """One error naming every row in `problems` (up to MOST_ROWS_NAMED, then how many
        more), with the advice they were given, each once."""
        if len(problems) == 1:
            return problems[0]
        said = [problem.message for problem in problems[:MOST_ROWS_NAMED]]
        more = len(problems) - MOST_ROWS_NAMED
        if more > 0:
            said.append(f"and {more} more row{'s' if more > 1 else ''}")
        advice = list(dict.fromkeys(problem.advice for problem in problems if problem.advice))
        hint = "; ".join(advice) or "nothing was imported; fix them and import again"
        return cls(f"{len(problems)} rows cannot be imported", "; ".join(said), hint=hint)


@dataclass
class Entry:
    """One learning moment to be, as read from a file."""

    where: str  # "entry 3", "row 5": how an error names it
    title: str
    date: dt.date
    time: str | None = None
    body: str = ""
    tags: list[str] = field(default_factory=list)
    highlight: bool = False
    hours: float = 0
    kind: Kind | None = None
    key: str = ""  # the import key, set by `keyed`


# -- jrnl ------------------------------------------------------------------------------


def parse_jrnl(text: str) -> list[Entry]:
    """The entries of `jrnl --format json` output: title, body, date and time, tags
    without their `@`/`#`, starred ones as highlights."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"line {error.lineno}", f"not JSON: {error.msg}", hint=_JRNL_HINT) from None
    except RecursionError:
        raise ImportProblem(
            "the file", "is not jrnl's JSON export (nested deeper than mpl reads)", hint=_JRNL_HINT
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ImportProblem("the file", "is not jrnl's JSON export (no list of entries)", hint=_JRNL_HINT)
    entries = []
    for number, item in enumerate(data["entries"], start=1):
        where = f"entry {number}"
        if not isinstance(item, dict):
            raise ImportProblem(where, "is not an object")
        title = clean_line(_text(item, "title", where, required=False))
        body = clean_text(_text(item, "body", where, required=False))
        if not title:
            title, body = _first_line(body, where)
        day = _iso_day(_text(item, "date", where), where)
        time = _time(_text(item, "time", where, required=False), where)
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ImportProblem(where, "tags must be a list of strings")
        starred = item.get("starred", False)
        if not isinstance(starred, bool):
            raise ImportProblem(where, "starred must be true or false")
        entries.append(Entry(where, title, day, time, body, clean_tags(tags), highlight=starred))
    return keyed("jrnl", entries)


_JRNL_HINT = "export it with `jrnl --format json > FILE.json`; nothing was imported"


def _text(item: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportProblem(where, f"{key} must be text" if value is not None else f"has no {key}")
    return value


def _first_line(body: str, where: str) -> tuple[str, str]:
    lines = body.strip().split("\n", 1)
    if not lines[0].strip():
        raise ImportProblem(where, "has neither a title nor a body")
    return clean_line(lines[0]), lines[1].strip() if len(lines) > 1 else ""


def _iso_day(text: str, where: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ImportProblem(where, f"date {clean_line(text)!r} is not YYYY-MM-DD") from None
    try:
        return record_date(day, "the date of a learning moment")
    except MplError as error:
        raise ImportProblem(where, error.message) from None


def _time(text: str, where: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?", text.lower())
    if match:
        hour, minute = int(match[1]), int(match[2])
        if match[3]:
            hour = hour % 12 + (12 if match[3].startswith("p") else 0)
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise ImportProblem(where, f"time {clean_line(text)!r} is not HH:MM")


# -- CSV -------------------------------------------------------------------------------


def parse_csv(
    text: str, columns: dict[str, str], order: str | None = None, saved: dict[str, str] | None = None
) -> list[Entry]:
    """The rows of a spreadsheet saved as CSV, read through `columns` (field -> column
    heading), else the `saved` mapping where this file has that column, else a column
    named like the field; dates in common spellings, `order` ("dayfirst" or
    "monthfirst") settling ones like 03/04/2026. Row numbers count the heading row as
    row 1, as spreadsheets do."""
    text = text.removeprefix("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Only the separator is guessed: quotes are as spreadsheets write them ("" for one inside
    # a quoted cell; a guess from a sample can miss it), and strict, so that a quote never
    # closed, or closed with more text after it, is an error instead of rows run together.
    reader = csv.reader(
        io.StringIO(text, newline=""),
        csv.excel,
        delimiter=dialect.delimiter,
        skipinitialspace=dialect.skipinitialspace,
        strict=True,
    )
    try:
        header = [clean_line(name) for name in next(reader)]
    except StopIteration:
        raise ImportProblem("the file", "is empty") from None
    except csv.Error as error:
        raise ImportProblem("row 1", f"is not valid CSV: {error}") from None
    kept = {name: column for name, column in (saved or {}).items() if column in header}
    wanted = {name: columns.get(name) or kept.get(name) or _guess(name, header) for name in CSV_FIELDS}
    for name in REQUIRED:
        if not wanted[name]:
            raise ImportProblem(
                "the heading row",
                f"no column for the {name}",
                hint=f"say which with --map {name}=COLUMN; the columns are: {', '.join(header)}",
            )
    index = {}
    for name, column in wanted.items():
        if column:
            if column not in header:
                raise ImportProblem(
                    "the heading row",
                    f"has no column {column!r}",
                    hint=f"the columns are: {', '.join(header)}",
                )
            index[name] = header.index(column)
    entries, problems = [], []
    for number in itertools.count(2):
        line = reader.line_num + 1  # where the row starts: a quoted cell may hold line breaks
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # what follows cannot be read as rows
            problems.append(_not_csv(f"row {number}", line, reader.line_num, str(error)))
            break
        if not any(cell.strip() for cell in row):
            continue
        try:
            entries.append(_row(row, index, f"row {number}", order))
        except ImportProblem as problem:
            problems.append(problem)
    if problems:
        raise ImportProblem.of_rows(problems)
    return keyed("csv", entries)


def _not_csv(where: str, line: int, last: int, error: str) -> ImportProblem:
    """A row the CSV reader stopped at, which began on `line` and was read up to `last`."""
    hint = 'close the quote; write a quote inside a quoted cell as two: ""'
    if "unexpected end of data" in error:
        return ImportProblem(
            where, f"the quote opened on line {line} is never closed: it runs to the end of the file", hint
        )
    if last > line:
        return ImportProblem(
            where,
            f"the quote opened on line {line} runs on to line {last}, where the CSV breaks: {error}",
            hint,
        )
    return ImportProblem(where, f"is not valid CSV: {error}", hint if "'\"'" in error else None)


def _guess(field_name: str, header: list[str]) -> str | None:
    """A column named like the field (`Date`, `title`), when no --map says otherwise."""
    return next((column for column in header if column.strip().lower() == field_name), None)


def _row(row: list[str], index: dict[str, int], where: str, order: str | None) -> Entry:
    def cell(name: str) -> str:
        position = index.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    title = clean_line(cell("title"))
    if not title:
        raise ImportProblem(where, "has no title")
    if not cell("date"):
        raise ImportProblem(where, "has no date")
    try:
        day = parse_day(cell("date"), order)
        hours = parse_hours(cell("hours")) if cell("hours") else 0.0
        kind = parse_kind(cell("kind")) if cell("kind") else None
    except MplError as error:
        raise ImportProblem(where, error.message, hint=error.hint) from None
    return Entry(
        where,
        title[:MAX_TITLE],
        day,
        _time(cell("time"), where),
        clean_text(cell("reflection")),
        clean_tags(re.split(r"[,;|]|\s+(?=#)", cell("tags"))),  # "a, b" or "#a #b"
        hours=hours,
        kind=kind,
    )


def parse_day(text: str, order: str | None = None) -> dt.date:
    """A date in the spellings people use: 2026-01-31, 2026/01/31, 20260131, 31/01/2026,
    01/31/2026, 31.01.2026, 31-01-2026, 31 Jan 2026, 31-Jan-26, 31 January 2026, Jan 31,
    2026; after a weekday (Saturday, 31 January 2026) or before a time (2026-01-31
    00:00:00, 2026-01-31T09:30), which are let go. Where day and month could be either
    way round (03/04/2026), `order` says which comes first."""
    word = " ".join(text.strip().lower().replace(",", " ").split())
    word = _TIME_OF_DAY.sub("", _WEEKDAY.sub("", word))  # Saturday 31 January; 2026-01-31 00:00:00
    shown = clean_line(text)
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|((?:19|20)\d\d)(\d\d)(\d\d)", word):
        year, month, day = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
        return _date(int(year), int(month), int(day), shown)
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", word):
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        if first > 12 or second > 12 or first == second:
            day, month = (first, second) if first > 12 or first == second else (second, first)
        elif order == "dayfirst":
            day, month = first, second
        elif order == "monthfirst":
            day, month = second, first
        else:
            raise MplError(
                f"the date {shown!r} could be day/month or month/day",
                hint="say which with --dayfirst for 31/01/2026 or --monthfirst for 01/31/2026",
            )
        return _date(year, month, day, shown)
    if match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?[ -](\d{4}|\d{2})", word):  # 31-Jan-26
        return _date(_year(match[3]), _month(match[2], shown), int(match[1]), shown)
    if match := re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})", word):
        return _date(int(match[3]), _month(match[1], shown), int(match[2]), shown)
    raise MplError(
        f"cannot read the date {shown!r}", hint="write it like 2026-01-31, 31/01/2026 or 31 Jan 2026"
    )


# What may come before or after the day itself: its weekday, and a time (Excel writes
# 2026-01-31 00:00:00, other exports 2026-01-31T09:30 or 2026-01-31T09:30:00Z).
_WEEKDAY = re.compile(
    "^(?:"
    + "|".join(
        sorted(
            {
                dt.date(2001, 1, day).strftime(spelling).lower()
                for day in range(1, 8)
                for spelling in ("%A", "%a")
            }
            | {"tues", "thur", "thurs"}
        )
    )
    + r")\.? "
)
_TIME_OF_DAY = re.compile(
    r"(?:(?<=\d)t| )\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"  # T09:30, 09:30:00.000
    r"(?: ?[ap]\.?m\.?)?(?: ?(?:z|utc|gmt|[+-]\d{2}:?\d{2}))?$"  # 9:30 pm, Z, +01:00
)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _month(name: str, shown: str) -> int:
    if name not in MONTHS:
        raise MplError(f"cannot read the month in {shown!r}")
    return MONTHS[name]


def _date(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        found = dt.date(year, month, day)
    except ValueError:
        raise MplError(f"there is no such day as {shown!r}") from None
    return record_date(found, "the date of a learning moment")


def parse_hours(text: str) -> float:
    """Time spent: 1.5, 1,5, 1:30, 90 min, 1h 30m, 2 hours, 45 minutes."""
    word = " ".join(text.strip().lower().split())
    shown = clean_line(text)
    hours: float | None = None
    if match := re.fullmatch(r"(\d+(?:[.,]\d+)?)( ?(h|hr|hrs|hour|hours))?", word):
        hours = float(match[1].replace(",", "."))
    elif match := re.fullmatch(r"(\d+):([0-5]\d)(?::[0-5]\d)?", word):
        hours = int(match[1]) + int(match[2]) / 60
    elif match := re.fullmatch(r"(\d+(?:[.,]\d+)?) ?(m|min|mins|minute|minutes)", word):
        hours = float(match[1].replace(",", ".")) / 60
    elif match := re.fullmatch(r"(\d+) ?(?:h|hr|hrs|hours?) ?(\d+) ?(?:m|min|mins|minutes?)?", word):
        hours = int(match[1]) + int(match[2]) / 60
    if hours is None:
        raise MplError(f"cannot read the hours {shown!r}", hint="write them like 1.5, 1:30 or 90 min")
    if hours > 24 * 366:
        raise MplError(f"{shown!r} is more hours than a year has")
    return round(hours, 2)


def parse_kind(text: str) -> Kind:
    word = re.sub(r"[\s_]+", "-", text.strip().lower())
    for kind in Kind:
        if word == kind.value:
            return kind
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    raise MplError(
        f"{clean_line(text)!r} is not a kind mpl knows",
        hint=f"use one of {', '.join(kind.value for kind in Kind)}, or --kind to set one for every row",
    )


# -- shared ----------------------------------------------------------------------------


def keyed(source: str, entries: list[Entry]) -> list[Entry]:
    """Give each entry its import key: `source` and a hash of what it says (and, for
    entries saying exactly the same, which of them it is)."""
    seen: Counter[str] = Counter()
    for entry in entries:
        said = json.dumps(
            [entry.date.isoformat(), entry.time, entry.title, entry.body, entry.hours], ensure_ascii=False
        )
        digest = hashlib.sha256(said.encode()).hexdigest()[:16]
        seen[digest] += 1
        entry.key = f"{source}:{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
    return entries


def clean_line(value: str) -> str:
    """One line of text (see `mpl.domain.text.line`), its runs of spaces made one."""
    return " ".join(plain.line(value).split())


def clean_text(value: str) -> str:
    """Text with lines and tabs kept and every other control character dropped."""
    return plain.body(value).strip()


def clean_tags(tags: list[str]) -> list[str]:
    cleaned = (clean_line(tag).lstrip("@#").strip() for tag in tags)
    return list(dict.fromkeys(tag for tag in cleaned if tag))
