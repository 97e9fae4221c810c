"""`mpl search` (full text, ranked) and `mpl reindex` (rebuild the cache that serves it)."""

from typing import Annotated

import typer

from mpl.commands.common import MOST_SHOWN, Json, portfolio_of, with_filters
from mpl.domain.search import marked
from mpl.ui.output import emit_json, say
from mpl.usecases.filters import Filters
from mpl.usecases.search import reindex as reindex_portfolio
from mpl.usecases.search import search as find
from mpl.usecases.search import search_rows


@with_filters()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(help='Words, "a phrase", prefix*, AND, OR, NOT, (brackets).', show_default=False),
    ],
    filters: Filters,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MOST_SHOWN, help="At most this many results.")
    ] = 20,
    json: Json = False,
) -> None:
    """Search titles, reflections, tags and goals; best matches first."""
    from mpl.ui.render import record_json, search_results

    portfolio = portfolio_of(ctx)
    if json:
        found = find(portfolio, " ".join(words), filters, limit)
        emit_json(
            [
                {**record_json(hit.record, portfolio.root), "snippet": marked(hit.snippet, "**", "**")}
                for hit in found.hits
            ]
        )
    else:
        shown = search_rows(portfolio, " ".join(words), filters, limit)
        search_results(shown.hits, shown.total)


def reindex(ctx: typer.Context) -> None:
    """Rebuild the index (a cache of the files, in .mpl/) from scratch."""
    from mpl.ui.render import count_bar

    portfolio = portfolio_of(ctx)
    with count_bar("Indexing") as progress:
        count = reindex_portfolio(portfolio, progress)
    say(f"Indexed {count} record{'s' if count != 1 else ''}.")
