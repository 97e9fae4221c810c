"""A rebuildable SQLite cache of every record, with full-text search (FTS5).

The files are the truth. The index lives in `.mpl/index.sqlite` (ignored by
git) and is brought up to date on each use, re-reading only the record files
whose path, size or modification time differ from what it holds. Which files to
look at, git says: those changed since the commit the index last saw, those
that differ from the last commit now or did then (one `git status`, which keeps
stat data of its own, is quicker than looking at 50,000 files), and those mpl
itself wrote since. When git cannot say, every file is looked at.

An index is believed only by the portfolio that made it: it is stamped with
its schema, mpl's version and the folder it describes (path and inode), so one
that was copied, cloned, unpacked or carried in by git is made again. A
missing, stale, corrupt or foreign index is rebuilt without a word, and every
row is checked on its way out (a path inside the record's folders, a record
that validates); results are always those of the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from mpl import __version__
from mpl.domain.reflection import is_reflected
from mpl.domain.rows import GoalRow, MomentRow, ReviewRow, Row
from mpl.domain.search import Found, Hit
from mpl.domain.vocab import GoalStatus, Kind
from mpl.errors import BadFile, BadSearch
from mpl.storage.fulltext import SNIPPET, SNIPPET_WHOLE, TOKENIZE, snippet_parts, window_snippet
from mpl.storage.git import TreeState
from mpl.storage.layout import GOALS_DIR, LOG_DIR, REVIEWS_DIR

if TYPE_CHECKING:  # the models are imported where a whole record is wanted, not to list rows
    from mpl.domain.model import Goal, LearningMoment, Record, Review

SCHEMA = 8  # bump when the tables, the record models or kinds change: an older index is rebuilt
STAMP = f"{SCHEMA}/{__version__}"  # another mpl may read records otherwise: rebuild for it too
# the record kinds, as the index names them, and each kind's model by its class's name (a new
# kind: here, in `models()` and in `_kind_of`)
KINDS = ("moment", "goal", "review")
NAMES = {"LearningMoment": "moment", "Goal": "goal", "Review": "review"}
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-(.+)$")

TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,       -- relative to the portfolio, with /
    model TEXT NOT NULL,             -- moment, goal or review
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    id TEXT NOT NULL,                -- from the front matter, or the file name if unreadable
    named TEXT NOT NULL,             -- the id the file's name gives (its name less any date)
    day TEXT,                        -- moments and reviews: date; goals: target
    kind TEXT, status TEXT, private INTEGER, role TEXT, organisation TEXT,
    tags TEXT, goals TEXT,           -- JSON arrays
    reflected INTEGER,               -- moments: has any reflection been written?
    data TEXT,                       -- the record as JSON; NULL when unreadable
    error TEXT, error_line INTEGER   -- why it is unreadable
);
CREATE INDEX records_id ON records (id);
CREATE INDEX records_named ON records (named);
CREATE INDEX records_day ON records (model, day);
CREATE INDEX records_unreadable ON records (model) WHERE error IS NOT NULL;
CREATE INDEX records_unreflected ON records (day) WHERE model = 'moment' AND NOT reflected;
CREATE TABLE links (moment INTEGER NOT NULL, goal TEXT NOT NULL, day TEXT NOT NULL);  -- moment -> goal
CREATE INDEX links_goal ON links (goal, day);
CREATE INDEX links_moment ON links (moment);
CREATE TABLE tags (record INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE INDEX tags_tag ON tags (tag);
CREATE INDEX tags_record ON tags (record);
CREATE VIRTUAL TABLE fts USING fts5 (
    title, body, tags, extra, tokenize = '{TOKENIZE}'
);
"""

Parse = Callable[[Path], "Record"]  # reads one file; raises BadFile
# git's account of changes: given the state it gave last time, the state now and the paths
# that may have changed since (None: it cannot say; look at every file).
Tracker = Callable[[TreeState | None], tuple[TreeState | None, list[str] | None]]
MOST_TRACKED = 500
_RECORD_PATH = re.compile(r"^(goals|reviews|log/[^/.][^/]*)/[^/.][^/]*\.md$")
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Entry:
    """A record file as the index knows it."""

    path: Path
    id: str
    kind: str  # moment or goal
    error: BadFile | None

    @property
    def model(self) -> type[Record]:
        return models()[self.kind]


