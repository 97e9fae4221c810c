"""The pack as one self-contained HTML page: inline CSS and SVG charts, no scripts,
no requests to anywhere, laid out to print on A4."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from mpl.domain.pack import GoalView, MomentView, Pack
from mpl.exporters import text

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d2733; max-width: 178mm;
       margin: 0 auto; padding: 12px; }
h1 { font-size: 20pt; margin: 0 0 4px; color: #0b4f6c; }
h2 { font-size: 14pt; margin: 22px 0 8px; border-bottom: 2px solid #0b4f6c; padding-bottom: 3px;
     color: #0b4f6c; break-after: avoid; }
h3 { font-size: 12pt; margin: 16px 0 4px; break-after: avoid; }
h4 { font-size: 11pt; margin: 12px 0 2px; break-after: avoid; }
.meta, .note { color: #5b6673; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 10pt; }
th, td { border: 1px solid #c9d3dd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eaf1f6; }
td.number { text-align: right; }
.goal, .moment { break-inside: avoid; }
.moment { border-left: 3px solid #c9d3dd; padding-left: 10px; margin: 8px 0; }
.reflection dt { font-weight: 600; }
.reflection dd { margin: 0 0 6px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.bar { fill: #0b4f6c; } .track { fill: #e3e9ef; } .done { fill: #2e8b57; } .late { fill: #c0392b; }
svg text { font: 9px sans-serif; fill: #1d2733; }
code { font-size: 8.5pt; word-break: break-all; }
"""

_markdown = MarkdownIt("commonmark", {"html": False})  # the person's text, never raw HTML


def render_html(pack: Pack) -> bytes:
    return page(pack).encode()


