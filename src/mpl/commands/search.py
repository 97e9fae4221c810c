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
from mpl.errors import MplError
from mpl.ui.output import emit_json, say

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
    from mpl.ui.render import record_json, search_results

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
    words_query = fts_query(" ".join(words))
    hits = portfolio.search(words_query, query, goals_too=not filtered, limit=limit)
    if json:
        emit_json(
            [
                {**record_json(hit.record, portfolio.root), "snippet": marked(hit.snippet, "**", "**")}
                for hit in hits
            ]
        )
    else:
        more = len(hits) == limit  # perhaps more than were shown: say how many in all
        search_results(hits, portfolio.search_count(words_query, query, not filtered) if more else len(hits))


def fts_query(text: str) -> str:
    """The person's query in FTS5's syntax: operators and brackets kept, phrases
    kept, `word*` a prefix, every other word quoted (so `on-the-job` is a word).
    `AND NOT` is read as FTS5's `NOT`, and words side by side must all match, brackets
    or not. A query FTS5 could not read is one clear error here, in the person's terms."""
    parts: list[str] = []
    for token in _TOKEN.findall(text):
        if token == "NOT" and parts[-1:] == ["AND"]:
            parts[-1] = "NOT"
            continue
        if token in OPERATORS:
            term = None
        elif token.startswith('"'):
            term = token if token.endswith('"') and len(token) > 1 else token + '"'
        elif token.endswith("*") and token.strip("*"):
            term = _quoted(token.rstrip("*")) + "*"
        elif token.strip("*"):
            term = _quoted(token)
        else:
            continue
        if (term or token == "(") and parts and parts[-1] not in OPERATORS - {")"}:
            parts.append("AND")  # side by side: both must match
        parts.append(term or token)
    _check(parts)
    return " ".join(parts)


def _check(parts: list[str]) -> None:
    binary = {"AND", "OR", "NOT"}
    if not [part for part in parts if part not in OPERATORS]:
        raise MplError(
            "give at least one word to search for", hint='like `mpl search sepsis` or `"a phrase"`'
        )
    for before, part in zip(["(", *parts], [*parts, ")"], strict=True):
        if part in binary and before in binary | {"("}:
            raise MplError(
                f"{part} needs a word before it",
                hint="NOT leaves out: `mpl search sepsis NOT lactate`; AND and OR join two words",
            )
        if before in binary and part in binary | {")"}:
            raise MplError(f"{before} needs a word after it", hint="like `mpl search sepsis OR lactate`")
    depth = 0
    for part in parts:
        depth += {"(": 1, ")": -1}.get(part, 0)
        if depth < 0:
            break
    if depth:
        raise MplError("the brackets do not pair up", hint="close each ( with a )")


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def marked(snippet: str, before: str, after: str) -> str:
    return snippet.replace("\x02", before).replace("\x03", after)


def reindex(ctx: typer.Context) -> None:
    """Rebuild the index (a cache of the files, in .mpl/) from scratch."""
    from mpl.ui.render import count_bar

    portfolio = portfolio_of(ctx)
    with count_bar("Indexing") as progress:
        count = portfolio.reindex(progress)
    say(f"Indexed {count} record{'s' if count != 1 else ''}.")