@dataclass(frozen=True)
class Query:
    """Which learning moments a command wants; every given filter must match."""

    since: dt.date | None = None
    until: dt.date | None = None
    tags: tuple[str, ...] = ()
    goal: str | None = None
    kind: str | None = None
    role: str | None = None
    organisation: str | None = None
    include_private: bool = True

    def sql(self) -> tuple[str, list[Any]]:
        clauses, values = ["model = 'moment'", "data IS NOT NULL"], []
        if self.since:
            clauses.append("day >= ?")
            values.append(self.since.isoformat())
        if self.until:
            clauses.append("day <= ?")
            values.append(self.until.isoformat())
        for tag in self.tags:
            clauses.append("rowid IN (SELECT record FROM tags WHERE tag = ?)")
            values.append(tag)
        if self.goal:
            clauses.append("rowid IN (SELECT moment FROM links WHERE goal = ?)")
            values.append(self.goal)
        for column, value in (("kind", self.kind), ("role", self.role), ("organisation", self.organisation)):
            if value:
                clauses.append(f"{column} = ? COLLATE NOCASE")
                values.append(str(value))
        if not self.include_private:
            clauses.append("NOT private")
        return " AND ".join(clauses), values


@dataclass(frozen=True)
class Readable:
    """The values of a readable record file's rows (see `Index._insert`)."""

    record: tuple[Any, ...]  # the records table's columns after path, model, size, mtime_ns
    text: tuple[str, str, str, str]  # what full-text search reads: title, body, tags, extra
    tags: tuple[str, ...]
    links: tuple[tuple[str, str], ...]  # (goal, day) of each goal a learning moment names


@dataclass(frozen=True)
class Unreadable:
    """Why a record file cannot be read, and the id its name gives it."""

    id: str
    problem: str
    line: int | None


Made = Readable | Unreadable
READ_APART_FROM = 2000  # files: fewer are read here as quickly as processes can be started
MOST_READERS = 4
_reading: Index | None = None  # the index whose files a forked reader reads


def _made_here(path: str) -> Made:
    """`Index._made` in a reader process (forked: it has the index that started it)."""
    assert _reading is not None
    return _reading._made(path)


