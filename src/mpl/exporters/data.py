"""The pack as JSON (everything, with the format version) and CSV (one row per
learning moment, the shape CPD portals take for bulk upload)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mpl import FORMAT_VERSION, __version__
from mpl.domain.goals import ProgressNote
from mpl.domain.model import Record, Review
from mpl.domain.pack import MomentView, Pack, RequirementsView
from mpl.domain.text import json_visible, line

CSV_COLUMNS = ["date", "title", "kind", "hours", "participatory", "goals", "tags", "role", "organisation"]


def render_json(pack: Pack) -> bytes:
    figures = pack.figures
    data = {
        "format": FORMAT_VERSION,
        "mpl": __version__,
        "name": pack.name,
        "role": pack.role,
        "organisation": pack.organisation,
        "period": {"label": pack.period.label, "start": pack.period.start, "end": pack.period.end},
        "prepared": pack.prepared,
        "summary": vars(figures),
        "goals": [
            {
                **_record(view.goal),
                "why": view.why,
                "notes": [_note(note) for note in view.notes],
                "actions": view.actions,
                "number": view.number,
                "criteria_met": view.met,
                "moments": [moment.moment.id for moment in view.moments],
            }
            for view in pack.goals
        ],
        "moments": [_moment(view) for view in pack.moments],
        "highlights": [view.moment.id for view in pack.highlights],
        "unreflected": [view.moment.id for view in pack.unreflected],
        "plan": [view.goal.id for view in pack.plan],
        "coming_up": [{"date": when, "what": what} for when, what in pack.coming_up],
        "evidence": [
            {**row.item.model_dump(mode="json"), "record": row.record_id, "record_title": row.record_title}
            for row in pack.evidence
        ],
        "since_review": _since_review(pack),
        "reviews": [_review(pack, review) for review in pack.reviews],
        "left_out": pack.left_out,
        "include_private": pack.include_private,
        "requirements": [_requirements(view) for view in pack.requirements],
        "competencies": _coverage(pack),
    }
    return (json_visible(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "\n").encode()


def _requirements(view: RequirementsView) -> dict[str, Any]:
    standing = view.standing
    if standing is None:
        return {"title": view.title, "problem": view.problem}
    return {
        "pack": standing.name,
        "title": view.title,
        "start": standing.window.start,
        "end": standing.window.end,
        "days_left": standing.days_left,
        "met": standing.met,
        "requirements": [
            {"id": o.requirement.id, "title": o.requirement.title, "met": o.met, "shows": o.summary()}
            for o in standing.outcomes
        ],
    }


def _note(note: ProgressNote) -> dict[str, Any]:
    return {"date": note.date, "text": note.text, "percent": note.percent}


def _review(pack: Pack, review: Review) -> dict[str, Any]:
    """A review meeting, what was agreed at it with each goal's number in the pack (a goal left
    out, as a private one is, unnamed), and the person's notes of it."""
    data = _record(review)
    numbers = {view.goal.id: view.number for view in pack.goals}
    data["agreed"] = [{"text": item.text, "goal": numbers.get(item.goal or "")} for item in review.agreed]
    data["notes"] = review.body
    return data


def _since_review(pack: Pack) -> dict[str, Any] | None:
    since = pack.since_review
    if since is None:
        return None
    return {
        "review": _review(pack, since.review),
        "until": since.until,
        "moments": since.moments,
        "hours": since.hours,
        "numbers": since.numbers,
        "goals": [
            {
                "number": each.view.number,
                "id": each.view.goal.id,
                "progress": each.view.goal.progress,
                "notes": [
                    {"date": note.date, "text": note.text, "percent": note.percent} for note in each.notes
                ],
                "criteria_met": each.met,
                "closed": each.closed,
            }
            for each in since.goals
        ],
    }


def _coverage(pack: Pack) -> list[dict[str, Any]] | None:
    if pack.coverage is None:
        return None
    return [
        {
            "code": row.competency.code,
            "title": row.competency.title,
            "group": row.competency.group,
            "records": row.records,
            "evidence": row.evidence,
            "last": row.last,
        }
        for row in pack.coverage.rows
    ]


def render_csv(pack: Pack) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for view in pack.moments:
        m = view.moment
        writer.writerow(
            [
                m.date.isoformat(),
                inert_cell(m.title),
                m.kind.value,
                f"{m.hours:g}",
                "yes" if m.participatory else "no",
                inert_cell("; ".join(view.goals)),
                inert_cell("; ".join(m.tags)),
                inert_cell(m.role or ""),
                inert_cell(m.organisation or ""),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")  # the BOM tells spreadsheet programs it is UTF-8


def inert_cell(value: str) -> str:
    """Text a spreadsheet shows as text: one line with no control characters, and a cell
    starting like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
    apostrophe, which spreadsheets hide."""
    value = line(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _record(record: Record) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    data.pop("evidence", None)
    return data


def _moment(view: MomentView) -> dict[str, Any]:
    data = _record(view.moment)
    data["goals"] = view.goals
    data["number"] = view.number
    data["reflection"] = [{"heading": heading, "text": text} for heading, text in view.reflection]
    data["evidence"] = [item.path for item in view.moment.evidence]
    return data
