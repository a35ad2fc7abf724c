"""Votes keep the ids of the members who may vote (snapshot at opening), the number who took part, whether a secret
ballot's counts are withheld, and the reason for closing below quorum. Existing rows: closed votes get their
participants from their stored counts; a vote still open gets the voters it counted under the earlier rule (cell
or committee members, neither exempt nor gone), so its E does not change mid-vote (a probationary member in such a
snapshot is still refused a ballot: the services check the status first)."""

from typing import Any

from django.db import migrations, models

EARLIER_NOT_CALLED = ("exempt", "transferred_out", "deceased")


def backfill(apps: Any, schema_editor: Any) -> None:
    vote_model = apps.get_model("meetings", "Vote")
    member_model = apps.get_model("members", "Member")
    seat_model = apps.get_model("members", "CommitteeSeat")
    for vote in vote_model.objects.filter(status="closed"):
        vote.participants = vote.yes + vote.no + vote.abstain
        vote.save(update_fields=["participants"])
    for vote in vote_model.objects.filter(status="open").select_related("meeting"):
        meeting = vote.meeting
        if meeting.kind == "committee":
            seats = seat_model.objects.filter(unit_id=meeting.cell_id, ended_on__isnull=True).values("member_id")
            members = member_model.objects.filter(pk__in=seats)
        else:
            members = member_model.objects.filter(cell_id=meeting.cell_id)
        ids = sorted(members.exclude(status__in=EARLIER_NOT_CALLED).values_list("pk", flat=True))
        vote.voters = ids
        vote.save(update_fields=["voters"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_readreceipt_recorded_by"),
        ("members", "0004_committeeseat"),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="below_quorum_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="lý do kết thúc khi chưa đủ 2/3"),
        ),
        migrations.AddField(
            model_name="vote",
            name="participants",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="vote",
            name="voters",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="vote",
            name="withheld",
            field=models.CharField(
                blank=True,
                choices=[
                    ("no_quorum", "Không đủ số lượng biểu quyết"),
                    ("few", "Dưới 3 đồng chí tham gia"),
                    ("mixed", "Dưới 3 đồng chí bỏ phiếu trên điện thoại cùng với phiếu giấy"),
                ],
                default="",
                max_length=10,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
