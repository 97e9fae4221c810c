"""The one way in to a portfolio's records: find, read, query, write, commit.

Commands never touch files or git themselves; they ask a `Portfolio`. Reading
is through the index (a cache of the files, kept true to them), and every change
is written atomically and committed as one git commit. Listings can be had as plain
rows (`moment_rows`, `goal_rows`), which need neither pydantic nor the settings: the
everyday read paths import neither; whole records are pydantic models.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from mpl import FORMAT_VERSION
from mpl.domain.changes import Change, SyncReport
from mpl.domain.ids import clean_file_name, unique_id
from mpl.domain.rows import GoalRow, MomentRow, ReviewRow, RoleRow, Row, SettingsRow
from mpl.domain.search import Hit
from mpl.domain.vocab import ChangeKind
from mpl.env import Env
from mpl.errors import (
    Ambiguous,
    BadFile,
    DuplicateId,
    FolderNotEmpty,
    IsALink,
    MplError,
    NewerFormat,
    NoPortfolio,
    NoRemote,
    NotAFolder,
    NotAPortfolio,
    NotFound,
    NothingToUndo,
    PortfolioExists,
    RemoteUnreachable,
)
from mpl.storage import frontmatter
from mpl.storage.drafts import Drafts
from mpl.storage.exports import Exports
from mpl.storage.files import atomic_write, inside, open_inside, read_text, refuse_outside
from mpl.storage.frontmatter import FrontMatterError
from mpl.storage.fulltext import fts_query
from mpl.storage.git import Repository, require_git
from mpl.storage.index import KINDS, NAMES, Entry, Index, Query, kinds_of
from mpl.storage.layout import (
    CACHE_DIR,
    CONFIG_FILE,
    GITIGNORE,
    GOALS_DIR,
    PORTFOLIO_README,
    REVIEWS_DIR,
    record_file,
)

if TYPE_CHECKING:  # pydantic's models: imported where whole records are read or written
    from mpl.domain.model import Config, EvidenceItem, Goal, LearningMoment, Record, Review, Role
    from mpl.storage import evidence
    from mpl.storage.change import Changes
    from mpl.storage.notices import Notice

R = TypeVar("R", "LearningMoment", "Goal", "Review")
# What a person calls each kind of record (as the index names the kinds).
WHAT = {"moment": "learning moment", "goal": "goal", "review": "review"}
# An update to make to a record in the same change as another: (record, keys, new body or None).
Update = tuple["Record", dict[str, Any], str | None]
Notify = Callable[["Notice"], None]


def _quiet(notice: Notice) -> None:
    """Tell nobody (the storage used on its own, by tests or the benchmark)."""


def wanted_root(env: Env, path: Path | None = None) -> Path:
    """Where a portfolio is wanted when no folder above holds one: `path`, else
    -C/MPL_PORTFOLIO, else the default folder in the home folder."""
    return (path or env.portfolio or env.default_portfolio).expanduser()


@dataclass
class Portfolio:
    root: Path
    env: Env
    repo: Repository = field(init=False)
    index: Index = field(init=False)
    notify: Notify = _quiet  # what the person is told of what the storage did, skipped or found
    progress: Callable[[int, int], None] | None = None  # told (done, total) as record files are read
    drafts: Drafts = field(init=False)
    exports: Exports = field(init=False)
    _warned: set[Path] = field(default_factory=set, init=False)
    _config: Config | None = field(default=None, init=False)
    _changes: Changes | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.repo = Repository(self.root)
        cache = self.root / CACHE_DIR  # a link out of the folder: the index is kept in memory
        cached = cache if inside(self.root, cache) else None
        self.index = Index(
            self.root, self._read, cached, self.repo.changes_since, self.progress, self.repo.ignored_records
        )
        self.drafts = Drafts(self.root / CACHE_DIR / "drafts", self.root)
        self.exports = Exports(self.root, self.repo, lambda notice: self.notify(notice))
        self.check_settings()

    @property
    def changes(self) -> Changes:
        """The change protocol (`mpl.storage.change`), made when first wanted: reading needs
        none of it."""
        if self._changes is None:
            from mpl.storage.change import Changes

            self._changes = Changes(
                self.root,
                self.repo,
                identity=lambda: (self.config.name, self.config.email or "portfolio@mpl.invalid"),
                notify=lambda notice: self.notify(notice),
                partial_writes=self._partial_writes,
                changed=self.index.stale,
            )
        return self._changes

    def _partial_writes(self) -> list[Path]:
        """What interrupted writes left (only a change that mends the folder asks)."""
        from mpl.storage import health

        return health.partial_writes(self.root)

    @property
    def config(self) -> Config:
        """`mpl.toml`, read when first wanted (listing needs none of it)."""
        if self._config is None:
            self._config = self._read_config()
        return self._config

    @config.setter
    def config(self, config: Config) -> None:
        self._config = config

    def check_settings(self) -> SettingsRow:
        """Refuse, as reading it would, a `mpl.toml` that is not valid or is of a newer format;
        what the dashboard shows of it. A file found valid is not read again while it is the
        same file, unchanged (the same inode, size, modification and change times: a change
        time cannot be set back): the index keeps what it said."""
        path = self.root / CONFIG_FILE
        try:
            stat = path.stat()
        except OSError:
            self._read_config()  # says what is wrong with it
            raise
        seen = [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, FORMAT_VERSION]
        if self._config is not None:
            return _settings_row(self._config)
        noted = _noted_settings(self.index.settings_seen(), seen)
        if noted is not None:
            return noted
        self._config = self._read_config()
        row = _settings_row(self._config)
        self.index.note_settings(json.dumps([seen, _settings_json(row)]))
        return row

    # -- finding and making portfolios -------------------------------------------------

    @classmethod
    def locate(
        cls, env: Env, notify: Notify = _quiet, progress: Callable[[int, int], None] | None = None
    ) -> Portfolio:
        """-C/MPL_PORTFOLIO, else the nearest folder upwards holding `mpl.toml`,
        else the default folder in the home folder."""
        if env.portfolio is not None:
            if not (env.portfolio / CONFIG_FILE).is_file():
                raise NoPortfolio(env.portfolio, env.default_portfolio, CONFIG_FILE)
            return cls(env.portfolio.resolve(), env, notify, progress)
        for folder in (env.cwd, *env.cwd.parents, wanted_root(env)):
            if (folder / CONFIG_FILE).is_file():
                return cls(folder.resolve(), env, notify, progress)
        raise NoPortfolio(None, env.default_portfolio, CONFIG_FILE)

    @classmethod
    def create(cls, root: Path, env: Env, config: Config, notify: Notify = _quiet) -> Portfolio:
        """Make a new portfolio at `root` with its repository and first commit."""
        from mpl.storage import settings

        require_git()
        if (root / CONFIG_FILE).exists():
            raise PortfolioExists(root, CONFIG_FILE)
        if root.exists() and not root.is_dir():
            raise NotAFolder(root)
        root.mkdir(parents=True, exist_ok=True)
        repo = Repository.create(root)
        written = [root / CONFIG_FILE]
        atomic_write(root / CONFIG_FILE, settings.new_text(config))
        for name, text in ((".gitignore", GITIGNORE), ("README.md", PORTFOLIO_README)):
            if not (root / name).exists():
                atomic_write(root / name, text)
                written.append(root / name)
        portfolio = cls(root.resolve(), env, notify)
        if not repo.has_identity():
            portfolio.changes.use_fallback_identity()
        portfolio.changes.commit(written, f"init: learning record of {config.name}", ChangeKind.INIT)
        return portfolio

    @classmethod
    def copy_of(cls, url: str, root: Path, env: Env, notify: Notify = _quiet) -> Portfolio:
        """A working copy at `root` (a new or empty folder) of the portfolio at the git
        remote `url`, remembered as the remote `mpl sync` uses. Nothing is left behind
        when it fails: a folder this made is removed."""
        from mpl.storage.git import clone

        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise FolderNotEmpty(root)
        made = not root.exists()
        try:
            repo = clone(url, root)
            if not (root / CONFIG_FILE).is_file():
                raise NotAPortfolio(url, CONFIG_FILE)
        except MplError:
            _remove_copy(root, made)
            raise
        portfolio = cls(root.resolve(), env, notify)
        if not repo.has_identity():
            portfolio.changes.use_fallback_identity()
        return portfolio

    # -- changing safely ----------------------------------------------------------------

    def changing(self, fixing: bool = False) -> AbstractContextManager[list[Notice]]:
        """The change protocol's frame (see `mpl.storage.change`): hold it around a change."""
        return self.changes.changing(fixing)

    # -- health: what `mpl doctor` asks of the storage ----------------------------------

    def unreadable(self) -> list[BadFile]:
        """Every record file that cannot be read, with why."""
        return self.index.unreadable(KINDS)

    def dangling_links(self) -> list[tuple[Path, str]]:
        """(file, goal id) of each learning moment naming a goal that does not exist."""
        return [(self.root / path, goal) for path, goal in self.index.dangling_links()]

    def record_paths(self) -> dict[str, list[Path]]:
        """Each id (from readable files and file names alike) and the files that use it."""
        paths: dict[str, list[Path]] = {}
        for entry in self.index.entries(KINDS):
            paths.setdefault(entry.id, []).append(entry.path)
        return paths

    # -- reading ------------------------------------------------------------------------

    def moments(self, query: Query | None = None, newest: int | None = None) -> list[LearningMoment]:
        """Learning moments matching `query`, oldest first (only the `newest` N if given)."""
        self._warn_unreadable("moment")
        return self.index.moments(query or Query(), newest)

    def moment_rows(self, query: Query | None = None, newest: int | None = None) -> list[MomentRow]:
        """`moments`, as the plain rows a listing shows."""
        self._warn_unreadable("moment")
        return self.index.moment_rows(query or Query(), newest)

    def totals(self, query: Query | None = None) -> tuple[int, float]:
        """How many learning moments match `query`, and their hours (without reading them)."""
        return self.index.totals(query or Query())

    def records_with_evidence(self) -> list[Record]:
        """The readable records that list evidence: goals, then learning moments by date."""
        self._warn_unreadable(*KINDS)
        return self.index.with_evidence()

    def recorded_evidence(self) -> dict[str, str]:
        """The sha256 of every evidence item any record lists, and its path."""
        return self.index.evidence_paths()

    def goals(self, statuses: Iterable[str] | None = None) -> list[Goal]:
        """Goals (of the given statuses), soonest target first."""
        self._warn_unreadable("goal")
        return self.index.goals(list(statuses or ()))

    def reviews(self) -> list[Review]:
        """Review meetings, newest first."""
        self._warn_unreadable("review")
        return self.index.reviews()

    def review_rows(self) -> list[ReviewRow]:
        """`reviews`, as the plain rows the dashboard shows."""
        self._warn_unreadable("review")
        return self.index.review_rows()

    def goal_rows(self, statuses: Iterable[str] | None = None) -> list[GoalRow]:
        """`goals`, as the plain rows a listing shows."""
        self._warn_unreadable("goal")
        return self.index.goal_rows(list(statuses or ()))

    @overload
    def find(self, ref: str) -> Record: ...
    @overload
    def find(self, ref: str, model: type[R]) -> R: ...
    def find(self, ref: str, model: type[R] | None = None) -> Record:
        """The record whose id is `ref` or starts with it (one of `model` if given: only
        records of its kind are looked at), read from its file: the index only says which
        file, and a file that holds another record than the index said (an index tampered
        with) has the index made again before it is asked again."""
        kinds = kinds_of(model) if model else KINDS
        entry = self._readable_entry(ref, kinds)
        record = self._read(entry.path)
        if record.id != entry.id:
            self.index.rebuild()
            entry = self._readable_entry(ref, kinds)
            record = self._read(entry.path)
        return record

    def goal_id(self, ref: str) -> str:
        """The id of the goal whose id is `ref` or starts with it (without reading it whole)."""
        return self._readable_entry(ref, ["goal"]).id

    def _readable_entry(self, ref: str, kinds: Sequence[str]) -> Entry:
        entry = self._find_entry(ref, kinds)
        if entry.error is not None:
            raise BadFile(entry.error.path, entry.error.problem, entry.error.line)
        return entry

    def read_text(self, path: Path) -> str:
        """The text of a file in the portfolio (a BadFile naming it when it is not text)."""
        return read_text(path, self.relative(path))

    def raw_text(self, ref: str) -> tuple[Path, str, type[Record], str]:
        """A record's file, text, model and id (from its file name if it cannot be read),
        even when the file is malformed (for editing)."""
        entry = self._find_entry(ref, KINDS)
        return entry.path, read_text(entry.path), entry.model, entry.id

    def search(self, words: str, query: Query, goals_too: bool = True, limit: int = 50) -> list[Hit[Record]]:
        """Records matching the person's search `words` (see `fulltext.fts_query`), best first."""
        self._warn_unreadable(*KINDS)
        return self.index.search(fts_query(words), query, goals_too, limit)

    def search_rows(
        self, words: str, query: Query, goals_too: bool = True, limit: int = 50
    ) -> list[Hit[Row]]:
        """`search`, as the plain rows a listing shows."""
        self._warn_unreadable(*KINDS)
        return self.index.search_rows(fts_query(words), query, goals_too, limit)

    def search_count(self, words: str, query: Query, goals_too: bool = True) -> int:
        """How many records match the search `words`, with no limit."""
        return self.index.search_count(fts_query(words), query, goals_too)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the files; how many records it read."""
        return self.index.rebuild(progress)

    def relative(self, path: Path) -> Path:
        """`path` relative to the portfolio, if it is inside it."""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep and root != os.sep:
            return Path(text[len(root) + 1 :])  # as relative_to says, without its cost per file
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path

    # -- writing ------------------------------------------------------------------------

    def new_id(self, base: str) -> str:
        """`base`, made unique among every record id (goals and moments share ids)."""
        return unique_id(base, self._id_taken)

    def _id_taken(self, record_id: str) -> bool:
        """Is `record_id` in use? Asked one id at a time: quicker than gathering 50,000.
        Inside a change the index first takes in what git says changed; outside one (an id
        for a record still being written) its word is enough, as `add` asks again."""
        return self.index.id_taken(record_id, look_again=self.changes.depth > 0)

    def link_counts(self) -> dict[str, int]:
        """How many learning moments name each goal."""
        return {goal: count for goal, (count, _) in self.index.goal_links().items()}

    def goal_links(self, goals: Sequence[str]) -> dict[str, tuple[int, dt.date]]:
        """For each of `goals` that learning moments name: how many, and the latest date."""
        return self.index.goal_links(goals)

    def unreflected(self) -> tuple[int, str | None]:
        """How many learning moments have no reflection yet, and the newest one's id."""
        return self.index.unreflected()

    def last_reflected(self) -> dt.date | None:
        """When the newest learning moment with a reflection happened."""
        return self.index.last_reflected()

    def path_for(self, record: Record) -> Path:
        from mpl.domain.model import Goal

        day = None if isinstance(record, Goal) else record.date.isoformat()
        return self.root / record_file(NAMES[type(record).__name__], record.id, day)

    def add(
        self,
        record: Record,
        summary: str,
        action: ChangeKind,
        text: str | None = None,
        files: Sequence[Path] = (),
        updates: Sequence[Update] = (),
    ) -> Record:
        """Write a new record's file (from the record, or `text` as the person
        wrote it) and commit it, with any evidence `files` stored for it and the
        `updates` to other records (each checked before anything is written)."""
        if self._id_taken(record.id) or self.path_for(record).exists():  # taken since: the next free id
            record.id = self.new_id(record.id)
            text = text and frontmatter.update(text, {"id": record.id})
        path = self.path_for(record)
        if text is None:
            text = frontmatter.render(front_matter(record), record.body)
        self._check(path, text, type(record))
        updated = [self._updated(*update) for update in updates]
        paths = [path, *files, *(other for other, _ in updated)]
        self.changes.note(paths)
        self.changes.write(path, text)
        for other, new_text in updated:
            self.changes.write(other, new_text)
        self.changes.commit(paths, summary, action)
        self.index.note(path)
        record.path = path
        return record

    def add_many(
        self,
        moments: Sequence[LearningMoment],
        summary: str,
        action: ChangeKind,
        settings_edit: Callable[[str], str] | None = None,
    ) -> list[LearningMoment]:
        """Write many new learning moments (and perhaps `mpl.toml` changed by
        `settings_edit`) and commit them as one change; each gets a free id. All or
        nothing: when a write fails, the new files are removed again and `mpl.toml` put
        back (they are made from what is being imported, which is still where it was),
        and a failed commit is handled as the change protocol handles any."""
        from mpl.domain.model import LearningMoment
        from mpl.storage import settings

        chosen: set[str] = set()
        planned: list[tuple[Path, str]] = []
        for moment in moments:
            moment.id = unique_id(
                moment.id, lambda candidate: candidate in chosen or self._id_taken(candidate)
            )
            chosen.add(moment.id)
            path = self.path_for(moment)
            text = frontmatter.render(front_matter(moment), moment.body)
            self._check(path, text, LearningMoment)
            moment.path = path
            planned.append((path, text))
        settings_path = self.root / CONFIG_FILE
        old_settings = read_text(settings_path)
        if settings_edit is not None:
            new_settings = settings_edit(old_settings)
            settings.parse(self.relative(settings_path), new_settings)  # refused unless valid
            planned.append((settings_path, new_settings))
        self.changes.note([path for path, _ in planned])
        written: list[Path] = []
        try:
            for path, text in planned:
                self.changes.write(path, text)
                written.append(path)
        except BaseException:
            for path in written:
                if path == settings_path:
                    self.changes.write(path, old_settings)
                else:
                    self.changes.remove(path)
            raise
        self.changes.commit(written, summary, action)
        if settings_edit is not None:
            self.config = self._read_config()
        return list(moments)

    def update(
        self,
        record: Record,
        changes: dict[str, Any],
        summary: str,
        action: ChangeKind,
        body: str | None = None,
        files: Sequence[Path] = (),
    ) -> Record:
        """Change only the given front-matter keys (None removes one) and perhaps the body."""
        path, text = self._updated(record, changes, body)
        return self.replace(path, text, summary, action, type(record), files)

    def _updated(self, record: Record, changes: dict[str, Any], body: str | None) -> tuple[Path, str]:
        """The file of `record` and its text with only the given keys (and perhaps the body)
        changed, checked."""
        assert record.path is not None
        old = read_text(record.path)
        text = frontmatter.update(old, {key: _plain(value) for key, value in changes.items()}, body)
        self._check(record.path, text, type(record))
        return record.path, text

    def replace(
        self,
        path: Path,
        text: str,
        summary: str,
        action: ChangeKind,
        model: type[Record],
        files: Sequence[Path] = (),
    ) -> Record:
        """Write a record's whole new text, after checking it is valid. A changed
        date moves a learning moment's file to the name that date gives."""
        record = self._check(path, text, model)
        target = self.path_for(record)
        paths = list(dict.fromkeys([path, target, *files]))
        self.changes.note(paths)
        self.changes.write(target, text)
        if target != path:
            self.changes.remove(path)
        self.changes.commit(paths, summary, action)
        record.path = target
        return record

    # one per kind, not a TypeVar: a `type[Record]` (any of the three) must be accepted too
    @overload
    def check(self, path: Path, text: str, model: type[LearningMoment]) -> LearningMoment: ...
    @overload
    def check(self, path: Path, text: str, model: type[Goal]) -> Goal: ...
    @overload
    def check(self, path: Path, text: str, model: type[Review]) -> Review: ...
    def check(self, path: Path, text: str, model: type[Record]) -> Record:
        """The record `text` describes, or the BadFile saying why it is not valid."""
        return self._check(path, text, model)

    def start_role(self, role: Role) -> Role | None:
        """Close the current role the day before `role` starts (which must be later than
        it started) and open `role`."""
        from mpl.storage import settings

        current = self.config.current_role
        assert current is None or role.start > current.start, "roles follow one another"
        path = self.root / CONFIG_FILE
        text = settings.with_new_role(read_text(path), current, role)
        self.config = settings.parse(self.relative(path), text)
        self.changes.write(path, text)
        where = f" at {role.organisation}" if role.organisation else ""
        self.changes.commit([path], f"role: started {role.title}{where}", ChangeKind.ROLE)
        return current

    # -- evidence -------------------------------------------------------------------------

    def check_evidence_source(self, source: Path) -> int:
        """The size of a file about to be added; refuses non-files, unreadable files and
        files over the limit."""
        from mpl.storage import evidence  # only evidence work needs it (hashing, random names)

        return evidence.check_source(source, self._evidence_max_bytes)

    def store_evidence(
        self,
        sources: Sequence[Path],
        note: str | None = None,
        progress: evidence.Progress | None = None,
        recorded: dict[str, str] | None = None,
    ) -> list[tuple[EvidenceItem, evidence.Stored]]:
        """Copy files into `evidence/` (once per content) and describe them; not committed.
        Checks every file before copying any; when one fails, removes what it copied.
        Content `recorded` (sha256 -> path) whose file is gone goes back to that path."""
        for source in sources:
            self.check_evidence_source(source)
        named = [(source, clean_file_name(source.name)) for source in sources]
        year, limit = self.env.today.year, self._evidence_max_bytes
        from mpl.storage import evidence

        kept = evidence.store_all(
            self.root,
            named,
            year,
            limit,
            recorded,
            progress,
            before_keeping=lambda path: self.changes.note([path]),
        )
        return [
            (self._evidence_item(source, stored, note), stored)
            for source, stored in zip(sources, kept, strict=True)
        ]

    def _evidence_item(self, source: Path, stored: evidence.Stored, note: str | None) -> EvidenceItem:
        from mpl.domain.model import EvidenceItem

        return EvidenceItem(
            path=stored.path.relative_to(self.root).as_posix(),
            sha256=stored.sha256,
            size=stored.size,
            name="".join(c if c.isprintable() else "?" for c in source.name),
            media_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
            added=self.env.today,
            note=note or None,
        )

    @property
    def _evidence_max_bytes(self) -> int:
        return int(self.config.evidence_max_mb * 1_000_000)

    def scratch_file(self, name: str, text: str) -> Path:
        """A file in mpl's scratch folder (never part of the record) holding `text`."""
        path = self.root / CACHE_DIR / "incoming" / clean_file_name(name)
        refuse_outside(self.root, path)
        atomic_write(path, text)
        return path

    def evidence_files(self) -> list[tuple[Path, bool]]:
        """Every file kept under `evidence/`, and whether it is a link (never followed)."""
        from mpl.storage import evidence

        return list(evidence.stored_files(self.root))

    def evidence_state(self, item: EvidenceItem, progress: evidence.Progress | None = None) -> str:
        """`ok`, `missing`, `changed`, `link` or `not-a-file`: how the stored file compares
        with its record (see `mpl.storage.evidence.state`)."""
        from mpl.storage import evidence

        return evidence.state(self.root, item.path, item.sha256, progress)

    def evidence_path(self, item: EvidenceItem) -> Path:
        """The stored file of `item`, refused when it is missing, not a file, or a link."""
        os.close(open_inside(self.root, item.path))
        return self.root / item.path

    def evidence_presence(self, item: EvidenceItem) -> str:
        """Is the stored file of `item` there (`ok`), `missing`, a `link` or `not-a-file`?"""
        from mpl.storage import evidence

        return evidence.presence(self.root, item.path)

    def merge(self, base: str, ours: str, theirs: str) -> tuple[str, bool]:
        """Two versions of a text made from `base`, merged by git: the result and whether
        it is clean (else the parts both changed are marked, ours first)."""
        return self.repo.merge_texts(base, ours, theirs, ("your edit", "before", "changed meanwhile"))

    # -- sync ---------------------------------------------------------------------------

    def sync(self, remote: str | None = None) -> SyncReport:
        """Pull and push through the person's own git remote (set once with `remote`)."""
        before = self.repo.remote_url()
        if remote:
            self.repo.set_remote(remote)
        elif not before:
            raise NoRemote()
        self.changes.note(runs="rebase")
        try:
            report = self.repo.sync(f"{dt.datetime.now():%Y%m%d-%H%M%S}", noting=self.changes.note)
        except RemoteUnreachable:
            if remote and remote != before:  # a URL that leads nowhere is not kept
                self.repo.put_back_remote(before)
            raise
        self.index.stale()
        return report

    # -- history ------------------------------------------------------------------------

    def history(self, limit: int | None = None) -> list[Change]:
        return self.repo.history(limit)

    def undo(self) -> tuple[Change, bool]:
        """Undo the last mpl change that can be undone: it, and whether undoing it changed
        anything (False: it had been taken back by hand already, and is now marked undone)."""
        change = self.repo.last_undoable()
        if change is None:
            raise NothingToUndo()
        self.changes.note(self.repo.changed_paths(change), runs="revert")
        changed = self.repo.undo(change)
        self.index.stale()
        return change, changed

    # -- internals ----------------------------------------------------------------------

    def _read_config(self) -> Config:
        from mpl.storage import settings

        path = self.root / CONFIG_FILE
        if path.is_symlink():  # it could lead anywhere: /etc/passwd, say
            raise IsALink(self.relative(path))
        config = settings.parse(self.relative(path), read_text(path))
        if config.format > FORMAT_VERSION:
            raise NewerFormat(CONFIG_FILE, config.format, FORMAT_VERSION)
        return config

    def _warn_unreadable(self, *kinds: str) -> None:
        """Tell once of each file a listing of `kinds` (moment, goal) skips, and why."""
        for error in self.index.unreadable(kinds):
            if error.path not in self._warned:
                self._warned.add(error.path)
                from mpl.storage.notices import Skipped

                self.notify(Skipped(error))

    def _find_entry(self, ref: str, kinds: Sequence[str]) -> Entry:
        entries = self.index.entries(kinds, id_prefix=ref)
        exact = [entry for entry in entries if entry.id == ref]
        if len(exact) > 1:
            raise DuplicateId(ref, [self.changes.posix(entry.path) for entry in exact])
        matches = exact or entries
        if not matches:
            raise NotFound(ref, WHAT[kinds[0]] if len(kinds) == 1 else "record")
        ids = sorted({entry.id for entry in matches})
        if len(ids) > 1:
            raise Ambiguous(ref, ids)
        if len(matches) > 1:  # one id, several files: not a choice to make, but a problem to mend
            raise DuplicateId(ids[0], [self.changes.posix(entry.path) for entry in matches])
        return matches[0]

    def _read(self, path: Path) -> Record:
        """The record in a file under goals/, reviews/ or log/ (what the index calls to read one)."""
        from mpl.domain.model import Goal, LearningMoment, Review

        shown = self.relative(path)
        models: dict[str, type[Record]] = {GOALS_DIR: Goal, REVIEWS_DIR: Review}
        model = models.get(shown.parts[0], LearningMoment)
        return self._check(path, read_text(path, shown), model, shown)

    def _check(self, path: Path, text: str, model: type[Record], shown: Path | None = None) -> Record:
        from pydantic import ValidationError

        from mpl.storage import settings

        shown = shown or self.relative(path)
        try:
            parsed = frontmatter.parse(text)
        except FrontMatterError as error:
            raise BadFile(shown, error.problem, error.line) from error
        try:
            record = model.model_validate(parsed.front)
        except ValidationError as error:
            raise settings.bad_file(shown, parsed.front_text, error) from error
        record.path, record.body = path, parsed.body
        return record


