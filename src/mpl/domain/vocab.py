"""The fixed vocabularies of the file format, with no heavy imports (the CLI's
option types use them at start-up)."""

from __future__ import annotations

from enum import StrEnum


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
    EDIT = "edit"
    ROLE = "role"
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
