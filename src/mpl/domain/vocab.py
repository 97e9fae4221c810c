"""The fixed vocabularies of the file format, with no heavy imports (the CLI's
option types use them at start-up)."""

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
