"""notify(): named members and cells at once, subtrees and the whole committee by chunked fan-out that survives a
worker killed mid-run without losing or duplicating a row; keyed notices told once; gone members skipped;
preferences and the daily digest; content features (library, news, meetings) send through it."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection

from core.members.models import Member, MemberStatus
from core.notifications import fanout
from core.notifications.digest import Group, digest_run, digest_text, group_rows
from core.notifications.models import Audience, FanoutState, Kind, Mode, Notice, Notification, Preference
from core.notifications.services import notice_key, notify, preferences_set
from tests.conftest import PASSWORD
from tests.helpers import in_tenant


def _accounts(tree) -> dict[str, User]:
    """Give every member of the tree an account (member_x already has dv_x)."""
    users = {}
    for code, members in tree.members.items():
        for n, member in enumerate(members):
            if member.user_id is None:
                user = User.objects.create_user(
                    f"m_{code.lower()}{n}", password=PASSWORD, email=f"{code}{n}@example.vn"
                )
                Member.objects.filter(pk=member.pk).update(user=user)
                member.user_id = user.pk
            users[f"{code}{n}"] = User.objects.get(pk=member.user_id)
    return users


def _recipients(notice: Notice) -> set[int]:
    return set(Notification.objects.filter(notice=notice).values_list("user_id", flat=True))


def test_members_and_cell_are_told_at_once_and_a_key_tells_nobody_twice(tree):
    users = _accounts(tree)
    notice = notify(kind=Kind.MEETING, text="Họp chi bộ", url="/sinh-hoat/", user_ids=[users["X0"].pk, users["Y0"].pk])
    assert notice.recipients == 2 and notice.state == FanoutState.DONE
    cell = notify(kind=Kind.GENERAL, text="Chi bộ X", audience=Audience.CELL, unit=tree.x)
    assert _recipients(cell) == {users[f"X{n}"].pk for n in range(3)}
    key = notice_key("test", 1)
    first = notify(kind=Kind.REMINDER, text="Nhắc", user_ids=[users["X1"].pk], key=key)
    again = notify(kind=Kind.REMINDER, text="Nhắc", user_ids=[users["X1"].pk, users["X2"].pk], key=key)
    assert again.pk == first.pk and again.recipients == 2
    assert Notification.objects.filter(notice=first).count() == 2  # X1 once, X2 added


def test_subtree_fan_out_in_chunks_skips_gone_members(tree):
    users = _accounts(tree)
    Member.objects.filter(pk=tree.members["Y"][1].pk).update(status=MemberStatus.DECEASED)
    notice = notify(kind=Kind.DOCUMENT, text="Văn bản mới", audience=Audience.SUBTREE, unit=tree.d1)
    assert notice.state == FanoutState.PENDING and not _recipients(notice)
    done = fanout.fanout_run(notice.pk, chunk=2)
    assert done is not None and done.state == FanoutState.DONE
    expected = {users[k].pk for k in ("X0", "X1", "X2", "Y0")}
    assert _recipients(notice) == expected and done.recipients == 4
    assert done.statements >= 2  # chunks of two member ids


def test_fan_out_starts_at_the_first_member_id_not_at_zero(tree):
    """A committee whose member ids start high (rows deleted, big imports) spends no statement on the ids below."""
    users = _accounts(tree)
    ids = sorted(Member.objects.values_list("pk", flat=True))
    assert ids[0] > 10  # the session's earlier tests used the low ids
    notice = notify(kind=Kind.GENERAL, text="Toàn Đảng bộ", audience=Audience.COMMITTEE)
    done = fanout.fanout_run(notice.pk, chunk=10)
    assert done is not None and _recipients(notice) == {u.pk for u in users.values()}
    assert done.statements == -(-(ids[-1] - ids[0] + 1) // 10)  # ceil(span / chunk), whatever the first id


def test_committee_fan_out_killed_mid_run_resumes_without_loss_or_duplicate(tree, monkeypatch):
    users = _accounts(tree)
    notice = notify(kind=Kind.GENERAL, text="Toàn Đảng bộ", audience=Audience.COMMITTEE)
    real, calls = fanout._chunk, {"n": 0}

    def dies_on_third(n, low, high):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")  # the chunk's transaction rolls back, like a SIGKILL
        return real(n, low, high)

    monkeypatch.setattr(fanout, "_chunk", dies_on_third)
    with pytest.raises(SystemExit):
        fanout.fanout_run(notice.pk, chunk=1)
    partial = Notice.objects.get(pk=notice.pk)
    assert partial.state == FanoutState.PENDING and partial.cursor > 0
    assert Notification.objects.filter(notice=notice).count() == partial.recipients
    # the message comes back; a replayed chunk (cursor moved back) writes nothing twice either
    Notice.objects.filter(pk=notice.pk).update(cursor=0)
    done = fanout.fanout_run(notice.pk, chunk=1)
    assert done is not None and done.runs == 2
    assert _recipients(notice) == {u.pk for u in users.values()}
    rows = Notification.objects.filter(notice=notice)
    assert rows.count() == len(users) == rows.values("user_id").distinct().count()


def test_fan_out_task_runs_in_its_tenant_and_sends_after(tree, alpha, django_capture_on_commit_callbacks):
    users = _accounts(tree)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(kind=Kind.NEWS, text="Tin mới", audience=Audience.COMMITTEE)
    notice.refresh_from_db()
    assert notice.state == FanoutState.DONE and notice.recipients == len(users)
    # no VAPID keys in tests: every member without a device but with an address got an email
    assert len(mail.outbox) == len([u for u in users.values() if u.email])


def test_preferences_in_app_only_and_digest_are_honoured(tree, django_capture_on_commit_callbacks):
    users = _accounts(tree)
    quiet, digest = users["X1"], users["X2"]
    preferences_set(user=quiet, modes={Kind.MEETING: Mode.INAPP})
    preferences_set(user=digest, modes={Kind.MEETING: Mode.DIGEST, Kind.NEWS: Mode.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=Kind.MEETING, text="Lịch họp tháng 12", audience=Audience.CELL, unit=tree.x)
        notify(kind=Kind.NEWS, text="Tin A", user_ids=[digest.pk])
        notify(kind=Kind.NEWS, text="Tin B", user_ids=[digest.pk])
    told = {m.to[0] for m in mail.outbox}
    assert quiet.email not in told and digest.email not in told  # in-app only / waits for the digest
    assert Notification.objects.filter(user=quiet).count() == 1  # the centre still shows it
    mail.outbox.clear()
    stats = digest_run()
    assert stats == {"members": 1, "pushed": 0, "emailed": 1}
    body = mail.outbox[0].body
    assert mail.outbox[0].to == [digest.email]
    assert "3 thông báo" in body and "1 sinh hoạt chi bộ" in body and "2 tin tức, thông báo" in body
    assert "Tin A" in body and "Lịch họp tháng 12" in body
    assert digest_run() == {"members": 0, "pushed": 0, "emailed": 0}  # nothing twice


def test_digest_groups_by_kind_in_order():
    rows: list[tuple[int, str, str]] = [
        (1, Kind.NEWS, "a"),
        (1, Kind.MEETING, "b"),
        (1, Kind.NEWS, "c"),
        (2, Kind.DOCUMENT, "d"),
    ]
    groups = group_rows(rows)
    assert [(g.kind, g.count, g.texts) for g in groups[1]] == [(Kind.MEETING, 1, ["b"]), (Kind.NEWS, 2, ["a", "c"])]
    assert digest_text([Group(Kind.DOCUMENT, 2, ["x", "y"])]).startswith("Hôm nay đồng chí có 2 thông báo")


def test_preferences_refuse_unknown_values_and_are_audited(tree):
    user = tree.users["member_x"]
    with pytest.raises(ValueError, match="unknown kinds"):
        preferences_set(user=user, modes={"bogus": Mode.PUSH})
    assert preferences_set(user=user, modes={Kind.NEWS: Mode.DIGEST, Kind.MEETING: Mode.PUSH}) == 1
    assert Preference.objects.get(user=user).mode == Mode.DIGEST
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE action = 'notifications.preferences'")
        assert cursor.fetchone()[0] == 1


def test_library_publishing_notifies_its_audience(tree, alpha, settings, tmp_path, django_capture_on_commit_callbacks):
    from core.access.models import Role
    from tests.core.library.conftest import publish
    from tests.factories.org import user_with

    settings.MEDIA_ROOT = str(tmp_path)
    tree.users["pub_root"] = user_with("pub_root", (Role.PUBLISHER, tree.root))
    _accounts(tree)
    with django_capture_on_commit_callbacks(execute=True):
        document = publish(tree, "Nghị quyết về chuyển đổi số", number="09-NQ/TU", audience=tree.x)
    notice = Notice.objects.get(kind=Kind.DOCUMENT)
    assert "09-NQ/TU" in notice.text and notice.url == f"/van-ban/{document.pk}/"
    assert notice.state == FanoutState.DONE and notice.recipients == 3  # cell X's three members


def test_another_tenant_sees_no_notice_and_tasks_need_a_tenant(tree, alpha, beta):
    from core.notifications.tasks import notify_fanout
    from core.tasks import TenantRequired
    from tenants.db.schema import activate_public

    notice = notify(kind=Kind.GENERAL, text="Chỉ alpha", audience=Audience.COMMITTEE)
    with in_tenant(beta):
        assert not Notice.objects.filter(text="Chỉ alpha").exists()
        assert fanout.fanout_run(notice.pk) is None or not Notification.objects.exists()
    activate_public()
    with pytest.raises(TenantRequired):
        notify_fanout.delay(notice.pk)