def _noted_settings(noted: str | None, seen: list[int]) -> SettingsRow | None:
    """What the index noted of `mpl.toml`, if it noted it of the file as it is now (`seen`),
    checked as any row is; None (read the file) for anything else."""
    try:
        said, row = json.loads(noted) if noted else (None, None)
        if said != seen or not isinstance(row, dict):
            return None
        name, roles, target, start, packs = (
            row.get(key) for key in ("name", "roles", "hours_target", "cpd_year_start", "rule_packs")
        )
        if not (
            isinstance(name, str)
            and name
            and isinstance(roles, list)
            and (target is None or (isinstance(target, int | float) and not isinstance(target, bool)))
            and isinstance(start, str)
            and isinstance(packs, bool)
        ):
            return None
        spans = tuple(_role_row(*role) for role in roles)
    except (TypeError, ValueError):
        return None
    return SettingsRow(name, spans, None if target is None else float(target), start, packs)


def _role_row(start: str, end: str | None, label: str) -> RoleRow:
    if not isinstance(label, str) or not label:
        raise ValueError(label)
    return RoleRow(dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None, label)


def _settings_row(config: Config) -> SettingsRow:
    return SettingsRow(
        config.name,
        tuple(RoleRow(role.start, role.end, role.label) for role in config.roles),
        config.hours_target,
        config.cpd_year_start,
        bool(config.rule_packs),
    )


def _settings_json(row: SettingsRow) -> dict[str, object]:
    """What the index notes of `row` (read back by `_noted_settings`)."""
    roles = [
        [role.start.isoformat(), role.end.isoformat() if role.end else None, role.label] for role in row.roles
    ]
    return {
        "name": row.name,
        "roles": roles,
        "hours_target": row.hours_target,
        "cpd_year_start": row.cpd_year_start,
        "rule_packs": row.rule_packs,
    }


def _remove_copy(root: Path, made: bool) -> None:
    """Remove what a failed copy left: the folder it made, or what it put in an empty one."""
    import shutil

    if made:
        shutil.rmtree(root, ignore_errors=True)
        return
    for child in root.iterdir():
        shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)


def front_matter(record: Record) -> dict[str, Any]:
    """A record's front matter in file order, ready for TOML (no empty evidence list)."""
    data = record.model_dump(exclude_none=True)
    for key in ("evidence", "highlight"):  # written only when there is some, or it is true
        if not data.get(key):
            data.pop(key, None)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    return value
