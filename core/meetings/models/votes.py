"""Votes on a meeting's items. Open votes keep one ballot per member; secret ballots keep *who has voted*
(SecretBallotCast, no choice, no time) apart from *how many chose what* (SecretTally counters, no member): no
row links a voter to a choice."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.meetings.models.meeting import AgendaItem, Meeting


class VoteChoice(models.TextChoices):
    YES = "yes", _("Tán thành")
    NO = "no", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")


class Withheld(models.TextChoices):
    """Why a closed secret ballot's counts per choice are not published (decided from public facts only)."""

    NO_QUORUM = "no_quorum", _("Không đủ số lượng biểu quyết")
    FEW = "few", _("Dưới 3 đồng chí tham gia")
    MIXED = "mixed", _("Dưới 3 đồng chí bỏ phiếu trên điện thoại cùng với phiếu giấy")


class Vote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question = models.CharField(_("nội dung biểu quyết"), max_length=300)
    secret = models.BooleanField(_("bỏ phiếu kín"), default=False)
    status = models.CharField(max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    # Snapshot when the vote opens (core.meetings.vote_rules.voters): the members who may vote (official members
    # of the cell or committee, exempt ones only if present then; never probationary ones) and their number E.
    voters = models.JSONField(default=list, blank=True)  # member ids, sorted
    eligible = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # Results, written when the vote closes. A withheld secret ballot keeps only participants, quorum and verdict
    # (yes/no/abstain stay 0 and its counters are deleted).
    participants = models.PositiveIntegerField(default=0)
    withheld = models.CharField(max_length=10, choices=Withheld.choices, blank=True, default="")
    below_quorum_reason = models.CharField(_("lý do kết thúc khi chưa đủ 2/3"), max_length=300, blank=True)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    quorum_met = models.BooleanField(null=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering: ClassVar = ["opened_at", "pk"]
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")

    def __str__(self) -> str:
        return self.question


class OpenBallot(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="open_ballots")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["vote", "member"], name="openballot_uniq")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.member_id}: {self.choice}"


class SecretBallotCast(models.Model):
    """That a member has voted in a secret ballot (to refuse a second vote and count turnout). No choice."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    on_paper = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["vote", "member"], name="secretcast_uniq")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.member_id}"


class SecretTally(models.Model):
    """How many secret ballots chose each option: a counter per (vote, choice), never a row per ballot."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["vote", "choice"], name="secrettally_uniq")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.choice}: {self.count}"
