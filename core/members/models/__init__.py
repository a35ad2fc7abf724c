"""Members area models: the member and its profile, status history, work history, rewards and disciplines."""

from core.members.models.history import MemberStatusChange, StatusEvent
from core.members.models.member import (
    ACTIVE_STATUSES,
    CORRECTABLE_FIELDS,
    GONE_STATUSES,
    PROFILE_FIELDS,
    CommitteePosition,
    CommitteeSeat,
    CorrectionStatus,
    ExemptReason,
    Member,
    MemberStatus,
    MemberTransfer,
    ProfileCorrection,
    Sex,
)
from core.members.models.records import Discipline, DisciplineForm, Reward, WorkPeriod

__all__ = [
    "ACTIVE_STATUSES",
    "CORRECTABLE_FIELDS",
    "GONE_STATUSES",
    "PROFILE_FIELDS",
    "CommitteePosition",
    "CommitteeSeat",
    "CorrectionStatus",
    "Discipline",
    "DisciplineForm",
    "ExemptReason",
    "Member",
    "MemberStatus",
    "MemberStatusChange",
    "MemberTransfer",
    "ProfileCorrection",
    "Reward",
    "Sex",
    "StatusEvent",
    "WorkPeriod",
]
