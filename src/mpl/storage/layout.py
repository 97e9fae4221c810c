"""Fixed names and the small files every new portfolio starts with."""

CONFIG_FILE = "mpl.toml"
GOALS_DIR = "goals"  # goals/<id>.md
LOG_DIR = "log"  # log/YYYY/YYYY-MM-DD-<id>.md
REVIEWS_DIR = "reviews"  # reviews/YYYY-MM-DD-<id>.md
RECORD_DIRS = (GOALS_DIR, LOG_DIR, REVIEWS_DIR)
EVIDENCE_DIR = "evidence"  # evidence/YYYY/<hash>-<name>
CACHE_DIR = ".mpl"  # mpl's own: the index, the lock, drafts, recovered files; never committed
EXPORTS_DIR = "exports"


def record_file(kind: str, record_id: str, day: str | None) -> str:
    """Where a record of `kind` (moment, goal, review) with this id and date (ISO) lives,
    relative to the portfolio: the one name its id and date give it."""
    if kind == "goal":
        return f"{GOALS_DIR}/{record_id}.md"
    if kind == "review":
        return f"{REVIEWS_DIR}/{day}-{record_id}.md"
    return f"{LOG_DIR}/{(day or '')[:4]:0>4}/{day}-{record_id}.md"  # a four-digit year folder


# What every portfolio must keep out of git (`mpl doctor` checks and mends these lines).
IGNORED = (f"{CACHE_DIR}/", f"{EXPORTS_DIR}/")

GITIGNORE = f"""\
# mpl's rebuildable cache and unsaved drafts; never part of the record
{IGNORED[0]}
# packs written by `mpl export`: copies of the record, made again at will
{IGNORED[1]}
# editors' swap and backup files, and what file managers leave behind
.*.sw[a-p]
*~
\\#*#
.#*
.DS_Store
Thumbs.db
"""

PORTFOLIO_README = """\
# My learning record

This folder is a personal record of continuing professional development (CPD),
kept by [mpl](https://pypi.org/project/mpl/) but readable without it:

- `mpl.toml`: who I am, my roles over time, my CPD year and hours target.
- `goals/<id>.md`: what I want to be able to do, what success looks like, and
  dated progress notes.
- `log/YYYY/YYYY-MM-DD-<id>.md`: learning moments (courses, reading,
  conversations, things done for the first time), each with its reflection.
- `reviews/YYYY-MM-DD-<id>.md`: review meetings (one-to-ones, appraisals):
  what was agreed, and when the next one is.
- `evidence/`: certificates, feedback and other files behind the records.

Every file is Markdown with TOML front matter between `+++` lines, and every
change is a git commit, so `git log` is the history of this record.
"""