def page(pack: Pack) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(text.heading(pack))}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(text.heading(pack))}</h1>",
        f'<p class="meta"><strong>{escape(text.who(pack))}</strong><br>'
        f"Period: {escape(text.period(pack))}</p>",
        f"<h2>{text.SUMMARY}</h2>",
        _table(("", ""), text.summary_rows(pack), numbers=(1,)),
        '<div class="charts">',
        _hours_per_month(pack),
        _hours_by_kind(pack),
        _goal_progress(pack),
        "</div>",
        f"<h2>{text.GOALS}</h2>",
    ]
    parts += [_goal(view, pack) for view in pack.goals] or [f"<p>{text.NOTHING[text.GOALS]}</p>"]
    parts.append(f"<h2>{text.UNLINKED}</h2>")
    parts += [_moment(view, "h3") for view in pack.unlinked] or [f"<p>{text.NOTHING[text.UNLINKED]}</p>"]
    parts.append(f"<h2>{text.PLAN}</h2>")
    if pack.plan:
        parts.append(_table(text.PLAN_COLUMNS, [text.plan_row(view) for view in pack.plan]))
    else:
        parts.append(f"<p>{text.NOTHING[text.PLAN]}</p>")
    parts.append(f"<h2>{text.EVIDENCE}</h2>")
    if pack.evidence:
        parts.append(_table(text.EVIDENCE_COLUMNS, text.evidence_rows(pack), code=(0, 3)))
    else:
        parts.append(f"<p>{text.NOTHING[text.EVIDENCE]}</p>")
    parts += [
        f'<p class="note">{escape(text.left_out(pack))}</p>',
        f'<p class="note">{escape(text.prepared(pack))}</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _goal(view: GoalView, pack: Pack) -> str:
    goal = view.goal
    parts = [
        '<section class="goal">',
        f"<h3>{escape(goal.title)}</h3>",
        f'<p class="meta">{escape(text.goal_line(view, pack.prepared))}</p>',
    ]
    for label, content in text.goal_parts(view):
        shown = _list(content) if isinstance(content, list) else _markdown.render(content)
        parts.append(f"<p><strong>{escape(label)}:</strong></p>{shown}")
    if view.moments:
        parts.append(f"<p><strong>{text.learning_towards(view)}</strong></p>")
        parts += [_moment(moment, "h4") for moment in view.moments]
    parts.append("</section>")
    return "\n".join(parts)


def _moment(view: MomentView, tag: str) -> str:
    moment = view.moment
    parts = [
        '<div class="moment">',
        f"<{tag}>{escape(text.day(moment.date))}: {escape(moment.title)}</{tag}>",
        f'<p class="meta">{escape(text.moment_line(moment))}</p>',
    ]
    if view.reflection:
        parts.append('<dl class="reflection">')
        for heading, body in view.reflection:
            parts.append(f"<dt>{escape(heading)}</dt><dd>{_markdown.render(body)}</dd>")
        parts.append("</dl>")
    else:
        parts.append(f'<p class="note">{text.NO_REFLECTION}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _table(
    header: tuple[str, ...],
    rows: list[tuple[str, ...]],
    numbers: tuple[int, ...] = (),
    code: tuple[int, ...] = (),
) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header) if any(header) else ""
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            content = f"<code>{escape(cell)}</code>" if index in code else escape(cell)
            css = ' class="number"' if index in numbers else ""
            cells.append(f"<td{css}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>{'<tr>' + head + '</tr>' if head else ''}{''.join(body)}</table>"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _hours_per_month(pack: Pack) -> str:
    months = list(pack.figures.hours_by_month.items())
    if not months:
        return ""
    width, height, gap = 330, 140, 2
    top = max((hours for _, hours in months), default=0) or 1
    bar = (width - 20) / len(months)
    shapes = []
    for index, (month, hours) in enumerate(months):
        tall = (height - 40) * hours / top
        x = 10 + index * bar
        shapes.append(
            f'<rect class="bar" x="{x:.1f}" y="{height - 22 - tall:.1f}" '
            f'width="{bar - gap:.1f}" height="{tall:.1f}">'
            f"<title>{month}: {text.hours(hours)} h</title></rect>"
        )
        if len(months) <= 13 or index % 3 == 0:
            shapes.append(f'<text x="{x:.1f}" y="{height - 8}">{month[2:]}</text>')
    return _svg("Hours per month", width, height, shapes)


def _hours_by_kind(pack: Pack) -> str:
    kinds = list(pack.figures.hours_by_kind.items())
    if not kinds:
        return ""
    width, row = 330, 16
    height = 24 + row * len(kinds)
    top = max(hours for _, hours in kinds) or 1
    shapes = []
    for index, (kind, hours) in enumerate(kinds):
        y = 18 + index * row
        shapes.append(f'<text x="4" y="{y + 10}">{escape(kind)}</text>')
        shapes.append(
            f'<rect class="bar" x="100" y="{y}" width="{190 * hours / top:.1f}" height="{row - 4}"></rect>'
            f'<text x="{104 + 190 * hours / top:.1f}" y="{y + 10}">{text.hours(hours)} h</text>'
        )
    return _svg(text.BY_KIND, width, height, shapes)


def _goal_progress(pack: Pack) -> str:
    goals = pack.goals
    if not goals:
        return ""
    width, row = 330, 16
    height = 24 + row * len(goals)
    shapes = []
    for index, view in enumerate(goals):
        goal, y = view.goal, 18 + index * row
        css = "late" if view.overdue(pack.prepared) else ("done" if goal.progress == 100 else "bar")
        title = goal.title if len(goal.title) <= 22 else goal.title[:21] + "…"
        shapes.append(f'<text x="4" y="{y + 10}">{escape(title)}</text>')
        shapes.append(f'<rect class="track" x="130" y="{y}" width="160" height="{row - 4}"></rect>')
        shapes.append(
            f'<rect class="{css}" x="130" y="{y}" width="{1.6 * goal.progress:.1f}" '
            f'height="{row - 4}"></rect>'
            f'<text x="294" y="{y + 10}">{goal.progress}%</text>'
        )
    return _svg("Goal progress", width, height, shapes)


def _svg(title: str, width: int, height: int, shapes: list[str]) -> str:
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<text x="4" y="11" style="font-weight:bold">{title}</text>{"".join(shapes)}</svg></figure>'
    )
