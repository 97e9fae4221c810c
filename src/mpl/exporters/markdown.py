"""The pack as Markdown: readable as text, rendered well by GitHub and editors.

The person's text is Markdown and stays so, but raw HTML in it is made plain text
(`<script>` shows as written), so the pack is inert wherever it is rendered."""

from __future__ import annotations

import re

from mpl.domain.pack import GoalView, MomentView, Pack
from mpl.domain.text import body as shown_as_text
from mpl.exporters import text

# Code spans and fenced code blocks: HTML in them is shown as written already.
_CODE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$|(`+)(?:(?!\2).)+?\2", re.MULTILINE | re.DOTALL)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # where an HTML tag, comment or declaration would start
_IMAGE = re.compile(r"(?<!\\)!\[")  # where an image would start: a reader would fetch it
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)  # a person's heading in their text


def render_md(pack: Pack) -> bytes:
    """The pack as Markdown; no control character or direction override a hand-edited
    record holds reaches a file that may well be `cat` in a terminal."""
    return shown_as_text(markdown(pack)).encode()


def inert(value: str) -> str:
    """`value` with every HTML tag outside code made text (`&lt;`) and every image a link
    (`\\![alt](address)`: no reader fetches anything to show the pack), Markdown kept."""
    out, last = [], 0
    for match in _CODE.finditer(value):
        out += [_plain(value[last : match.start()]), match[0]]
        last = match.end()
    return "".join([*out, _plain(value[last:])])


def _plain(value: str) -> str:
    """No tag, no image, and a heading in the person's text made bold: the pack's own
    headings are its structure."""
    return _HEADING.sub(r"**\1**", _IMAGE.sub("\\![", _TAG.sub("&lt;", value)))


def markdown(pack: Pack) -> str:
    out = [
        f"# {inert(text.heading(pack))}",
        "",
        f"**{inert(text.who(pack))}**  ",
        f"Period: {text.period(pack)}",
        "",
    ]
    out += _opening(pack) + _summary(pack) + _goals(pack) + _highlights(pack) + _coming_up(pack)
    out += [f"## {text.PROGRESS}", ""]
    if not pack.goals:
        out += [text.NOTHING[text.GOALS], ""]
    for view in pack.goals:
        out += _goal(view, pack)
    out += _log(pack) + _plan(pack)
    if text.shows(pack, text.REVIEWS):
        out += _reviews(pack)
    out += _requirements(pack) + _competencies(pack)
    if text.shows(pack, text.REFLECTIONS):
        out += [f"## {text.REFLECTIONS}", ""]
        if not pack.reflected:
            out += [text.NOTHING[text.REFLECTIONS], ""]
        for moment_view in pack.reflected:
            out += _moment(moment_view, pack)
    if text.shows(pack, text.EVIDENCE):
        out += _evidence(pack)
    out += ["---", "", text.left_out(pack), "", text.prepared(pack), ""]
    return "\n".join(out)


def _opening(pack: Pack) -> list[str]:
    """What was agreed at the last review, and what happened since."""
    since = pack.since_review
    if since is None:
        return []
    out = [
        f"## {text.SINCE_REVIEW}",
        "",
        f"*{inert(text.review_line(since))}*",
        "",
        f"**{text.AGREED}:**",
        "",
    ]
    out += [f"- {inert(item)}" for item in text.review_agreed(pack, since.review)] or [text.NOTHING_AGREED]
    out += ["", f"**{text.since_label(since)}:**", ""]
    out += [f"- {inert(item)}" for item in text.since_items(since)]
    return [*out, ""]


def _reviews(pack: Pack) -> list[str]:
    out = [f"## {text.REVIEWS}", ""]
    if not pack.reviews:
        return [*out, text.NOTHING[text.REVIEWS], ""]
    for review in pack.reviews:
        out += [f"### {inert(text.review_heading(review))}", ""]
        if meta := text.review_meta(review):
            out += [f"*{meta}*", ""]
        agreed = text.review_agreed(pack, review)
        out += [f"**{text.AGREED}:**", "", *[f"- {inert(item)}" for item in agreed]] if agreed else []
        if review.body.strip():
            out += ["", f"**{text.NOTES}:** {inert(review.body.strip())}"]
        out.append("")
    return out


def _summary(pack: Pack) -> list[str]:
    out = [f"## {text.SUMMARY}", "", text.hours_line(pack), "", "| | |", "|---|---:|"]
    out += [_row(row) for row in text.summary_rows(pack)]
    if pack.figures.hours_by_kind:
        out += ["", f"### {text.BY_KIND}", "", "| Kind | Hours |", "|---|---:|"]
        out += [_row((kind, text.hours(h))) for kind, h in pack.figures.hours_by_kind.items()]
    return [*out, ""]


def _goals(pack: Pack) -> list[str]:
    out = [f"## {text.GOALS}", ""]
    if not pack.goals:
        return [*out, text.NOTHING[text.GOALS], ""]
    for view in pack.goals:
        out.append(f"{view.number}. **{inert(view.goal.title)}**: {text.goal_summary(view, pack.prepared)}")
        out += [f"   - {inert(line)}" for line in text.met_criteria(view)]
    return [*out, ""]


def _highlights(pack: Pack) -> list[str]:
    out = [f"## {text.HIGHLIGHTS}", ""]
    if not pack.highlights:
        return [*out, text.NOTHING[text.HIGHLIGHTS], ""]
    out += [f"*{text.highlights_note(pack)}*", ""]
    for view in pack.highlights:
        out += [f"**{inert(text.highlight_title(view))}** (no. {view.number})", ""]
        for label, body in text.highlight_parts(view, pack):
            out += [f"**{inert(label)}** {inert(body)}", ""]
    return out


def _coming_up(pack: Pack) -> list[str]:
    lines = text.coming_up(pack)
    return [
        f"## {text.COMING_UP}",
        "",
        *([f"- {inert(line)}" for line in lines] or [text.NOTHING[text.COMING_UP]]),
        "",
    ]


def _goal(view: GoalView, pack: Pack) -> list[str]:
    out = [f"### {view.number}. {inert(view.goal.title)}", "", f"*{text.goal_line(view, pack.prepared)}*", ""]
    for label, content in text.goal_parts(view, pack.detail):
        if isinstance(content, list):
            out += [f"**{label}:**", "", *[f"- {inert(item)}" for item in content], ""]
        else:
            out += [f"**{label}:** {inert(content)}", ""]
    if view.moments and text.learning_items(view, pack.detail):
        out += [f"**{text.learning_towards(view)}**", ""]
        out += [f"- {inert(item)}" for item in text.learning_items(view, pack.detail)] + [""]
    return out


def _log(pack: Pack) -> list[str]:
    out = [f"## {text.LOG}", ""]
    if not pack.moments:
        return [*out, text.NOTHING[text.LOG], ""]
    out += [_row(text.LOG_COLUMNS), "|---:|---|---|---|---:|---|---|"]
    out += [_row(text.log_row(view, pack)) for view in pack.moments]
    note = text.unreflected(pack)
    return [*out, "", *([note, ""] if note else [])]


def _plan(pack: Pack) -> list[str]:
    out = [f"## {text.PLAN}", ""]
    if not pack.plan:
        return [*out, text.NOTHING[text.PLAN], ""]
    out += [_row(text.PLAN_COLUMNS), "|---" * len(text.PLAN_COLUMNS) + "|"]
    return [*out, *[_row(text.plan_row(view, pack.prepared)) for view in pack.plan], ""]


def _requirements(pack: Pack) -> list[str]:
    if not pack.requirements:
        return []
    out = [f"## {text.REQUIREMENTS}", "", f"*{text.requirements_intro(pack)}*", ""]
    for view in pack.requirements:
        out += [f"### {inert(view.title)}", "", inert(text.requirements_line(view)), ""]
        if rows := text.requirement_rows(view):
            out += [_row(text.REQUIREMENT_COLUMNS), "|---|---|---|", *[_row(row) for row in rows], ""]
        if source := text.requirements_source(view):
            out += [f"*{inert(source)}*", ""]
    return out


def _competencies(pack: Pack) -> list[str]:
    if pack.coverage is None:
        return []
    out = [f"## {text.COMPETENCIES}", "", text.coverage_line(pack), ""]
    out += [_row(text.COVERAGE_COLUMNS), "|---|---|---|---:|---:|---|"]
    return [*out, *[_row(row) for row in text.coverage_rows(pack)], ""]


def _moment(view: MomentView, pack: Pack) -> list[str]:
    moment = view.moment
    out = [
        f"### {text.day(moment.date)}: {inert(moment.title)}",
        "",
        f"*{text.reflection_line(view, pack)}*",
        "",
    ]
    for heading, body in view.reflection:
        out += [f"**{inert(heading)}** {inert(body)}" if heading else inert(body), ""]
    return out


def _evidence(pack: Pack) -> list[str]:
    out = [f"## {text.EVIDENCE}", ""]
    if not pack.evidence:
        return [*out, text.NOTHING[text.EVIDENCE], ""]
    columns = text.evidence_columns(pack)
    out += [_row(columns), "|---" * len(columns) + "|"]
    for row in text.evidence_rows(pack):
        out.append(
            _row(
                tuple(
                    f"`{cell}`" if index in (0, 3) and len(columns) == 4 else cell
                    for index, cell in enumerate(row)
                )
            )
        )
    return [*out, ""]


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(inert(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
