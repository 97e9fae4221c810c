"""`mpl search` (full text, ranked) and `mpl reindex` (rebuild the cache that serves it)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from mpl.commands.common import (
    GoalFilter,
    Json,
    KindFilter,
    NoPrivate,
    OrgFilter,
    RoleFilter,
    Since,
    Tags,
    Until,
    build_query,
    portfolio_of,
)
from mpl.output import emit_json, say

OPERATORS = {"AND", "OR", "NOT", "(", ")"}
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(help='Words, "a phrase", prefix*, AND, OR, NOT, (brackets).', show_default=False),
    ],
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    goal: GoalFilter = None,
    kind: KindFilter = None,
    role: RoleFilter = None,
    org: OrgFilter = None,
    no_private: NoPrivate = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many results.")] = 20,
    json: Json = False,
) -> None:
    """Search titles, reflections, tags and goals; best matches first."""
    from mpl.render import record_json, search_results

    portfolio = portfolio_of(ctx)
    query = build_query(
        ctx,
        portfolio,
        since=since,
        until=until,
        tags=tag,
        goal=goal,
        kind=kind,
        role=role,
        org=org,
        no_private=no_private,
    )
    filtered = any([since, until, tag, goal, kind, role, org])
    hits = portfolio.search(fts_query(" ".join(words)), query, goals_too=not filtered, limit=limit)
    if json:
        emit_json(
            [
                {**record_json(hit.record, portfolio.root), "snippet": marked(hit.snippet, "**", "**")}
                for hit in hits
            ]
        )
    else:
        search_results(hits)


def fts_query(text: str) -> str:
    """The person's query in FTS5's syntax: operators and brackets kept, phrases
    kept, `word*` a prefix, every other word quoted (so `on-the-job` is a word)."""
    parts = []
    for token in _TOKEN.findall(text):
        if token in OPERATORS:
            parts.append(token)
        elif token.startswith('"'):
            parts.append(token if token.endswith('"') and len(token) > 1 else token + '"')
        elif token.endswith("*") and token.strip("*"):
            parts.append(_quoted(token.rstrip("*")) + "*")
        elif token.strip("*"):
            parts.append(_quoted(token))
    return " ".join(parts)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def marked(snippet: str, before: str, after: str) -> str:
    return snippet.replace("\x02", before).replace("\x03", after)


def reindex(ctx: typer.Context) -> None:
    """Rebuild the index (a cache of the files, in .mpl/) from scratch."""
    from mpl.render import count_bar

    portfolio = portfolio_of(ctx)
    with count_bar("Indexing") as progress:
        count = portfolio.reindex(progress)
    say(f"Indexed {count} record{'s' if count != 1 else ''}.")
