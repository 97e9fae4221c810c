"""The fixed vocabularies of the file format, with no heavy imports (the CLI's
option types use them at start-up)."""

from __future__ import annotations

from enum import StrEnum

MOST_HOURS = 24 * 366  # in a learning moment, or a year's target: every hour of a leap year


class Kind(StrEnum):
    """What sort of learning moment it was."""

    COURSE = "course"
    READING = "reading"
    ON_THE_JOB = "on-the-job"
    CONVERSATION = "conversation"
    MENTORING = "mentoring"
    COACHING = "coaching"
    TEACHING_OTHERS = "teaching-others"
    CONFERENCE = "conference"
    ONLINE = "online"
    FEEDBACK = "feedback"
    REFLECTION = "reflection"
    CREDENTIAL = "credential"
    OTHER = "other"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class Alignment(StrEnum):
    """Whose need a goal serves."""

    PERSONAL = "personal"
    ORGANISATION = "organisation"
    BOTH = "both"


class ChangeKind(StrEnum):
    """The `Mpl-Change` trailer of a commit: what kind of change mpl made."""

    INIT = "init"
    LOG = "log"
    GOAL = "goal"
    GOAL_PROGRESS = "goal-progress"
    GOAL_CRITERION = "goal-criterion"
    GOAL_ACHIEVED = "goal-achieved"
    GOAL_DROPPED = "goal-dropped"
    GOAL_PAUSED = "goal-paused"
    GOAL_ACTIVE = "goal-active"
    REVIEW = "review"  # a review meeting, with the goals its agreed actions were added to
    EDIT = "edit"
    ROLE = "role"
    SETTINGS = "settings"  # `mpl cpd use`: mpl.toml's rule packs and their dates
    EVIDENCE = "evidence"
    BADGE = "badge"
    IMPORT = "import"
    UNDO = "undo"
    # committed on the person's behalf: what they changed outside mpl, what an interrupted
    # change left, what `mpl doctor --fix` mended
    MANUAL_EDITS = "manual-edits"
    RECOVERED = "recovered"
    DOCTOR = "doctor"

    @classmethod
    def for_goal(cls, status: GoalStatus) -> ChangeKind:
        """The change that moves a goal to `status`."""
        return cls(f"goal-{status.value}")


# What a learning moment can count as for a professional body's rules (`counts_as`); rule
# packs of a person's own may name others.
COUNTS_AS = {
    "reflective-account": "a written reflective account (NMC, GPhC)",
    "practice-feedback": "a piece of practice-related feedback (NMC)",
    "reflective-discussion": "a reflective discussion with another registrant (NMC)",
    "peer-discussion": "a peer discussion (GPhC)",
    "quality-improvement": "a quality improvement activity (doctors' appraisal)",
    "significant-event": "a significant event reviewed (doctors' appraisal)",
    "colleague-feedback": "feedback from colleagues (doctors' appraisal)",
    "patient-feedback": "feedback from patients (doctors' appraisal)",
    "complaint-compliment": "a complaint or compliment reviewed (doctors' appraisal)",
}


class ReviewKind(StrEnum):
    """What sort of review meeting it was."""

    ONE_TO_ONE = "one-to-one"
    APPRAISAL = "appraisal"
    SUPERVISION = "supervision"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How a title or a pack names it: "One-to-one", "Appraisal", ..."""
        return "Review" if self is ReviewKind.OTHER else self.value.capitalize()
