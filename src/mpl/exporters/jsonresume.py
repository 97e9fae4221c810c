"""The career for a CV, as JSON Resume (https://jsonresume.org/schema, version 1.2.1):
roles as `work`, and credentials earned and goals achieved as `certificates`. Dates
are `YYYY-MM-DD`. Private records stay out, as in every export."""

from __future__ import annotations

import json
from typing import Any

from mpl.domain.model import Config, GoalStatus, Kind
from mpl.domain.pack import Pack

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def render_jsonresume(pack: Pack) -> bytes:
    return (json.dumps(resume(pack), indent=2, ensure_ascii=False) + "\n").encode()


def resume(pack: Pack) -> dict[str, Any]:
    owner = pack.owner or Config(name=pack.name)
    basics: dict[str, Any] = {"name": owner.name}
    if pack.role:
        basics["label"] = pack.role
    if owner.email:
        basics["email"] = owner.email
    work = []
    for role in reversed(owner.roles):  # the latest first, as CVs go
        job: dict[str, Any] = {"position": role.title, "startDate": role.start.isoformat()}
        if role.organisation:
            job["name"] = role.organisation
        if role.end:
            job["endDate"] = role.end.isoformat()
        work.append(job)
    certificates = []
    for view in pack.moments:
        moment = view.moment
        if moment.kind is Kind.CREDENTIAL:
            certificate = {"name": moment.title, "date": moment.date.isoformat()}
            if moment.issuer:
                certificate["issuer"] = moment.issuer
            certificates.append(certificate)
    for goal_view in pack.goals:
        goal = goal_view.goal
        if goal.status is GoalStatus.ACHIEVED and goal.closed and goal.closed in pack.period:
            certificates.append({"name": goal.title, "date": goal.closed.isoformat()})
    certificates.sort(key=lambda item: item["date"], reverse=True)
    return {
        "$schema": SCHEMA,
        "basics": basics,
        "work": work,
        "certificates": certificates,
        "meta": {"lastModified": f"{pack.prepared.isoformat()}T00:00:00"},
    }
