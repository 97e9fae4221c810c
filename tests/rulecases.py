"""For every rule pack mpl ships: a record that just meets it, and the smallest steps by
which a record misses each requirement (an hour, a record, a day outside the cycle, a day
or a month too long a gap, a field left out). Portfolios are written as plain files, as a
person's own editor would leave them; tests run `mpl cpd check` on them."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mpl.storage import frontmatter

D = dt.date
Record = dict[str, Any]
Mutation = Callable[[list[Record], list[Record]], None]  # (records, goals), changed in place
REFLECTED = "## What?\n\nWhat happened, in a few words.\n\n## So what?\n\nWhat I learned.\n"
UNREFLECTED = "## What?\n\n## So what?\n\n## Now what?\n"


def moment(rid: str, day: dt.date, **keys: Any) -> Record:
    return {"id": rid, "title": rid.replace("-", " ").capitalize(), "date": day, "body": REFLECTED, **keys}


def goal(gid: str, created: dt.date, notes: tuple[dt.date, ...] = ()) -> Record:
    progress = "".join(f"- {day.isoformat()}: worked on it\n" for day in notes)
    return {
        "id": gid,
        "title": gid.capitalize(),
        "created": created,
        "body": f"## Why\n\n## Progress\n\n{progress}",
    }


def evidence(name: str) -> list[Record]:
    return [
        {
            "path": f"evidence/2026/000000000000-{name}",
            "sha256": f"{sum(map(ord, name)):064x}",
            "size": 10,
            "name": name,
            "media_type": "application/pdf",
            "added": D(2026, 1, 1),
        }
    ]


def change(rid: str, **keys: Any) -> Mutation:
    """Set keys of the record `rid` (None removes one)."""

    def mutate(records: list[Record], goals: list[Record]) -> None:
        record = next(r for r in records + goals if r["id"] == rid)
        for key, value in keys.items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value

    return mutate


def drop(rid: str) -> Mutation:
    def mutate(records: list[Record], goals: list[Record]) -> None:
        records[:] = [r for r in records if r["id"] != rid]
        goals[:] = [g for g in goals if g["id"] != rid]

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(records: list[Record], goals: list[Record]) -> None:
        for each in mutations:
            each(records, goals)

    return mutate


@dataclass(frozen=True)
class Miss:
    name: str  # what the step is, for the test's id
    requirement: str  # the requirement it should leave short
    short: float  # by exactly this much (hours, records, kinds, goals; days for a gap)
    mutate: Mutation


@dataclass(frozen=True)
class Case:
    pack: str
    settings: str  # the pack's table in mpl.toml
    records: list[Record]
    goals: list[Record] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    on: dt.date | None = None  # the day to check on (default today): the cycle's last, to count it

    @property
    def args(self) -> list[str]:
        """`mpl cpd check` options for this case: the day to check on."""
        return ["--on", self.on.isoformat()] if self.on else []

    def write(self, root: Path, mutation: Mutation | None = None) -> None:
        records, goals = copy.deepcopy(self.records), copy.deepcopy(self.goals)
        if mutation:
            mutation(records, goals)
        write_portfolio(root, f'rule_packs = ["{self.pack}"]\n\n{self.settings}', records, goals)


def write_portfolio(root: Path, settings: str, records: list[Record], goals: list[Record] = ()) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mpl.toml").write_text(f'format = 1\nname = "Sam Patel"\n{settings}\n')
    for record in records:
        record = dict(record)
        body = record.pop("body")
        path = root / "log" / f"{record['date']:%Y}" / f"{record['date']}-{record['id']}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(frontmatter.render(record, body))
    for each in goals:
        each = dict(each)
        body = each.pop("body")
        path = root / "goals" / f"{each['id']}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(frontmatter.render(each, body))


# TODAY in the tests is 2026-11-24.

CODE = {"standards": ["Preserve safety"]}
NMC = Case(
    "nmc",
    "[packs.nmc]\nrenewal = 2027-03-31",  # the cycle: 1 Apr 2024 to 31 Mar 2027
    [
        moment("first-day", D(2024, 4, 1), hours=15.0, participatory=True, **CODE),
        moment("last-day", D(2027, 3, 31), hours=5.0, participatory=True, **CODE),
        moment("reading", D(2025, 6, 1), hours=15.0, **CODE),
        *[
            moment(
                f"feedback-{n}",
                D(2025, n, 10),
                kind="feedback",
                counts_as=["practice-feedback"],
                feedback_from="a patient",
            )
            for n in range(1, 6)
        ],
        *[
            moment(f"account-{n}", D(2026, n, 12), counts_as=["reflective-account"], **CODE)
            for n in range(1, 6)
        ],
        moment(
            "discussion",
            D(2026, 11, 1),
            counts_as=["reflective-discussion"],
            partner="Priya Shah",
            partner_registration="12A3456E",
            partner_email="priya@example.org",
            partner_address="Ward 7, St Elsewhere, AB1 2CD",
        ),
    ],
    misses=[
        Miss("one-hour-less", "cpd-hours", 1, change("reading", hours=14.0)),
        Miss(
            "one-participatory-hour-less",
            "participatory-hours",
            1,
            both(change("last-day", hours=4.0), change("reading", hours=16.0)),
        ),
        Miss("first-day-record-a-day-early", "cpd-hours", 15, change("first-day", date=D(2024, 3, 31))),
        Miss("last-day-record-a-day-late", "participatory-hours", 5, change("last-day", date=D(2027, 4, 1))),
        Miss("hours-without-a-link-to-the-code", "cpd-hours", 15, change("reading", standards=None)),
        Miss("one-feedback-less", "feedback", 1, drop("feedback-3")),
        Miss("feedback-without-its-source", "feedback", 1, change("feedback-2", feedback_from=None)),
        Miss("one-account-less", "reflective-accounts", 1, drop("account-4")),
        Miss("account-without-reflection", "reflective-accounts", 1, change("account-1", body=UNREFLECTED)),
        Miss("no-discussion", "reflective-discussion", 1, drop("discussion")),
        Miss(
            "discussion-without-a-pin",
            "reflective-discussion",
            1,
            change("discussion", partner_registration=None),
        ),
    ],
    on=D(2027, 3, 31),
)

GPHC = Case(
    "gphc",
    "[packs.gphc]\nrenewal = 2027-02-28",  # 1 Mar 2026 to 28 Feb 2027
    [
        moment("planned-1", D(2026, 3, 1), planned=True),
        moment("planned-2", D(2026, 7, 1), planned=True),
        moment("unplanned-1", D(2026, 9, 1)),
        moment("unplanned-2", D(2027, 2, 28)),
        moment("peer", D(2026, 10, 1), counts_as=["peer-discussion"], partner="A pharmacist colleague"),
        moment("account", D(2026, 10, 2), counts_as=["reflective-account"], standards=["Standard 3"]),
    ],
    misses=[
        Miss("one-record-less", "cpd-records", 1, drop("unplanned-1")),
        Miss("one-planned-less", "planned-records", 1, change("planned-2", planned=None)),
        Miss("first-day-record-a-day-early", "planned-records", 1, change("planned-1", date=D(2026, 2, 28))),
        Miss("last-day-record-a-day-late", "cpd-records", 1, change("unplanned-2", date=D(2027, 3, 1))),
        Miss("record-without-reflection", "cpd-records", 1, change("unplanned-1", body=UNREFLECTED)),
        Miss("no-peer-discussion", "peer-discussion", 1, drop("peer")),
        Miss("account-without-standards", "reflective-account", 1, change("account", standards=None)),
    ],
    on=D(2027, 2, 28),
)

ACCA = Case(
    "acca",
    "",
    [
        moment("verifiable", D(2026, 1, 1), hours=21.0, verifiable=True),
        moment("reading", D(2026, 12, 31), hours=19.0),
    ],
    misses=[
        Miss("one-unit-less", "units", 1, change("reading", hours=18.0)),
        Miss(
            "one-verifiable-unit-less",
            "verifiable-units",
            1,
            both(change("verifiable", hours=20.0), change("reading", hours=20.0)),
        ),
        Miss(
            "first-day-record-a-day-early", "verifiable-units", 21, change("verifiable", date=D(2025, 12, 31))
        ),
        Miss("last-day-record-a-day-late", "units", 19, change("reading", date=D(2027, 1, 1))),
    ],
    on=D(2026, 12, 31),
)


def icaew(category: int, hours: int, verifiable: int) -> Case:
    return Case(
        f"icaew-{category}",
        "",  # CPD year 1 Nov 2026 to 31 Oct 2027
        [
            moment("ethics", D(2026, 11, 1), hours=1.0, verifiable=True, ethics=True),
            moment("course", D(2027, 2, 1), hours=float(verifiable - 1), verifiable=True),
            moment("reading", D(2027, 10, 31), hours=float(hours - verifiable)),
        ],
        misses=[
            Miss("one-hour-less", "hours", 1, change("reading", hours=float(hours - verifiable - 1))),
            Miss(
                "one-verifiable-hour-less",
                "verifiable-hours",
                1,
                both(
                    change("course", hours=float(verifiable - 2)),
                    change("reading", hours=float(hours - verifiable + 1)),
                ),
            ),
            Miss(
                "ethics-not-verifiable",
                "ethics",
                1,
                both(change("ethics", verifiable=None), change("course", hours=float(verifiable))),
            ),
            Miss("first-day-record-a-day-early", "ethics", 1, change("ethics", date=D(2026, 10, 31))),
            Miss(
                "last-day-record-a-day-late",
                "hours",
                hours - verifiable,
                change("reading", date=D(2027, 11, 1)),
            ),
        ],
        on=D(2027, 10, 31),
    )


RICS = Case(
    "rics",
    "",
    [
        moment("formal", D(2026, 1, 1), hours=10.0, formal=True),
        moment("informal", D(2026, 12, 31), hours=10.0),
        moment("ethics", D(2024, 1, 1), ethics=True),  # the rolling three years: 2024 to 2026
    ],
    misses=[
        Miss("one-hour-less", "hours", 1, change("informal", hours=9.0)),
        Miss(
            "one-formal-hour-less",
            "formal-hours",
            1,
            both(change("formal", hours=9.0), change("informal", hours=11.0)),
        ),
        Miss("first-day-record-a-day-early", "formal-hours", 10, change("formal", date=D(2025, 12, 31))),
        Miss("last-day-record-a-day-late", "hours", 10, change("informal", date=D(2027, 1, 1))),
        Miss("ethics-a-day-before-the-three-years", "ethics", 1, change("ethics", date=D(2023, 12, 31))),
    ],
    on=D(2026, 12, 31),
)

IET = Case(
    "iet",
    "",
    [
        moment("planned", D(2026, 1, 1), hours=10.0, planned=True),
        moment("unplanned", D(2026, 12, 31), hours=20.0),
    ],
    misses=[
        Miss("one-hour-less", "hours", 1, change("unplanned", hours=19.0)),
        Miss(
            "one-planned-hour-less",
            "planned-hours",
            1,
            both(change("planned", hours=9.0), change("unplanned", hours=21.0)),
        ),
        Miss("first-day-record-a-day-early", "planned-hours", 10, change("planned", date=D(2025, 12, 31))),
    ],
    on=D(2026, 12, 31),
)

HCPC = Case(
    "hcpc",
    "[packs.hcpc]\nrenewal = 2027-06-30",  # 1 Jul 2025 to 30 Jun 2027; today 24 Nov 2026
    [
        # each exactly three months after the one before, from the cycle's first day
        moment("oct", D(2025, 10, 1), kind="course", evidence=evidence("a.pdf")),
        moment("jan", D(2026, 1, 1), kind="reading", evidence=evidence("b.pdf")),
        moment("apr", D(2026, 4, 1), kind="reading", evidence=evidence("c.pdf")),
        moment("jul", D(2026, 7, 1), kind="reading", evidence=evidence("d.pdf")),
        moment("aug", D(2026, 8, 24), kind="reading"),  # three months before today
    ],
    misses=[
        Miss("a-day-too-long-a-gap", "continuous", 1, change("apr", date=D(2026, 4, 2))),
        Miss("a-month-too-long-a-gap", "continuous", 30, change("apr", date=D(2026, 5, 1))),
        Miss("first-record-a-day-late", "continuous", 1, change("oct", date=D(2025, 10, 2))),
        Miss("no-record-for-a-day-too-long-now", "continuous", 1, change("aug", date=D(2026, 8, 23))),
        Miss("one-kind-only", "mix", 1, change("oct", kind="reading")),
        Miss("one-record-without-evidence", "audit-ready", 1, change("jul", evidence=None)),
    ],
)

CIPD = Case(
    "cipd",
    "",
    [
        moment("january", D(2026, 1, 1)),
        moment("june", D(2026, 6, 1)),
        moment("december", D(2026, 12, 31)),
    ],
    goals=[goal("plan", D(2026, 1, 1))],
    misses=[
        Miss("one-reflection-less", "reflections", 1, change("june", body=UNREFLECTED)),
        Miss("first-day-reflection-a-day-early", "reflections", 1, change("january", date=D(2025, 12, 31))),
        Miss("plan-set-a-day-before-the-year", "plan", 1, change("plan", created=D(2025, 12, 31))),
    ],
    on=D(2026, 12, 31),
)

SIX = (
    "quality-improvement",
    "significant-event",
    "colleague-feedback",
    "patient-feedback",
    "complaint-compliment",
)
DOCTORS = Case(
    "doctors-appraisal",
    # appraisal year 11 May 2026 to 10 May 2027; revalidation cycle 11 May 2024 to 10 May 2029
    "[packs.doctors-appraisal]\nappraisal = 2027-05-10\nrevalidation = 2029-05-10",
    [
        moment("credits", D(2026, 5, 11), hours=50.0),
        moment("quality-improvement", D(2024, 5, 11), counts_as=["quality-improvement"]),
        *[moment(kind, D(2025, 3, 1), counts_as=[kind]) for kind in SIX[1:]],
    ],
    goals=[goal("pdp", D(2025, 5, 1), notes=(D(2027, 5, 10),))],
    misses=[
        Miss("one-credit-less", "credits", 1, change("credits", hours=49.0)),
        Miss("first-day-credits-a-day-early", "credits", 50, change("credits", date=D(2026, 5, 10))),
        Miss(
            "pdp-last-noted-a-day-after", "pdp", 1, change("pdp", body="## Progress\n\n- 2027-05-11: noted\n")
        ),
        Miss(
            "qi-a-day-before-the-cycle",
            "quality-improvement",
            1,
            change("quality-improvement", date=D(2024, 5, 10)),
        ),
        *[
            Miss(
                f"no-{kind}",
                {
                    "significant-event": "significant-events",
                    "complaint-compliment": "complaints-compliments",
                }.get(kind, kind),
                1,
                drop(kind),
            )
            for kind in SIX[1:]
        ],
    ],
    on=D(2027, 5, 10),
)

CASES = [
    NMC,
    GPHC,
    ACCA,
    icaew(1, 40, 30),
    icaew(2, 30, 20),
    icaew(3, 20, 10),
    RICS,
    IET,
    HCPC,
    CIPD,
    DOCTORS,
]
