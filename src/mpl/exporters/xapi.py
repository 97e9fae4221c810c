"""The pack as xAPI 1.0.3 statements, the form learning record stores (LRS) take.

One statement per learning moment and one per goal achieved in the period: the person
as the actor (their email, or the account in `[xapi]` of `mpl.toml`), a verb chosen by
the moment's kind, the goals it served as parent activities, hours as the duration.
The reflection stays out unless the person asks: `learned` puts the answer to its
"what did I learn?" section in `result.response`.

Ids are uuid5s: an activity's from the person and the record's id, a statement's from
those and the statement's content, so the same record exports to the same statement
every time, and a record changed since it was sent makes a new statement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from mpl.domain.model import Config, Goal, GoalStatus, Kind, LearningMoment
from mpl.domain.pack import MomentView, Pack
from mpl.domain.reflection import BUILT_IN
from mpl.errors import MplError

VERSION = "1.0.3"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/mpl-cpd/mpl/xapi")
ADL = "http://adlnet.gov/expapi"
ACTIVITY_STREAMS = "http://activitystrea.ms/schema/1.0"
VERBS = {  # name: IRI
    "completed": f"{ADL}/verbs/completed",
    "attended": f"{ADL}/verbs/attended",
    "experienced": f"{ADL}/verbs/experienced",
    "shared": f"{ADL}/verbs/shared",
    "mastered": f"{ADL}/verbs/mastered",
    "read": f"{ACTIVITY_STREAMS}/read",
}
# kind: (verb, ADL activity type or None where none fits)
BY_KIND: dict[Kind, tuple[str, str | None]] = {
    Kind.COURSE: ("completed", "course"),
    Kind.ONLINE: ("completed", "module"),
    Kind.READING: ("read", "media"),
    Kind.ON_THE_JOB: ("experienced", None),
    Kind.CONVERSATION: ("experienced", "meeting"),
    Kind.MENTORING: ("attended", "meeting"),
    Kind.COACHING: ("attended", "meeting"),
    Kind.TEACHING_OTHERS: ("shared", "lesson"),
    Kind.CONFERENCE: ("attended", "meeting"),
    Kind.FEEDBACK: ("experienced", "assessment"),
    Kind.REFLECTION: ("experienced", None),
    Kind.CREDENTIAL: ("mastered", "assessment"),
    Kind.OTHER: ("experienced", None),
}
OBJECTIVE = f"{ADL}/activities/objective"
LANGUAGE = "en"
NOON = dt.time(12, 0)  # a record with a date alone: midday, which is that date in nearly every zone
_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Statement:
    record: str  # "moment:<id>" or "goal:<id>": what it states
    title: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])


def render_xapi(pack: Pack, *, learned: bool = False) -> bytes:
    data = [statement.data for statement in statements(pack, learned=learned)]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def statements(pack: Pack, *, learned: bool = False) -> list[Statement]:
    """The pack's learning moments, then the goals achieved within its period, as statements."""
    owner = pack.owner or Config(name=pack.name)
    actor = agent(owner)
    who = json.dumps(actor, sort_keys=True)
    zone = owner.zone
    titles = {view.goal.id: view.goal.title for view in pack.goals}
    found = [_moment(view, actor, who, zone, titles, learned) for view in pack.moments]
    found += [
        _goal(view.goal, actor, who, zone)
        for view in pack.goals
        if view.goal.status is GoalStatus.ACHIEVED and view.goal.closed and view.goal.closed in pack.period
    ]
    return found


def agent(owner: Config) -> dict[str, Any]:
    """The person as an xAPI Agent: by the account `[xapi]` names, else by their email."""
    person: dict[str, Any] = {"objectType": "Agent", "name": owner.name}
    if owner.xapi is not None:
        person["account"] = {"homePage": owner.xapi.homepage, "name": owner.xapi.account}
    elif owner.email and _EMAIL.match(owner.email):
        person["mbox"] = f"mailto:{owner.email}"
    else:
        problem = (
            f"the email {owner.email!r} in mpl.toml is not one" if owner.email else "mpl.toml has no email"
        )
        raise MplError(
            f"xAPI statements name you by your email or an account, and {problem}",
            hint='add `email = "you@example.org"` near the top of mpl.toml, or an [xapi] table '
            'with homepage = "https://your-lms.example.org" and account = "your-login"',
        )
    return person


