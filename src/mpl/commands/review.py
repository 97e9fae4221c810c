"""`mpl review ...`: one-to-ones and appraisals, what was agreed at them, and the next one."""

from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, portfolio_of
from mpl.domain.vocab import ReviewKind
from mpl.errors import MplError
from mpl.ui.render import emit_json, record_json, reviews_list, say
from mpl.usecases.reviews import record_review, reviews

app = typer.Typer(
    help="Review meetings (one-to-ones, appraisals): what was agreed, and when the next one is.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("add")
def add(
    ctx: typer.Context,
    who: Annotated[
        str, typer.Option("--with", help='Whom the review was with, like "Ward manager".', show_default=False)
    ],
    agreed: Annotated[
        list[str] | None, typer.Option("--agreed", "-a", help="Something agreed; repeatable.")
    ] = None,
    action_for: Annotated[
        list[str] | None,
        typer.Option(
            "--action-for",
            help="GOAL=TEXT: something agreed that also becomes a planned action of GOAL (id or"
            " its start); repeatable.",
        ),
    ] = None,
    next: Annotated[str | None, typer.Option("--next", help="When the next review is. " + DATE_HELP)] = None,
    on: Annotated[str, typer.Option("--on", help="When the review was. " + DATE_HELP)] = "today",
    kind: Annotated[
        ReviewKind, typer.Option("--kind", "-k", help="What sort of review it was.")
    ] = ReviewKind.ONE_TO_ONE,
    note: Annotated[str, typer.Option("--note", help="Your notes of the meeting.")] = "",
    title: Annotated[
        str | None,
        typer.Option("--title", help='Default: the kind, whom with and the month ("One-to-one with ...").'),
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep it out of exports.")] = False,
    json: Json = False,
) -> None:
    """Record a review meeting: what was agreed, and when the next one is."""
    portfolio = portfolio_of(ctx, changing=True)
    day = date_option(ctx, on)
    assert day is not None
    recorded = record_review(
        portfolio,
        who=who,
        on=day,
        agreed=agreed or [],
        actions=[_goal_and_text(item) for item in action_for or []],
        next=date_option(ctx, next),
        notes=note,
        private=private,
        kind=kind,
        title=title,
    )
    review = recorded.review
    if json:
        emit_json(record_json(review, portfolio.root))
        return
    say(f"Recorded review {review.id}")
    for goal in recorded.goals:
        say(f"Added the agreed action to the planned actions of {goal.id}")
    if review.next:
        say(f"Next review: {review.next:%-d %B %Y}")


def _goal_and_text(item: str) -> tuple[str, str]:
    goal, equals, text = item.partition("=")
    if not equals or not goal.strip():
        raise MplError(
            f"--action-for {item!r} needs the form GOAL=TEXT",
            hint='like --action-for lead="Shadow a debrief"',
        )
    return goal.strip(), text.strip()


@app.command("list")
def list_reviews(ctx: typer.Context, json: Json = False) -> None:
    """List review meetings, newest first."""
    portfolio = portfolio_of(ctx)
    found = reviews(portfolio)
    if json:
        emit_json([record_json(review, portfolio.root) for review in found])
    elif found:
        reviews_list(found)
    else:
        say('No review meetings yet: record one with `mpl review add --with "Ward manager" --agreed ...`.')
