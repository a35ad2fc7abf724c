"""core/meetings/vote_rules.py as plain values, at every boundary (written for the survivors of
`make mutation ARGS=votes`; the same rules through the services are in test_vote_rules.py and test_votes.py)."""

import pytest

from core.meetings.models import Withheld
from core.meetings.vote_rules import (
    EXEMPT_NOTE,
    PROBATIONARY_NOTE,
    may_vote,
    quorum_met,
    quorum_needed,
    refusal,
    voting_note,
    withheld_reason,
)
from core.members.models import MemberStatus

S = MemberStatus


@pytest.mark.parametrize(
    ("status", "present", "expected"),
    [
        (S.OFFICIAL, False, True),
        (S.WORKING_AWAY, False, True),
        (S.EXEMPT, True, True),
        (S.EXEMPT, False, False),
        (S.PROBATIONARY, True, False),
        (S.TRANSFERRED_OUT, True, False),
        (S.DECEASED, True, False),
    ],
)
def test_who_may_vote(status, present, expected):
    assert may_vote(status=status, present=present) is expected


@pytest.mark.parametrize(
    ("secret", "quorum", "participants", "on_paper", "expected"),
    [
        (False, False, 1, 0, ""),  # open votes are always published
        (True, False, 9, 0, Withheld.NO_QUORUM),
        (True, True, 2, 0, Withheld.FEW),
        (True, True, 3, 0, ""),  # three on the phone: published
        (True, True, 3, 3, ""),  # all on paper: published
        (True, True, 5, 4, Withheld.MIXED),  # one on the phone beside paper
        (True, True, 5, 3, Withheld.MIXED),  # two on the phone beside paper
        (True, True, 6, 3, ""),  # three on the phone beside paper
        (True, True, 4, 0, ""),
    ],
)
def test_when_secret_counts_are_withheld(secret, quorum, participants, on_paper, expected):
    assert withheld_reason(secret=secret, quorum=quorum, participants=participants, on_paper=on_paper) == expected


@pytest.mark.parametrize(("eligible", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (9, 6)])
def test_quorum_needed_is_a_whole_number_of_members(eligible, needed):
    assert quorum_needed(eligible) == needed and isinstance(quorum_needed(eligible), int)


def test_a_single_eligible_member_taking_part_is_a_quorum():
    assert quorum_met(participants=1, eligible=1)
    assert not quorum_met(participants=0, eligible=1)


def test_voting_notes():
    assert voting_note(S.PROBATIONARY) == PROBATIONARY_NOTE
    assert voting_note(S.EXEMPT) == EXEMPT_NOTE
    assert voting_note(S.OFFICIAL) == "" and voting_note(S.WORKING_AWAY) == ""


@pytest.mark.parametrize(
    ("status", "member_id", "in_roster", "present", "expected"),
    [
        (S.PROBATIONARY, 1, True, True, "probationary"),
        (S.EXEMPT, 9, True, True, "exempt_absent"),  # exempt, not among the voters when the vote opened
        (S.EXEMPT, 9, False, True, "not_called"),
        (S.OFFICIAL, 9, True, True, "not_called"),
        (S.OFFICIAL, 1, False, True, "not_called"),
        (S.OFFICIAL, 1, True, False, "not_present"),
        (S.OFFICIAL, 1, True, True, ""),
        (S.EXEMPT, 1, True, True, ""),
    ],
)
def test_why_a_member_may_not_cast_a_ballot(status, member_id, in_roster, present, expected):
    reason = refusal(status=status, member_id=member_id, voters_at_opening={1, 2}, in_roster=in_roster, present=present)
    assert reason == expected