def _heals(method: Callable[Concatenate[Index, P], T]) -> Callable[Concatenate[Index, P], T]:
    """`method`, run again on an index rebuilt from the files if it finds the index damaged."""

    @functools.wraps(method)
    def healing(self: Index, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "malformed" not in str(error):
                raise  # busy, locked, a bad search: not damage
            self.discard()
            return method(self, *args, **kwargs)

    return healing


class DamagedIndex(sqlite3.DatabaseError):
    """A row the files cannot have made: the index was tampered with, or is damaged."""


class Index:
    def __init__(
        self,
        root: Path,
        parse: Parse,
        cache_dir: Path | None,
        tracker: Tracker | None = None,
        progress: Callable[[int, int], None] | None = None,
        ignored: Callable[[], frozenset[str]] | None = None,
    ) -> None:
        """The index of the portfolio at `root`, kept in `cache_dir` (None: in memory, for
        this run only); `progress` is told (done, total) as files are read; `ignored` says
        which record files git ignores (not part of the record: never taken in)."""
        self.root = root
        self.parse = parse
        self.tracker = tracker
        self.ignored = ignored
        self.progress = progress
        self.path = cache_dir / "index.sqlite" if cache_dir else None
        self._db: sqlite3.Connection | None = None
        self.fresh = False

    def stale(self) -> None:
        """The files may have changed: look again before the next answer."""
        self.fresh = False

    # -- keeping it true to the files -------------------------------------------------

    @_heals
    def refresh(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Re-read the record files that changed since the index last saw them: those git
        says may have changed since then, or, when git cannot say, any whose path, size or
        modification time differs."""
        if self.fresh:
            return
        progress = progress or self.progress
        db = self._connection()
        before, noted = _tree_state(db), _noted(db)
        state, maybe = self.tracker(before) if self.tracker else (None, None)
        if maybe is not None:
            maybe = sorted({*maybe, *noted})  # what mpl wrote since: git may never mention it
            if len(maybe) > MOST_TRACKED:
                maybe = None  # so many changes (a checkout, say) that looking at everything is as quick
        on_disk = dict(self._scan() if maybe is None else self._stat(maybe))
        if self._changes(db, on_disk, maybe) != ([], []) or state != before or noted:
            try:
                self._take_in(db, on_disk, maybe, state, progress)
            except sqlite3.OperationalError as error:
                if not _cannot_write(error) or self.path is None:
                    raise
                self._in_memory()  # a full or read-only disk: answer from the files all the same
                return self.refresh(progress)
        self.fresh = True

    def _take_in(
        self,
        db: sqlite3.Connection,
        on_disk: dict[str, tuple[int, int]],
        maybe: list[str] | None,
        state: TreeState | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        db.execute("BEGIN IMMEDIATE")  # one writer; the others wait, then see its work
        try:
            changed, removed = self._changes(db, on_disk, maybe)
            for path in removed:
                self._forget(db, path)
            empty = db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None  # nothing to forget
            for done, (path, made) in enumerate(zip(changed, self._made_all(changed), strict=True), start=1):
                self._insert(db, path, *on_disk[path], made, known=not empty)
                if progress:
                    progress(done, len(changed))
            tree = json.dumps(vars(state)) if state else None
            db.execute("INSERT OR REPLACE INTO meta VALUES ('tree', ?)", (tree,))
            db.execute("DELETE FROM meta WHERE key = 'noted'")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _in_memory(self) -> None:
        """Keep the index in memory for the rest of this run."""
        self.close()
        self.path = None

    def _changes(
        self, db: sqlite3.Connection, on_disk: dict[str, tuple[int, int]], among: list[str] | None
    ) -> tuple[list[str], list[str]]:
        """(changed or new, removed) record files: of every file, or only of those `among`."""
        if among is None:
            rows = db.execute("SELECT path, size, mtime_ns FROM records")
        else:
            rows = db.execute(
                f"SELECT path, size, mtime_ns FROM records WHERE path IN ({_marks(among)})", among
            )
        known = {path: (size, mtime) for path, size, mtime in rows}
        changed = [path for path, stamp in on_disk.items() if known.get(path) != stamp]
        return changed, [path for path in known if path not in on_disk]

    def _stat(self, paths: list[str]) -> Iterator[tuple[str, tuple[int, int]]]:
        """(path, (size, mtime)) of those of `paths` that are record files and exist."""
        for path in paths:
            if _RECORD_PATH.match(path) and not _behind_link(self.root, path):
                try:
                    stat = (self.root / path).lstat()
                except OSError:  # removed
                    continue
                if S_ISREG(stat.st_mode):
                    yield path, (stat.st_size, stat.st_mtime_ns)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Forget everything and read every record file again; the number read."""
        self.discard()  # a read-only portfolio: rebuilt in memory instead
        self.refresh(progress)
        return self.count()

    def discard(self) -> None:
        """Forget the index file (damaged, say); the next use builds it again."""
        self.close()
        if self.path is not None:
            _remove_database(self.path)

    def disagreements(self) -> list[str]:
        """The record files whose rows differ from what the files say now, once brought up
        to date: none, unless the index was tampered with or mpl has a bug."""
        self.refresh()
        truth = Index(self.root, self.parse, None, ignored=self.ignored)
        truth.refresh()
        query = "SELECT path, model, id, named, data, error, error_line FROM records"
        ours = {row[0]: row for row in self._connection().execute(query)}
        theirs = {row[0]: row for row in truth._connection().execute(query)}
        truth.close()
        return sorted(path for path in ours.keys() | theirs.keys() if ours.get(path) != theirs.get(path))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self.fresh = False

    @_heals
    def count(self) -> int:
        return int(self._connection().execute("SELECT count(*) FROM records").fetchone()[0])

    def _scan(self) -> Iterator[tuple[str, tuple[int, int]]]:
        """(relative path, (size, mtime)) of every record file: goals/*.md, reviews/*.md,
        log/*/*.md, but those git ignores; links are not followed (a record is a file in the
        portfolio, not a way out of it)."""
        folders = [(GOALS_DIR, self.root / GOALS_DIR), (REVIEWS_DIR, self.root / REVIEWS_DIR)]
        folders += [(f"{LOG_DIR}/{folder.name}", folder) for folder in _subfolders(self.root / LOG_DIR)]
        ignored = self.ignored() if self.ignored else frozenset()
        for prefix, folder in folders:
            if folder.is_symlink() or not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                path = f"{prefix}/{entry.name}"
                if _RECORD_PATH.match(path) and path not in ignored and entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    yield path, (stat.st_size, stat.st_mtime_ns)

    def _store(self, db: sqlite3.Connection, path: str, size: int, mtime_ns: int, known: bool = True) -> None:
        """Take in the file at `path` (a row in place of the one it had, if `known`)."""
        self._insert(db, path, size, mtime_ns, self._made(path), known)

    def _made(self, path: str) -> Made:
        """What the index keeps of the file at `path`: the values of its rows (plain data,
        so that a process of its own can make them)."""
        from mpl.domain.model import Goal, LearningMoment

        try:
            record = self.parse(self.root / path)
        except BadFile as error:
            return Unreadable(_named(path), error.problem, error.line)
        data = record.model_dump(mode="json")
        data["body"] = record.body
        moment = isinstance(record, LearningMoment)
        tags: list[str] = data.get("tags", [])
        return Readable(
            (
                record.id,
                data["target"] if isinstance(record, Goal) else data["date"],
                data.get("kind"),
                data.get("status"),
                record.private,
                data.get("role"),
                data.get("organisation"),
                json.dumps(tags),
                json.dumps(data.get("goals", [])),
                moment and is_reflected(record.body),
                json.dumps(data, ensure_ascii=False),
            ),
            (record.title, record.body, " ".join(tags), _searched_too(record)),
            tuple(set(tags)),
            tuple((goal, data["date"]) for goal in set(record.goals))
            if isinstance(record, LearningMoment)
            else (),
        )

    def _insert(
        self, db: sqlite3.Connection, path: str, size: int, mtime_ns: int, made: Made, known: bool
    ) -> None:
        if known:
            self._forget(db, path)
        kind = _kind_of(path)
        if isinstance(made, Unreadable):
            db.execute(
                "INSERT INTO records (path, model, size, mtime_ns, id, named, error, error_line)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (path, kind, size, mtime_ns, made.id, _named(path), made.problem, made.line),
            )
            return
        cursor = db.execute(
            "INSERT INTO records (path, model, size, mtime_ns, named, id, day, kind, status, private,"
            " role, organisation, tags, goals, reflected, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (path, kind, size, mtime_ns, _named(path), *made.record),
        )
        rowid = cursor.lastrowid
        db.execute(
            "INSERT INTO fts (rowid, title, body, tags, extra) VALUES (?,?,?,?,?)", (rowid, *made.text)
        )
        db.executemany("INSERT INTO tags VALUES (?, ?)", [(rowid, tag) for tag in made.tags])
        db.executemany("INSERT INTO links VALUES (?, ?, ?)", [(rowid, *link) for link in made.links])

    def _made_all(self, paths: list[str]) -> Iterator[Made]:
        """What `_made` says of each of `paths`, in order: for many files, by a process per
        core (forked, so each reads with this index's own reader), while this one writes."""
        workers = min(os.cpu_count() or 1, MOST_READERS)
        if len(paths) < READ_APART_FROM or workers < 2 or not sys.platform.startswith("linux"):
            yield from map(self._made, paths)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _reading
        _reading, done, pool = self, 0, None
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            for made in pool.map(_made_here, paths, chunksize=max(16, len(paths) // (workers * 16))):
                yield made
                done += 1
        except (OSError, RuntimeError):  # no processes to be had (BrokenProcessPool is one): read here
            yield from map(self._made, paths[done:])
        finally:
            _reading = None
            if pool is not None:  # stopped early (an error while writing): the rest is not wanted
                pool.shutdown(wait=True, cancel_futures=True)

    def _forget(self, db: sqlite3.Connection, path: str) -> None:
        row = db.execute("SELECT rowid FROM records WHERE path = ?", (path,)).fetchone()
        if row:
            for table, column in (
                ("fts", "rowid"),
                ("links", "moment"),
                ("tags", "record"),
                ("records", "rowid"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", row)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        """The index, made anew when it is missing, of another schema or portfolio, or
        corrupt; kept in memory for this run when it cannot be written (a read-only
        portfolio, a full disk)."""
        stamp = self._stamp()
        try:
            db = self._open_file(self.path, stamp) if self.path and _writable(self.path) else None
        except (OSError, sqlite3.OperationalError):
            db = None
        return db or _made(sqlite3.connect(":memory:", isolation_level=None), stamp)

    def _stamp(self) -> str:
        """What an index must say of itself to be believed here: the schema, the mpl that
        made it, and the portfolio's folder and repository (path and inodes), so that a
        copied, cloned or unpacked index is not taken for this one."""
        inodes = []
        for folder in (self.root, self.root / ".git"):
            with contextlib.suppress(OSError):
                stat = folder.stat()
                inodes.append(f"{stat.st_dev}:{stat.st_ino}")
        return json.dumps([STAMP, str(self.root), inodes])

    @staticmethod
    def _open_file(path: Path, stamp: str) -> sqlite3.Connection | None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")  # a cache: no fsync per transaction in WAL
                found = _stamp(db)
                if found == stamp:
                    return db
                if found is None and not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    return _made(db, stamp)
            except sqlite3.OperationalError:  # made by another process just now: look again
                db.close()
                continue
            except sqlite3.DatabaseError:  # not a database at all: corrupt
                pass
            db.close()
            _remove_database(path)  # another schema or portfolio, or corrupt: start again
        return None

    # -- asking it ---------------------------------------------------------------------

    @_heals
    def entries(self, kinds: Sequence[str], id_prefix: str = "") -> list[Entry]:
        """Files of `kinds` (moment, goal) whose id starts with `id_prefix`, readable or not."""
        self.refresh()
        names = list(kinds)
        rows = self._connection().execute(
            f"SELECT path, id, model, error, error_line FROM records WHERE model IN ({_marks(names)})"
            " AND substr(id, 1, ?) = ? ORDER BY path",
            (*names, len(id_prefix), id_prefix),
        )
        return [
            Entry(
                self.root / _checked(path, model),
                record_id,
                model,
                BadFile(Path(path), error, line) if error is not None else None,
            )
            for path, record_id, model, error, line in rows
        ]

    @_heals
    def names(self) -> list[tuple[str, str, str, str | None]]:
        """(path, kind, id, date) of every readable record (no date for a goal)."""
        self.refresh()
        rows = self._connection().execute(
            "SELECT path, model, id, CASE WHEN model != 'goal' THEN day END FROM records"
            " WHERE data IS NOT NULL ORDER BY path"
        )
        return [(_checked(path, kind), kind, record_id, day) for path, kind, record_id, day in rows]

    @_heals
    def id_taken(self, record_id: str, look_again: bool = True) -> bool:
        """Is `record_id` in use, as a record's id or in a record file's name? With
        `look_again`, the index is brought up to date with the files first (from what git
        says changed); without, a file the index has not seen yet is not counted."""
        if look_again:
            self.refresh()
        query = "SELECT 1 FROM records WHERE id = ?1 OR named = ?1 LIMIT 1"
        return self._connection().execute(query, (record_id,)).fetchone() is not None

    @_heals
    def settings_seen(self) -> str | None:
        """What `note_settings` last noted of the settings file, if anything."""
        row = self._connection().execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        return str(row[0]) if row else None

    def note_settings(self, seen: str) -> None:
        """Note what the settings file is now (found valid); nothing when the cache cannot."""
        with contextlib.suppress(sqlite3.Error):
            self._connection().execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (seen,))

    def note(self, path: Path) -> None:
        """Take in one file mpl has just written, so the next refresh need not read it (but
        looks at it again: git may never mention it, if it is gone before the next command).
        A cache that cannot take it in (a full disk, say) is forgotten, to be made again."""
        relative = path.relative_to(self.root).as_posix()
        try:
            stat = path.lstat()
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                self._store(db, relative, stat.st_size, stat.st_mtime_ns)
                noted = sorted({*_noted(db), relative})
                db.execute("INSERT OR REPLACE INTO meta VALUES ('noted', ?)", (json.dumps(noted),))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError):
            self.discard()

    @_heals
    def goal_links(self, goals: Sequence[str] | None = None) -> dict[str, tuple[int, dt.date]]:
        """For each goal id (of `goals`, if given) that readable learning moments name: how
        many, and the latest date."""
        self.refresh()
        where = f"WHERE goal IN ({_marks(goals)})" if goals is not None else ""
        rows = self._connection().execute(
            f"SELECT goal, count(*), max(day) FROM links {where} GROUP BY goal", tuple(goals or ())
        )
        return {goal: (count, dt.date.fromisoformat(last)) for goal, count, last in rows}

    @_heals
    def dangling_links(self) -> list[tuple[str, str]]:
        """(path, goal id) of each learning moment naming a goal no readable goal file has."""
        self.refresh()
        rows = self._connection().execute(
            "SELECT records.path, links.goal FROM links JOIN records ON records.rowid = links.moment"
            " WHERE links.goal NOT IN (SELECT id FROM records WHERE model = 'goal' AND data IS NOT NULL)"
            " ORDER BY records.path, links.goal"
        )
        return rows.fetchall()

    @_heals
    def unreflected(self) -> tuple[int, str | None]:
        """How many learning moments have no reflection written yet, and the newest one's id."""
        self.refresh()
        # the partial index holds only these rows; left to itself, SQLite reads every moment
        where = (
            "FROM records INDEXED BY records_unreflected"
            " WHERE model = 'moment' AND NOT reflected AND data IS NOT NULL"
        )
        db = self._connection()
        count = db.execute(f"SELECT count(*) {where}").fetchone()[0]
        newest = db.execute(f"SELECT id {where} ORDER BY day DESC, id DESC LIMIT 1").fetchone()
        return count, newest[0] if newest else None

    @_heals
    def last_reflected(self) -> dt.date | None:
        """The date of the newest learning moment with a reflection."""
        self.refresh()
        row = (
            self._connection()
            .execute("SELECT max(day) FROM records WHERE model = 'moment' AND data IS NOT NULL AND reflected")
            .fetchone()
        )
        return dt.date.fromisoformat(row[0]) if row[0] else None

    # The six below read one kind each (their SQL asks for it, and the readers check each
    # row's kind); mypy sees only what the readers return, any kind: hence the ignores.
    def moments(self, filters: Query, newest: int | None = None) -> list[LearningMoment]:
        """Oldest first; with `newest`, only that many of the latest."""
        return self._moments(filters, newest, self._record)  # type: ignore[arg-type]

    def moment_rows(self, filters: Query, newest: int | None = None) -> list[MomentRow]:
        """`moments`, as the rows a listing shows."""
        return self._moments(filters, newest, _row)  # type: ignore[arg-type]

    def goals(self, statuses: Sequence[str] = ()) -> list[Goal]:
        """Soonest target first."""
        return self._goals(statuses, self._record)  # type: ignore[arg-type]

    def goal_rows(self, statuses: Sequence[str] = ()) -> list[GoalRow]:
        """`goals`, as the rows a listing shows."""
        return self._goals(statuses, _row)  # type: ignore[arg-type]

    def reviews(self) -> list[Review]:
        """Every readable review meeting, newest first."""
        return self._reviews(self._record)  # type: ignore[arg-type]

    def review_rows(self) -> list[ReviewRow]:
        """`reviews`, as the rows the dashboard shows."""
        return self._reviews(_row)  # type: ignore[arg-type]

    @_heals
    def _moments(
        self, filters: Query, newest: int | None, made: Callable[[str, str, str], Found]
    ) -> list[Found]:
        self.refresh()
        where, values = filters.sql()
        order = "ORDER BY day, id" if newest is None else f"ORDER BY day DESC, id DESC LIMIT {_most(newest)}"
        rows = self._connection().execute(f"SELECT path, data FROM records WHERE {where} {order}", values)
        found = [made(path, data, "moment") for path, data in rows]
        return found if newest is None else found[::-1]

    @_heals
    def _goals(self, statuses: Sequence[str], made: Callable[[str, str, str], Found]) -> list[Found]:
        self.refresh()
        where = f" AND status IN ({_marks(statuses)})" if statuses else ""
        rows = self._connection().execute(
            "SELECT path, data FROM records WHERE model = 'goal' AND data IS NOT NULL"
            f"{where} ORDER BY coalesce(day, '9999'), json_extract(data, '$.created'), id",
            tuple(statuses),
        )
        return [made(path, data, "goal") for path, data in rows]

    @_heals
    def _reviews(self, made: Callable[[str, str, str], Found]) -> list[Found]:
        self.refresh()
        rows = self._connection().execute(
            "SELECT path, data FROM records WHERE model = 'review' AND data IS NOT NULL"
            " ORDER BY day DESC, id DESC"
        )
        return [made(path, data, "review") for path, data in rows]

    @_heals
    def unreadable(self, kinds: Sequence[str]) -> list[BadFile]:
        self.refresh()
        names = list(kinds)
        rows = self._connection().execute(
            "SELECT path, error, error_line FROM records"
            f" WHERE error IS NOT NULL AND model IN ({_marks(names)}) ORDER BY path",
            names,
        )
        return [BadFile(Path(path), error, line) for path, error, line in rows]

    def search(self, query: str, filters: Query, goals_too: bool, limit: int) -> list[Hit[Record]]:
        """The best `limit` matches of `query`, as whole records."""
        return self._search(query, filters, goals_too, limit, self._record)

    def search_rows(self, query: str, filters: Query, goals_too: bool, limit: int) -> list[Hit[Row]]:
        """The best `limit` matches of `query`, as the rows a listing shows."""
        return self._search(query, filters, goals_too, limit, _row)

    @_heals
    def _search(
        self, query: str, filters: Query, goals_too: bool, limit: int, made: Callable[[str, str, str], Found]
    ) -> list[Hit[Found]]:
        self.refresh()
        where, values = self._search_where(filters, goals_too)
        sql = (
            "SELECT records.path, records.data, records.model, fts.rowid,"
            " bm25(fts, 10.0, 1.0, 4.0, 2.0) AS rank"
            f" FROM fts JOIN records ON records.rowid = fts.rowid WHERE fts MATCH ? AND {where}"
            " ORDER BY rank, records.day DESC, records.id LIMIT ?"  # ties: newest first, as files say
        )
        db = self._connection()
        try:
            rows = db.execute(sql, (query, *values, _most(limit))).fetchall()
        except sqlite3.OperationalError as error:
            raise BadSearch(query, str(error)) from error
        return [
            Hit(made(path, data, model), snippet_parts(self._snippet(db, query, rowid)), rank)
            for path, data, model, rowid, rank in rows
        ]

    @staticmethod
    def _snippet(db: sqlite3.Connection, query: str, rowid: int) -> str:
        """The words around the matches in one found record (made only for those shown):
        by FTS5 itself, or from windows of a long record's text (see `fulltext.window_snippet`)."""
        whole = f"length(body) + length(extra) <= {SNIPPET_WHOLE}"
        snippet = db.execute(
            f"SELECT CASE WHEN {whole} THEN {SNIPPET.format(table='fts')} END FROM fts"
            " WHERE fts MATCH ? AND rowid = ?",
            (query, rowid),
        ).fetchone()
        if snippet and snippet[0] is not None:
            return str(snippet[0])
        columns = db.execute("SELECT title, body, tags, extra FROM fts WHERE rowid = ?", (rowid,)).fetchone()
        return window_snippet(query, *columns)

    @staticmethod
    def _search_where(filters: Query, goals_too: bool) -> tuple[str, list[Any]]:
        """Learning moments matching `filters`, and with `goals_too` every (public) goal and
        review meeting."""
        where, values = filters.sql()
        if goals_too:
            private = "" if filters.include_private else " AND NOT private"
            where = f"(({where}) OR (model IN ('goal', 'review') AND data IS NOT NULL{private}))"
        return where, values

    @_heals
    def search_count(self, query: str, filters: Query, goals_too: bool) -> int:
        """How many records `search` would find with no limit."""
        self.refresh()
        where, values = self._search_where(filters, goals_too)
        sql = (
            "SELECT count(*) FROM fts JOIN records ON records.rowid = fts.rowid"
            f" WHERE fts MATCH ? AND {where}"
        )
        return int(self._connection().execute(sql, (query, *values)).fetchone()[0])

    @_heals
    def totals(self, filters: Query) -> tuple[int, float]:
        """How many learning moments match `filters`, and their hours."""
        self.refresh()
        where, values = filters.sql()
        sql = f"SELECT count(*), coalesce(sum(json_extract(data, '$.hours')), 0) FROM records WHERE {where}"
        count, hours = self._connection().execute(sql, values).fetchone()
        return count, float(hours)

    @_heals
    def with_evidence(self) -> list[Record]:
        """Readable records that list evidence: goals first, then learning moments by date."""
        self.refresh()
        rows = self._connection().execute(
            "SELECT path, data, model FROM records WHERE data IS NOT NULL"
            " AND json_array_length(data, '$.evidence') > 0 ORDER BY model, day, id"
        )
        return [self._record(path, data, model) for path, data, model in rows]

    @_heals
    def evidence_paths(self) -> dict[str, str]:
        """The sha256 of every evidence item the records list, and its path."""
        self.refresh()
        rows = self._connection().execute(
            "SELECT json_extract(item.value, '$.sha256'), json_extract(item.value, '$.path')"
            " FROM records, json_each(records.data, '$.evidence') AS item WHERE records.data IS NOT NULL"
        )
        return dict(rows.fetchall())

    def _record(self, path: str, data: str, kind: str) -> Record:
        """The record a row holds, checked: a row the files cannot have made is damage."""
        from mpl.domain.model import CLEANED

        _checked(path, kind)
        try:
            record = models()[kind].model_validate_json(data, context=CLEANED)  # cleaned when read
        except (ValueError, TypeError) as error:  # pydantic's ValidationError is a ValueError
            raise DamagedIndex(f"the index row of {path} is not a valid record") from error
        record.path = self.root / path
        return record


# What a listing shows of a record, from its row's JSON; each is checked on its way out, as
# a whole record is (a row the files cannot have made is damage: the index is made again).
def _row(path: str, data: str, kind: str) -> Row:
    _checked(path, kind)
    try:
        fields = json.loads(data)
        row = ROWS[kind](fields)
    except (TypeError, ValueError, KeyError) as error:
        raise DamagedIndex(f"the index row of {path} is not a valid {kind}") from error
    return row


def _moment_row(fields: dict[str, Any]) -> MomentRow:
    tags = fields["tags"]
    if not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
        raise ValueError("tags: not a list of text")
    return MomentRow(
        _text(fields["id"]),
        _text(fields["title"]),
        dt.date.fromisoformat(fields["date"]),
        Kind(fields["kind"]),
        _number(fields["hours"]),
        tuple(tags),
        _flag(fields["private"]),
    )


def _goal_row(fields: dict[str, Any]) -> GoalRow:
    success = fields["success"]
    if not isinstance(success, list):
        raise ValueError("success: not a list")
    progress = fields["progress"]
    if not (isinstance(progress, int) and 0 <= progress <= 100):
        raise ValueError("progress: not a percentage")
    return GoalRow(
        _text(fields["id"]),
        _text(fields["title"]),
        GoalStatus(fields["status"]),
        dt.date.fromisoformat(fields["created"]),
        _day(fields["target"]),
        _day(fields["review"]),
        _day(fields["closed"]),
        progress,
        len(success),
        sum(1 for criterion in success if isinstance(criterion, dict) and criterion.get("met") is not None),
        _text(fields["body"], empty=True),
        _flag(fields["private"]),
    )


def _review_row(fields: dict[str, Any]) -> ReviewRow:
    return ReviewRow(
        _text(fields["id"]),
        _text(fields["title"]),
        dt.date.fromisoformat(fields["date"]),
        _text(fields["with"]),
        _day(fields["next"]),
        _flag(fields["private"]),
    )


ROWS: dict[str, Callable[[dict[str, Any]], Row]] = {
    "moment": _moment_row,
    "goal": _goal_row,
    "review": _review_row,
}


def _text(value: Any, empty: bool = False) -> str:
    if not isinstance(value, str) or not (value or empty):
        raise ValueError("not text")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("not true or false")
    return value


def _day(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _checked(path: str, model: str) -> str:
    """`path`, from a row, if it is a record file's path (inside the record's folders) of
    the row's kind."""
    if not _RECORD_PATH.match(path) or _kind_of(path) != model:
        raise DamagedIndex(f"the index names {path!r}, which is no {model} record's path")
    return path


def _named(path: str) -> str:
    """The id a record file's name gives it: the name, less `.md` and (but for a goal's) the
    date before the id."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    match = _DATED_NAME.match(stem) if _kind_of(path) != "goal" else None
    return match[1] if match else stem


def _kind_of(path: str) -> str:
    if path.startswith(f"{LOG_DIR}/"):
        return "moment"
    return "review" if path.startswith(f"{REVIEWS_DIR}/") else "goal"


def models() -> dict[str, type[Record]]:
    """Each record kind's model (imported only when a whole record is wanted)."""
    from mpl.domain.model import Goal, LearningMoment, Review

    return {"moment": LearningMoment, "goal": Goal, "review": Review}


def kinds_of(*models: type[Record]) -> list[str]:
    """The kinds, as the index names them, of `models`."""
    return [NAMES[model.__name__] for model in models]


def _searched_too(record: Record) -> str:
    """What full-text search finds a record by besides its title, body and tags."""
    from mpl.domain.model import Goal, Review

    if isinstance(record, Review):
        return " ".join([record.who, *(item.text for item in record.agreed)])
    success = [criterion.text for criterion in record.success] if isinstance(record, Goal) else []
    return " ".join([*record.competencies, *success, getattr(record, "current", None) or ""])


def _behind_link(root: Path, path: str) -> bool:
    """Is a folder on the way to the record file `path` (goals/, log/, log/YYYY/) a link?"""
    parts = path.split("/")[:-1]
    return any((root.joinpath(*parts[: depth + 1])).is_symlink() for depth in range(len(parts)))


def _subfolders(folder: Path) -> list[Path]:
    if folder.is_symlink() or not folder.is_dir():
        return []
    return [Path(entry.path) for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)]


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _cannot_write(error: sqlite3.OperationalError) -> bool:
    """Did SQLite fail for want of space or of permission to write?"""
    text = str(error)
    return any(words in text for words in ("full", "readonly", "read-only", "disk I/O"))


def _writable(path: Path) -> bool:
    """Can the file at `path` be made or changed? Not on a read-only disk or folder."""
    folder = path.parent if path.parent.exists() else path.parent.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _made(db: sqlite3.Connection, stamp: str) -> sqlite3.Connection:
    """`db` with the index's tables made in it, stamped as made for this portfolio."""
    db.executescript(f"BEGIN IMMEDIATE; {TABLES}")
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (stamp,))
    db.execute("COMMIT")
    return db


def _tree_state(db: sqlite3.Connection) -> TreeState | None:
    """The git state the index was last brought up to date with."""
    row = db.execute("SELECT value FROM meta WHERE key = 'tree'").fetchone()
    if not row or not row[0]:
        return None
    try:
        data = json.loads(row[0])
        return TreeState(data["head"], tuple(data["changed"]))
    except (TypeError, ValueError, KeyError) as error:
        raise DamagedIndex("the index's record of git's state is damaged") from error


def _noted(db: sqlite3.Connection) -> list[str]:
    """The record files mpl wrote (and took in) since the index last asked git."""
    row = db.execute("SELECT value FROM meta WHERE key = 'noted'").fetchone()
    try:
        noted = json.loads(row[0]) if row else []
    except (TypeError, ValueError) as error:
        raise DamagedIndex("the index's list of noted files is damaged") from error
    if not isinstance(noted, list) or not all(isinstance(path, str) for path in noted):
        raise DamagedIndex("the index's list of noted files is damaged")
    return noted


def _stamp(db: sqlite3.Connection) -> str | None:
    """Which schema and mpl made the index; None for a new (or foreign) file."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.OperationalError:  # no meta table
        return None
    return str(row[0]) if row else None


def _most(count: int) -> int:
    """A number of rows to ask SQLite for: however many were asked for, within what its
    integers hold (asking for 10**20 means every one)."""
    return max(0, min(int(count), 2**62))


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values)) or "NULL"
