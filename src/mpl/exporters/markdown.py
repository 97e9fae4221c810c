"""The pack as Markdown: readable as text, rendered well by GitHub and editors."""

from __future__ import annotations

from mpl.exporters import text
from mpl.pack import MomentView, Pack


def render_md(pack: Pack) -> bytes:
    return markdown(pack).encode()


def markdown(pack: Pack) -> str:
    out = [f"# {text.heading(pack)}", "", f"**{text.who(pack)}**  ", f"Period: {text.period(pack)}", ""]
    out += ["## Summary", "", "| | |", "|---|---:|"]
    out += [_row(row) for row in text.summary_rows(pack)]
    if pack.figures.hours_by_kind:
        out += ["", "### Hours by kind", "", "| Kind | Hours |", "|---|---:|"]
        out += [_row((kind, text.hours(h))) for kind, h in pack.figures.hours_by_kind.items()]
    out += ["", "## Goals", ""]
    if not pack.goals:
        out += ["No goals in this period.", ""]
    for view in pack.goals:
        goal = view.goal
        out += [f"### {goal.title}", "", f"*{text.goal_line(view, pack.prepared)}*", ""]
        for label, content in text.goal_parts(view):
            if isinstance(content, list):
                out += [f"**{label}:**", "", *[f"- {item}" for item in content], ""]
            else:
                out += [f"**{label}:** {content}", ""]
        if view.moments:
            out += [f"**Learning towards this goal ({len(view.moments)}):**", ""]
            for moment in view.moments:
                out += _moment(moment, level=4)
    out += ["## Learning not linked to a goal", ""]
    if not pack.unlinked:
        out += ["None in this period.", ""]
    for moment in pack.unlinked:
        out += _moment(moment, level=3)
    out += ["## Forward plan", ""]
    if pack.plan:
        out += [_row(text.PLAN_COLUMNS), "|---" * len(text.PLAN_COLUMNS) + "|"]
        out += [_row(text.plan_row(view)) for view in pack.plan]
    else:
        out.append("No active goals.")
    out += ["", "## Evidence index", ""]
    if pack.evidence:
        out += ["| File | Evidences | Added | SHA-256 |", "|---|---|---|---|"]
        for row in pack.evidence:
            item = row.item
            out.append(_row((f"`{item.path}`", row.record_title, text.day(item.added), f"`{item.sha256}`")))
    else:
        out.append("No evidence files.")
    out += ["", "---", "", text.left_out(pack), "", text.prepared(pack), ""]
    return "\n".join(out)


def _moment(view: MomentView, level: int) -> list[str]:
    moment = view.moment
    out = [f"{'#' * level} {text.day(moment.date)}: {moment.title}", "", f"*{text.moment_line(moment)}*", ""]
    if not view.reflection:
        out += ["*No reflection written yet.*", ""]
    for heading, body in view.reflection:
        out += [f"**{heading}** {body}", ""]
    return out


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
