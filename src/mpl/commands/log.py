"""`mpl log`: record a learning moment right after it happens."""

from pathlib import Path
from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, env_of, hours_value, portfolio_of
from mpl.domain.model import Kind
from mpl.errors import MplError
from mpl.ui.render import emit_json, progress_bar, record_json, say
from mpl.usecases.evidence import sources_size
from mpl.usecases.moments import (
    RuleFields,
    answers_given,
    ask_reflection,
    draft_name,
    edit_new_moment,
    log_moment,
    new_moment,
    reflection_body,
    reflection_model,
)


def log(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Argument(help="What happened, in a few words.")] = None,
    date: Annotated[str, typer.Option("--date", "-d", help="When it happened. " + DATE_HELP)] = "today",
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What sort of learning it was.")] = Kind.OTHER,
    hours: Annotated[
        float, typer.Option("--hours", "-H", parser=hours_value, help="Hours it took (0 to 8784).")
    ] = 0,
    participatory: Annotated[
        bool, typer.Option("--participatory", help="Learned with other people (counts for NMC).")
    ] = False,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", "-g", help="A goal it serves (id or prefix); repeatable."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag; repeatable.")] = None,
    competency: Annotated[
        list[str] | None, typer.Option("--competency", help="A competency it builds; repeatable.")
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep it out of exports.")] = False,
    highlight: Annotated[
        bool, typer.Option("--highlight", help="One of the moments a pack leads with (3 to 5 a year).")
    ] = False,
    verifiable: Annotated[
        bool, typer.Option("--verifiable", help="You can show evidence of it (ACCA, ICAEW).")
    ] = False,
    planned: Annotated[
        bool, typer.Option("--planned", help="Planned in advance, not in the flow of work (GPhC, IET).")
    ] = False,
    formal: Annotated[
        bool, typer.Option("--formal", help="Structured, with objectives and outcomes (RICS).")
    ] = False,
    ethics: Annotated[bool, typer.Option("--ethics", help="Learning on professional ethics.")] = False,
    standard: Annotated[
        list[str] | None,
        typer.Option("--standard", help="The part of your code or standards it relates to; repeatable."),
    ] = None,
    counts_as: Annotated[
        list[str] | None,
        typer.Option(
            "--counts-as",
            help="What it counts as for your body: reflective-account, practice-feedback,"
            " reflective-discussion, peer-discussion, ...; repeatable.",
        ),
    ] = None,
    feedback_from: Annotated[
        str | None, typer.Option("--feedback-from", help="Feedback: who gave it (a role, not a name).")
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="A reflective or peer discussion: with whom.")
    ] = None,
    partner_registration: Annotated[
        str | None, typer.Option("--partner-registration", help="Their registration number (an NMC Pin).")
    ] = None,
    partner_email: Annotated[str | None, typer.Option("--partner-email", help="Their email.")] = None,
    partner_address: Annotated[
        str | None, typer.Option("--partner-address", help="Their professional address and postcode.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Reflection model (default: the portfolio's)."),
    ] = None,
    what: Annotated[str | None, typer.Option("--what", help="Driscoll: what happened?")] = None,
    so_what: Annotated[str | None, typer.Option("--so-what", help="Driscoll: what did I learn?")] = None,
    now_what: Annotated[str | None, typer.Option("--now-what", help="Driscoll: what will I do next?")] = None,
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help="KEY=TEXT for any model's section; repeatable."),
    ] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option("--evidence", help="A file to keep as evidence; repeatable."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", "-e", help="Write it in $EDITOR instead of being asked.")
    ] = False,
    json: Json = False,
) -> None:
    """Record a learning moment, with a reflection.

    On a terminal, with no reflection given, mpl asks the reflection model's
    questions. Text piped in becomes the reflection.
    """
    env = env_of(ctx)
    portfolio = portfolio_of(ctx)
    reflection = reflection_model(portfolio, model)
    answers = answers_given(reflection, what=what, so_what=so_what, now_what=now_what, sections=section or [])
    total = sources_size(portfolio, evidence or [])  # refused before any questions
    if title is None and not edit:
        if not env.interactive:
            raise MplError("mpl log needs a title", hint='mpl log "What happened" [options]')
        title = env.ask("What did you learn from? (a title): ")
        if not title:
            raise MplError("no title given, nothing logged")
    day = date_option(ctx, date)
    assert day is not None
    ask = not answers and not edit and env.interactive  # once the moment is known to be fine
    piped = env.piped_text() if not answers and not edit and not env.interactive else ""
    moment = new_moment(
        portfolio,
        "Untitled" if title is None else title,  # none given: one is written in the editor
        date=day,
        kind=kind,
        hours=hours,
        participatory=participatory,
        goals=goal or [],
        tags=tag or [],
        competencies=competency or [],
        private=private,
        highlight=highlight,
        model=reflection,
        body=reflection_body(reflection, answers, piped),
        rules=RuleFields(
            verifiable=verifiable,
            planned=planned,
            formal=formal,
            ethics=ethics,
            standards=standard or [],
            counts_as=counts_as or [],
            feedback_from=feedback_from,
            partner=partner,
            partner_registration=partner_registration,
            partner_email=partner_email,
            partner_address=partner_address,
        ),
    )
    if ask:
        say("Reflect on it (Enter skips a question; `mpl log --edit` opens your editor):")
        ask_reflection(portfolio, moment, reflection)  # Ctrl-C keeps the answers as a draft
    text, draft = None, draft_name(moment)
    if edit:
        moment, text = edit_new_moment(portfolio, moment, draft, untitled=title is None)
    with progress_bar(total, "Adding evidence") as progress:
        log_moment(portfolio, moment, text, evidence or [], progress, draft if edit else None)
    if json:
        emit_json(record_json(moment, portfolio.root))
    else:
        say(f"Logged {moment.id} ({portfolio.relative(moment.path)})" if moment.path else moment.id)
