"""The pack as Markdown: readable as text, rendered well by GitHub and editors."""

from __future__ import annotations

from mpl.domain.pack import MomentView, Pack
from mpl.exporters import text


def render_md(pack: Pack) -> bytes:
    return markdown(pack).encode()


def markdown(pack: Pack) -> str:
    out = [f"# {text.heading(pack)}", "", f"**{text.who(pack)}**  ", f"Period: {text.period(pack)}", ""]
    out += [f"## {text.SUMMARY}", "", "| | |", "|---|---:|"]
    out += [_row(row) for row in text.summary_rows(pack)]
    if pack.figures.hours_by_kind:
        out += ["", f"### {text.BY_KIND}", "", "| Kind | Hours |", "|---|---:|"]
        out += [_row((kind, text.hours(h))) for kind, h in pack.figures.hours_by_kind.items()]
    out += ["", f"## {text.GOALS}", ""]
    if not pack.goals:
        out += [text.NOTHING[text.GOALS], ""]
    for view in pack.goals:
        goal = view.goal
        out += [f"### {goal.title}", "", f"*{text.goal_line(view, pack.prepared)}*", ""]
        for label, content in text.goal_parts(view):
            if isinstance(content, list):
                out += [f"**{label}:**", "", *[f"- {item}" for item in content], ""]
            else:
                out += [f"**{label}:** {content}", ""]
        if view.moments:
            out += [f"**{text.learning_towards(view)}**", ""]
            for moment in view.moments:
                out += _moment(moment, level=4)
    out += [f"## {text.UNLINKED}", ""]
    if not pack.unlinked:
        out += [text.NOTHING[text.UNLINKED], ""]
    for moment in pack.unlinked:
        out += _moment(moment, level=3)
    out += [f"## {text.PLAN}", ""]
    if pack.plan:
        out += [_row(text.PLAN_COLUMNS), "|---" * len(text.PLAN_COLUMNS) + "|"]
        out += [_row(text.plan_row(view)) for view in pack.plan]
    else:
        out.append(text.NOTHING[text.PLAN])
    out += ["", f"## {text.EVIDENCE}", ""]
    if pack.evidence:
        out += [_row(text.EVIDENCE_COLUMNS), "|---" * len(text.EVIDENCE_COLUMNS) + "|"]
        for path, record, added, sha256 in text.evidence_rows(pack):
            out.append(_row((f"`{path}`", record, added, f"`{sha256}`")))
    else:
        out.append(text.NOTHING[text.EVIDENCE])
    out += ["", "---", "", text.left_out(pack), "", text.prepared(pack), ""]
    return "\n".join(out)


def _moment(view: MomentView, level: int) -> list[str]:
    moment = view.moment
    out = [f"{'#' * level} {text.day(moment.date)}: {moment.title}", "", f"*{text.moment_line(moment)}*", ""]
    if not view.reflection:
        out += [f"*{text.NO_REFLECTION}*", ""]
    for heading, body in view.reflection:
        out += [f"**{heading}** {body}", ""]
    return out


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
