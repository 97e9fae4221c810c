"""The pack as one self-contained HTML page that prints well: inline CSS and SVG charts, no
scripts, no address of anywhere (a link in a reflection is shown as text), laid out for
A4 or Letter with the person's name, the period and page numbers on every printed page.

The PDF writer prints this same page with WeasyPrint, so the two cannot drift apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from mpl.domain.model import GoalStatus
from mpl.domain.pack import Detail, GoalView, MomentView, Pack
from mpl.exporters import text

CSS = """
@page { size: %(paper)s; margin: 19mm 16mm 17mm;
  @top-left { content: "%(head)s"; font: 8pt sans-serif; color: #5b6673; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif;
                  color: #5b6673; } }
@page :first { @top-left { content: none; } }
html { font: 10pt/1.4 "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d2733; }
body { max-width: 178mm; margin: 0 auto; padding: 0 4mm; }
@media print { body { max-width: none; padding: 0; } }
h1 { font-size: 18pt; margin: 0 0 2px; color: #0b4f6c; }
h2 { clear: both; font-size: 13pt; margin: 12px 0 5px; border-bottom: 2px solid #0b4f6c; padding-bottom: 2px;
     color: #0b4f6c; break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 3px; break-after: avoid; }
h4 { font-size: 10pt; margin: 8px 0 2px; break-after: avoid; }
p, li, dd { orphans: 2; widows: 2; }
p { margin: 3px 0 6px; }
ul { margin: 2px 0 6px; padding-left: 18px; }
.meta, .note { color: #5b6673; }
.meta { margin-top: 0; break-after: avoid; }
.label { margin: 6px 0 2px; font-weight: 600; break-after: avoid; }
.lead { font-size: 11pt; font-weight: 600; margin: 2px 0 4px; }
.late { color: #b03020; font-weight: 600; }
.done { color: #1e6b43; }
.quiet { color: #6b7682; }
.brief { break-after: page; }
.brief li { margin: 0; }
ul.dates { columns: 3; column-gap: 6mm; font-size: 9pt; }
section.part > h2 { break-before: auto; }
section.requirements { break-before: page; }
table { border-collapse: collapse; width: 100%%; margin: 4px 0 8px; font-size: 8pt; line-height: 1.3;
        table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #c9d3dd; padding: 2px 4px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: manual; }
th { background: #eaf1f6; font-weight: 600; }
td.n, th.n { text-align: right; }
td ul { margin: 0; padding-left: 9px; }
ul.met { list-style: none; padding: 0; color: #1e6b43; }
h2 .aside { font-size: 8.5pt; font-weight: normal; color: #5b6673; margin-left: 4px; }
table.figures { font-size: 8.5pt; }
table.figures td { border: none; border-bottom: 1px solid #e3e9ef; padding: 2px 4px; }
table.figures td.n { font-weight: 600; }
.top { display: grid; grid-template-columns: 58%% 39%%; column-gap: 3%%; align-items: start; }
.top > table { width: 100%%; margin: 0; }
figure { margin: 0 0 6px; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 9pt; margin-bottom: 2px; }
svg { width: 100%%; height: auto; display: block; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; fill: #1d2733; }
.charts { display: flex; gap: 6mm; align-items: flex-start; }
.charts > figure { flex: 1 1 50%%; }
h2.opening { margin-top: 8px; }
.since { display: grid; grid-template-columns: 1fr 1fr; column-gap: 5mm; font-size: 8.5pt; line-height: 1.3; }
.since ul { margin: 0 0 2px; }
.since li { margin: 0; }
.since .label { margin: 0 0 1px; }
.highlight { margin: 6px 0 8px; padding-left: 8px; border-left: 3px solid #2e8b57; break-inside: avoid; }
.highlight h3 { margin: 0 0 2px; font-size: 10pt; }
.highlight p { margin: 1px 0 2px; font-size: 9pt; }
.goal { margin-bottom: 10px; }
.moment { border-left: 3px solid #c9d3dd; padding-left: 8px; margin: 8px 0 10px; }
.reflection dt { font-weight: 600; break-after: avoid; }
.reflection dd { margin: 0 0 5px; }
.reflection dd p { margin: 0 0 4px; }
.url { color: #5b6673; overflow-wrap: anywhere; }
code { font-size: 8pt; overflow-wrap: anywhere; }
.ref::after { content: ", p. " target-counter(attr(data-ref url), page); color: #5b6673; }
footer { margin-top: 12px; }
"""

GLANCE_WIDTHS = (5, 33, 23, 10, 29)
LOG_WIDTHS = (5, 13, 35, 14, 7, 8, 18)  # percent of the page's width, by column
PLAN_WIDTHS = (13, 23, 25, 9, 9, 10, 11)


def render_html(pack: Pack) -> bytes:
    return page(pack).encode()


def page(pack: Pack) -> str:
    css = CSS % {
        "paper": "Letter" if pack.paper == "Letter" else "A4",
        "head": css_string(text.running_head(pack)),
    }
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(pack.language)}"><head><meta charset="utf-8">',
        f'<meta name="author" content="{escape(pack.name)}">',
        f'<meta name="description" content="{escape(text.period(pack))}">',
        f'<meta name="dcterms.created" content="{pack.prepared.isoformat()}">',
        '<meta name="generator" content="mpl">',
        f"<title>{escape(text.heading(pack))}</title><style>{css}</style></head><body>",
        '<section class="brief">',
        f'<h1 dir="auto">{escape(text.heading(pack))}</h1>',
        f'<p class="meta"><strong dir="auto">{escape(text.who(pack))}</strong> · '
        f"Period: {escape(text.period_short(pack))}</p>",
        *_opening(pack),
        *_summary(pack),
        *_goals(pack),
        *_highlights(pack),
        *_coming_up(pack),
        "</section>",
        *_progress(pack),
        *_log(pack),
        *_plan(pack),
        *(_reviews(pack) if text.shows(pack, text.REVIEWS) else []),
        *_requirements(pack),
        *_competencies(pack),
    ]
    if text.shows(pack, text.REFLECTIONS):
        parts += [f'<section class="part"><h2>{text.REFLECTIONS}</h2>']
        parts += [_moment(view, pack) for view in pack.reflected] or [
            f"<p>{text.NOTHING[text.REFLECTIONS]}</p>"
        ]
        parts.append("</section>")
    if text.shows(pack, text.EVIDENCE):
        parts += _evidence(pack)
    parts += [
        f'<footer><p class="note">{escape(text.left_out(pack))}</p>',
        f'<p class="note">{escape(text.prepared(pack))}</p></footer>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def css_string(value: str) -> str:
    """`value` safe inside a CSS string: anything but letters, digits and plain punctuation
    as a CSS escape, so no text can end the string or the style sheet."""
    plain = " .,:;()-·"
    return "".join(c if (c.isalnum() and c.isascii()) or c in plain else f"\\{ord(c):x} " for c in value)


def _bdi(value: str) -> str:
    """The person's text inside a line of the pack's own, isolated (`<bdi>`) when it holds
    right-to-left letters, so that it cannot reorder the words around it."""
    return f"<bdi>{escape(value)}</bdi>" if text.has_rtl(value) else escape(value)


def _opening(pack: Pack) -> list[str]:
    """What was agreed at the last review, and what happened since: side by side."""
    since = pack.since_review
    if since is None:
        return []
    agreed = (
        _list(text.review_agreed(pack, since.review))
        if since.review.agreed
        else f"<p>{text.NOTHING_AGREED}</p>"
    )
    parts = [
        f'<h2 class="opening">{text.SINCE_REVIEW} <span class="aside" dir="auto">'
        f"{escape(text.review_line(since, brief=True))}</span></h2>",
        '<div class="since">',
        f'<div><p class="label">{text.AGREED}:</p>{agreed}</div>',
        f'<div><p class="label">{escape(text.since_label(since))}:</p>{_list(text.since_items(since))}</div>',
        "</div>",
    ]
    return parts


def _reviews(pack: Pack) -> list[str]:
    parts = [f'<section class="part"><h2>{text.REVIEWS}</h2>']
    if not pack.reviews:
        return [*parts, f"<p>{text.NOTHING[text.REVIEWS]}</p>", "</section>"]
    for review in pack.reviews:
        parts += ['<div class="review">', f"<h3>{_bdi(text.review_heading(review))}</h3>"]
        if meta := text.review_meta(review):
            parts.append(f'<p class="meta">{escape(meta)}</p>')
        if agreed := text.review_agreed(pack, review):
            parts.append(f'<p class="label">{text.AGREED}:</p>{_list(agreed)}')
        if review.body.strip():
            parts.append(f'<p class="label">{text.NOTES}:</p>{markdown(review.body)}')
        parts.append("</div>")
    return [*parts, "</section>"]


def _summary(pack: Pack) -> list[str]:
    rows = text.summary_rows(pack)
    half = (len(rows) + 1) // 2
    cells = []
    for left, right in zip(rows[:half], [*rows[half:], ("", "")][:half], strict=True):
        cells.append(
            f'<tr><td>{escape(left[0])}</td><td class="n">{escape(left[1])}</td>'
            f'<td>{escape(right[0])}</td><td class="n">{escape(right[1])}</td></tr>'
        )
    widths = "<colgroup>" + "<col style='width:34%'><col style='width:16%'>" * 2 + "</colgroup>"
    return [
        f"<h2>{text.SUMMARY}</h2>",
        f'<p class="lead">{escape(text.hours_line(pack))}</p>',
        f'<div class="top"><table class="figures">{widths}{"".join(cells)}</table>',
        f"{_hours_per_month(pack)}</div>",
    ]


def _goals(pack: Pack) -> list[str]:
    if not pack.goals:
        return [f"<h2>{text.GOALS}</h2>", f"<p>{text.NOTHING[text.GOALS]}</p>"]
    rows = []
    for view in pack.goals:
        late = ' class="late"' if view.overdue(pack.prepared) else ""
        met = "".join(f'<li dir="auto">{escape(line)}</li>' for line in text.met_criteria(view))
        rows.append(
            f'<tr><td class="n">{view.number}</td><td dir="auto">{escape(view.goal.title)}</td>'
            f"<td{late}>{escape(text.status(view, pack.prepared))}</td>"
            f'<td class="n">{view.goal.progress}%</td>'
            f"<td>{escape(text.criteria_count(view))}"
            f"{'<ul class=met>' + met + '</ul>' if met else ''}</td></tr>"
        )
    return [
        f"<h2>{text.GOALS}</h2>",
        _table_start(text.GLANCE_COLUMNS, GLANCE_WIDTHS, numbers=(0, 3)),
        *rows,
        "</tbody></table>",
    ]


def _highlights(pack: Pack) -> list[str]:
    if not pack.highlights:
        return [f"<h2>{text.HIGHLIGHTS}</h2>", f"<p>{text.NOTHING[text.HIGHLIGHTS]}</p>"]
    parts = [f'<h2>{text.HIGHLIGHTS} <span class="aside">{escape(text.highlights_note(pack))}</span></h2>']
    for view in pack.highlights:
        parts.append(
            f'<div class="highlight"><h3>{escape(text.day(view.moment.date))}: {_bdi(view.moment.title)}'
            f' <span class="quiet">(no. {view.number})</span></h3>'
        )
        for label, body in text.highlight_parts(view, pack):
            parts.append(f'<p><strong dir="auto">{escape(label)}</strong> {_bdi(body)}</p>')
        parts.append("</div>")
    return parts


def _coming_up(pack: Pack) -> list[str]:
    lines = text.coming_up(pack)
    if not lines:
        return [f"<h2>{text.COMING_UP}</h2>", f"<p>{text.NOTHING[text.COMING_UP]}</p>"]
    items = "".join(
        f'<li dir="auto"{" class=late" if "(overdue)" in line else ""}>{escape(line)}</li>' for line in lines
    )
    return [f"<h2>{text.COMING_UP}</h2>", f'<ul class="dates">{items}</ul>']


def _progress(pack: Pack) -> list[str]:
    parts = [f'<section class="part"><h2>{text.PROGRESS}</h2>']
    charts = [chart for chart in (_goal_progress(pack), _hours_by_kind(pack)) if chart]
    if pack.detail is Detail.BRIEF:  # page one and the tables say it: a brief pack keeps short
        charts = []
    if charts:
        parts.append(f'<div class="charts">{"".join(charts)}</div>')
    parts += [_goal(view, pack) for view in pack.goals] or [f"<p>{text.NOTHING[text.GOALS]}</p>"]
    return [*parts, "</section>"]


def _goal(view: GoalView, pack: Pack) -> str:
    goal = view.goal
    late = " late" if view.overdue(pack.prepared) else ""
    parts = [
        '<div class="goal">',
        f"<h3>{view.number}. {_bdi(goal.title)}</h3>",
        f'<p class="meta{late}">{escape(text.goal_line(view, pack.prepared))}</p>',
    ]
    for label, content in text.goal_parts(view, pack.detail):
        if isinstance(content, list):
            parts.append(f'<p class="label">{escape(label)}:</p>{_list(content)}')
        else:
            parts.append(f'<p class="label">{escape(label)}:</p>{markdown(content)}')
    if view.moments and pack.detail is not Detail.BRIEF:
        parts.append(f'<p class="label">{escape(text.learning_towards(view))}</p>')
        items = [
            f'<li dir="auto"><span class="{"ref" if m.reflected else ""}" data-ref="#m{m.number}">'
            f"{escape(line)}</span></li>"
            for m, line in zip(view.moments, text.learning_items(view, pack.detail), strict=True)
        ]
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("</div>")
    return "\n".join(parts)


def _log(pack: Pack) -> list[str]:
    parts = [f'<section class="part"><h2>{text.LOG}</h2>']
    if not pack.moments:
        return [*parts, f"<p>{text.NOTHING[text.LOG]}</p>", "</section>"]
    rows = [_row(text.log_row(view, pack), numbers=(0, 4), person=(2, 6)) for view in pack.moments]
    parts += [_table_start(text.LOG_COLUMNS, LOG_WIDTHS, numbers=(0, 4)), *rows, "</tbody></table>"]
    if note := text.unreflected(pack):
        parts.append(f'<p class="note">{escape(note)}</p>')
    return [*parts, "</section>"]


def _plan(pack: Pack) -> list[str]:
    parts = [f'<section class="part"><h2>{text.PLAN}</h2>']
    if not pack.plan:
        return [*parts, f"<p>{text.NOTHING[text.PLAN]}</p>", "</section>"]
    parts.append(_table_start(text.PLAN_COLUMNS, PLAN_WIDTHS))
    for view in pack.plan:
        cells = []
        for index, cell in enumerate(text.plan_cells(view, pack.prepared)):
            late = ' class="late"' if index in (3, 5) and view.overdue(pack.prepared) else ""
            content = escape(cell) if isinstance(cell, str) else _list(cell)
            cells.append(f'<td dir="auto"{late}>{content}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    return [*parts, "</tbody></table>", "</section>"]


def _requirements(pack: Pack) -> list[str]:
    """A page of its own: how the record stands against each rule pack the person uses."""
    if not pack.requirements:
        return []
    parts = [
        f'<section class="part requirements"><h2>{text.REQUIREMENTS}</h2>',
        f'<p class="quiet">{escape(text.requirements_intro(pack))}</p>',
    ]
    for view in pack.requirements:
        parts += [
            f"<h3>{escape(view.title)}</h3>",
            f'<p class="lead">{escape(text.requirements_line(view))}</p>',
        ]
        if rows := text.requirement_rows(view):
            parts.append(_table_start(text.REQUIREMENT_COLUMNS, (52, 30, 18)))
            for requirement, shows, met in rows:
                css = "done" if met == "yes" else "late"
                parts.append(
                    f"<tr><td>{escape(requirement)}</td><td>{escape(shows)}</td>"
                    f'<td class="{css}">{escape(met)}</td></tr>'
                )
            parts.append("</tbody></table>")
        if source := text.requirements_source(view):
            parts.append(f'<p class="note">{escape(source)}</p>')
    return [*parts, "</section>"]


def _competencies(pack: Pack) -> list[str]:
    if pack.coverage is None:
        return []
    rows = [_row(row, numbers=(3, 4), person=(0, 2)) for row in text.coverage_rows(pack)]
    return [
        f'<section class="part"><h2>{text.COMPETENCIES}</h2>',
        f"<p>{escape(text.coverage_line(pack))}</p>",
        _table_start(text.COVERAGE_COLUMNS, (16, 10, 40, 10, 10, 14), numbers=(3, 4)),
        *rows,
        "</tbody></table>",
        "</section>",
    ]


def _moment(view: MomentView, pack: Pack) -> str:
    moment = view.moment
    parts = [
        f'<div class="moment" id="m{view.number}">',
        f"<h3>{escape(text.day(moment.date))}: {_bdi(moment.title)}</h3>",
        f'<p class="meta">{escape(text.reflection_line(view, pack))}</p>',
        '<dl class="reflection">',
    ]
    for heading, body in view.reflection:
        label = f'<dt dir="auto">{escape(heading)}</dt>' if heading else ""
        parts.append(f"{label}<dd>{markdown(body)}</dd>")
    parts += ["</dl>", "</div>"]
    return "\n".join(parts)


def _evidence(pack: Pack) -> list[str]:
    parts = [f'<section class="part"><h2>{text.EVIDENCE}</h2>']
    if not pack.evidence:
        return [*parts, f"<p>{text.NOTHING[text.EVIDENCE]}</p>", "</section>"]
    columns = text.evidence_columns(pack)
    widths = (34, 34, 12, 20) if len(columns) == 4 else (40, 45, 15)
    rows = [
        _row(row, code=(0, 3) if len(columns) == 4 else (), person=(0, 1)) for row in text.evidence_rows(pack)
    ]
    return [*parts, _table_start(columns, widths), *rows, "</tbody></table>", "</section>"]


def _table_start(header: tuple[str, ...], widths: tuple[int, ...], numbers: tuple[int, ...] = ()) -> str:
    columns = "".join(f'<col style="width:{width}%">' for width in widths)
    head = "".join(
        f"<th{' class=n' if index in numbers else ''}>{escape(cell)}</th>"
        for index, cell in enumerate(header)
    )
    return f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>"


def _row(
    row: tuple[str, ...],
    numbers: tuple[int, ...] = (),
    code: tuple[int, ...] = (),
    person: tuple[int, ...] = (),
) -> str:
    cells = []
    for index, cell in enumerate(row):
        content = f"<code>{escape(cell)}</code>" if index in code else escape(cell)
        css = ' class="n"' if index in numbers else ""
        direction = ' dir="auto"' if index in person else ""
        cells.append(f"<td{css}{direction}>{content}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f'<li dir="auto">{escape(item)}</li>' for item in items) + "</ul>"


# -- the person's Markdown: rendered, but inert ---------------------------------------------


def _link_open(self: Any, tokens: Any, index: int, options: Any, env: dict[str, Any]) -> str:
    env.setdefault("links", []).append(tokens[index])
    return ""


def _link_close(self: Any, tokens: Any, index: int, options: Any, env: dict[str, Any]) -> str:
    opened = env["links"].pop()
    if opened.markup == "autolink":  # <https://...>: its text is the address already
        return ""
    return f' <span class="url">({escape(opened.attrs.get("href", ""))})</span>'


def _image(self: Any, tokens: Any, index: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[index]
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<span class="url">[image: {escape(alt)}] ({escape(token.attrs.get("src", ""))})</span>'


def _renderer() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})  # the person's text: never raw HTML
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("image", _image)
    return md


_MARKDOWN: list[Any] = []
_BLOCKS = re.compile(r"<(p|li|h[1-6]|blockquote)>")


def markdown(value: str) -> str:
    """The person's Markdown as HTML: no raw HTML, no images fetched, links shown as text
    with their address, each block isolated in its own direction."""
    if not _MARKDOWN:
        _MARKDOWN.append(_renderer())
    return _BLOCKS.sub(r'<\1 dir="auto">', _MARKDOWN[0].render(value))


# -- charts: SVG drawn here, readable when printed ------------------------------------------


def _svg(caption: str, width: int, height: int, shapes: list[str]) -> str:
    return (
        f"<figure><figcaption>{escape(caption)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(caption)}" viewBox="0 0 {width} {height}">{"".join(shapes)}</svg></figure>'
    )


def _hours_per_month(pack: Pack) -> str:
    months = list(pack.figures.hours_by_month.items())
    if not months:
        return ""
    width, height, left, base = 360, 156, 6, 120
    top = max(hours for _, hours in months) or 1
    step = (width - 2 * left) / len(months)
    values = len(months) <= 24
    shapes = [
        f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#8a96a3" stroke-width="1"/>'
    ]
    for index, (month, hours) in enumerate(months):
        tall = (base - 20) * hours / top
        x = left + index * step
        year, number = month.split("-")
        shapes.append(
            f'<rect {_PAINT["bar"]} x="{x + 1.5:.1f}" y="{base - tall:.1f}" '
            f'width="{step - 3:.1f}" height="{tall:.1f}"/>'
        )
        middle = x + step / 2
        if values and hours:
            shapes.append(
                f'<text x="{middle:.1f}" y="{base - tall - 4:.1f}" font-size="13" text-anchor="middle">'
                f"{text.hours(text.tenths(hours))}</text>"
            )
        if len(months) <= 13 or index % 3 == 0:
            name = _MONTHS[int(number) - 1] if len(months) <= 13 else _MONTHS[int(number) - 1][:1]
            shapes.append(
                f'<text x="{middle:.1f}" y="{base + 15}" font-size="12.5" text-anchor="middle">{name}</text>'
            )
        if index == 0 or number == "01":
            shapes.append(
                f'<text x="{x + 2:.1f}" y="{base + 31}" font-size="12" fill="#5b6673">{year}</text>'
            )
    return _svg("Hours per month", width, height, shapes)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _hours_by_kind(pack: Pack) -> str:
    kinds = list(pack.figures.hours_by_kind.items())
    if not kinds:
        return ""
    width, row, label, longest = 360, 19, 118, 190
    height = 8 + row * len(kinds)
    top = max(hours for _, hours in kinds) or 1
    shapes = []
    for index, (kind, hours) in enumerate(kinds):
        y = 4 + index * row
        wide = longest * hours / top
        shapes.append(
            f'<text x="{label - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(kind)}</text>'
        )
        shapes.append(
            f'<rect {_PAINT["bar"]} x="{label}" y="{y + 2}" width="{wide:.1f}" height="{row - 6}"/>'
        )
        shapes.append(
            f'<text x="{label + wide + 4:.1f}" y="{y + 12}" font-size="11">{text.hours(hours)} h</text>'
        )
    return _svg(text.BY_KIND, width, height, shapes)


_STATUS_CLASS = {GoalStatus.ACHIEVED: "achieved", GoalStatus.PAUSED: "paused", GoalStatus.DROPPED: "dropped"}
# Colours as attributes: a style sheet's rules do not reach inside SVG in every renderer.
_PAINT = {
    "bar": 'fill="#0b4f6c"',
    "track": 'fill="#e3e9ef"',
    "achieved": 'fill="#2e8b57"',
    "overdue": 'fill="#c0392b"',
    "paused": 'fill="#a7b1bb"',
    "dropped": 'fill="#ffffff" stroke="#6b7682" stroke-dasharray="3 2"',
}
_LEGEND = (
    ("bar", "active"),
    ("overdue", "overdue"),
    ("achieved", "achieved"),
    ("paused", "paused"),
    ("dropped", "dropped"),
)


def _goal_progress(pack: Pack) -> str:
    goals = pack.goals
    if not goals:
        return ""
    width, label, track = 360, 178, 120
    shapes, y = [], 4
    for view in goals:
        goal = view.goal
        css = "overdue" if view.overdue(pack.prepared) else _STATUS_CLASS.get(goal.status, "bar")
        lines = _wrap(f"{view.number}. {goal.title}", 30)[:3]
        tall = max(2, len(lines)) * 13 + 6
        for number, line in enumerate(lines):
            shapes.append(f'<text x="0" y="{y + 12 + 13 * number}" font-size="10.5">{escape(line)}</text>')
        shapes.append(f'<rect {_PAINT["track"]} x="{label}" y="{y + 3}" width="{track}" height="11"/>')
        done = track * goal.progress / 100
        shapes.append(
            f'<rect {_PAINT[css]} x="{label}" y="{y + 3}" width="{max(done, 0.5):.1f}" height="11"/>'
        )
        shapes.append(f'<text x="{label + track + 5}" y="{y + 12}" font-size="10.5">{goal.progress}%</text>')
        state = "overdue" if css == "overdue" else goal.status.value
        shapes.append(
            f'<text x="{label}" y="{y + 26}" font-size="9.5" fill="#5b6673" '
            f'font-style="italic">{state}</text>'
        )
        y += tall + 4
    x: float = 0  # an int until the first step: the first entry's x="0"
    for css, name in _LEGEND:
        shapes.append(f'<rect {_PAINT[css]} x="{x}" y="{y + 4}" width="10" height="10"/>')
        shapes.append(f'<text x="{x + 13}" y="{y + 13}" font-size="9.5">{name}</text>')
        x += 22 + 6.2 * len(name)
    return _svg("Goal progress", width, y + 20, shapes)


def _wrap(value: str, most: int) -> list[str]:
    lines, line = [], ""
    for word in value.split():
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: most - 1] + "…"]
    return lines