def duration(hours: float) -> str:
    """Hours as an ISO 8601 duration: 1.5 -> PT1H30M, 0.25 -> PT15M."""
    seconds = round(hours * 3600)
    whole_hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{whole_hours}H" if whole_hours else "", f"{minutes}M" if minutes else ""]
    parts.append(f"{seconds}S" if seconds else "")
    return "PT" + ("".join(parts) or "0S")


def what_i_learned(moment: LearningMoment, view: MomentView) -> str | None:
    """The answer to the reflection's "what did I learn?" section, where its model has one."""
    model = BUILT_IN.get(moment.model)
    if model is None or not model.outcomes:
        return None
    heading = model.section(model.outcomes[0]).heading
    return next((text for name, text in view.reflection if name == heading and text.strip()), None)


def _moment(
    view: MomentView,
    actor: dict[str, Any],
    who: str,
    zone: dt.tzinfo,
    titles: dict[str, str],
    learned: bool,
) -> Statement:
    moment = view.moment
    verb, kind = BY_KIND[moment.kind]
    definition: dict[str, Any] = {"name": {LANGUAGE: moment.title}}
    if kind:
        definition["type"] = f"{ADL}/activities/{kind}"
    result: dict[str, Any] = {}
    if moment.hours:
        result["duration"] = duration(moment.hours)
    response = what_i_learned(moment, view) if learned else None
    if response:
        result["response"] = response
    context: dict[str, Any] = {"platform": "mpl"}
    parents = [_objective(goal, who, titles.get(goal)) for goal in view.goals]
    if parents:
        context["contextActivities"] = {"parent": parents}
    when = dt.datetime.combine(moment.date, _time(moment.time), tzinfo=zone)
    body = {
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {LANGUAGE: verb}},
        "object": {
            "objectType": "Activity",
            "id": activity_id(who, "moment", moment.id),
            "definition": definition,
        },
        **({"result": result} if result else {}),
        "context": context,
        "timestamp": when.isoformat(),
        "version": VERSION,
    }
    return _stated(f"moment:{moment.id}", moment.title, who, body)


def _goal(goal: Goal, actor: dict[str, Any], who: str, zone: dt.tzinfo) -> Statement:
    assert goal.closed is not None
    objective = _objective(goal.id, who, goal.title)
    if goal.success:
        objective["definition"]["description"] = {
            LANGUAGE: "Success looks like: " + "; ".join(c.text for c in goal.success)
        }
    body = {
        "actor": actor,
        "verb": {"id": VERBS["completed"], "display": {LANGUAGE: "completed"}},
        "object": objective,
        "result": {"success": True, "completion": True},
        "context": {"platform": "mpl"},
        "timestamp": dt.datetime.combine(goal.closed, NOON, tzinfo=zone).isoformat(),
        "version": VERSION,
    }
    return _stated(f"goal:{goal.id}", goal.title, who, body)


def _objective(goal_id: str, who: str, title: str | None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": OBJECTIVE}
    if title:
        definition["name"] = {LANGUAGE: title}
    return {"objectType": "Activity", "id": activity_id(who, "goal", goal_id), "definition": definition}


def activity_id(who: str, kind: str, record_id: str) -> str:
    """The same record of the same person is the same activity, in every export."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'activity/{who}/{kind}/{record_id}')}"


def _stated(record: str, title: str, who: str, body: dict[str, Any]) -> Statement:
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    statement_id = uuid.uuid5(NAMESPACE, f"statement/{who}/{record}/{digest}")
    return Statement(record, title, {"id": str(statement_id), **body})


def _time(text: str | None) -> dt.time:
    return dt.time.fromisoformat(text) if text else NOON
