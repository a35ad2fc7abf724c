"""Kinds of background job the fault benchmark kills mid-run. Each knows how to set itself up, start one job,
when it is "in the middle" (the moment to kill), when it has finished, and how to count lost and duplicated
rows. Adding a kind (e.g. the notification fan-out) is a class with these six methods added to KINDS.

All of them run inside the bench tenant (the harness activates it); `Probe` is a connection of the harness's
own that watches the tenant's tables and the server's activity while the worker runs.
"""

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import psycopg


@dataclass
class Verdict:
    expected: int
    found: int
    duplicated: int
    note: str = ""

    @property
    def lost(self) -> int:
        return max(self.expected - (self.found - self.duplicated), 0)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.found == self.expected


class Probe:
    def __init__(self, conninfo: str, schema: str) -> None:
        self.conninfo, self.schema = conninfo, schema
        self.conn: psycopg.Connection[Any] | None = None

    def _c(self) -> psycopg.Connection[Any]:
        if self.conn is None or self.conn.closed:
            self.conn = psycopg.connect(self.conninfo, autocommit=True, options=f"-c search_path={self.schema}")
        return self.conn

    def value(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.row(sql, params)
        return row[0] if row else None

    def row(self, sql: str, params: list[Any] | None = None) -> Any:
        return self._c().execute(sql, params or []).fetchone()

    def running(self, query_prefix: str) -> bool:
        """Whether another session is executing a statement that starts with `query_prefix` right now."""
        return bool(
            self.value(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() "
                "AND query LIKE %s",
                [query_prefix + "%"],
            )
        )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class JobKind:
    name: ClassVar[str]

    def prepare(self, tenant: Any, work: Path) -> None:
        """Once: the data this kind needs (inside the tenant)."""

    def reset(self) -> None:
        """Before each run: remove what a previous run wrote."""

    def enqueue(self) -> None:
        """Start one job the way the product does (its task goes to the broker)."""

    def in_the_middle(self, probe: Probe) -> bool:
        raise NotImplementedError

    def finished(self, probe: Probe) -> bool:
        raise NotImplementedError

    def verify(self, probe: Probe) -> Verdict:
        raise NotImplementedError


class MemberImport(JobKind):
    """100,000 new members from one CSV file; killed while the upsert writes them (inside its transaction)."""

    name = "member import (100,000 rows)"
    ROWS = 100_000

    def prepare(self, tenant: Any, work: Path) -> None:
        from core.org.models import OrgKind, OrgUnit

        cells = list(OrgUnit.objects.filter(kind=OrgKind.CELL).values_list("code", flat=True))
        rng = random.Random(19)
        self.path = work / "dang-vien.csv"
        with self.path.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["Số thẻ đảng", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Mã chi bộ",
                          "Trạng thái"])  # fmt: skip
            for n in range(self.ROWS):
                out.writerow([f"{7_000_000_000 + n}", "Nguyễn Văn An", "12/05/1960", "Nam", "03/02/1985",
                              rng.choice(cells), "Chính thức"])  # fmt: skip

    def reset(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM members_member WHERE party_card_number LIKE '7%%'")
            cursor.execute("DELETE FROM imports_importjob")
            cursor.execute("DELETE FROM audit_auditevent WHERE action = 'imports.members'")

    def enqueue(self) -> None:
        from django.db import transaction

        from core.imports.models import ImportKind
        from core.imports.services import import_job_create

        with transaction.atomic():
            job = import_job_create(kind=ImportKind.MEMBERS, source=self.path, filename="dang-vien.csv", actor=None)
        self.job_id = job.pk

    def in_the_middle(self, probe: Probe) -> bool:
        return probe.running("WITH up AS (INSERT INTO")

    def finished(self, probe: Probe) -> bool:
        return probe.value("SELECT status FROM imports_importjob WHERE id = %s", [self.job_id]) in ("done", "failed")

    def verify(self, probe: Probe) -> Verdict:
        found, distinct = probe.row(
            "SELECT count(*), count(DISTINCT party_card_number) FROM members_member WHERE party_card_number LIKE '7%%'"
        )
        status, attempts, inserted = probe.row(
            "SELECT status, attempts, inserted FROM imports_importjob WHERE id = %s", [self.job_id]
        )
        audits = probe.value("SELECT count(*) FROM audit_auditevent WHERE action = 'imports.members'")
        return Verdict(
            expected=self.ROWS,
            found=found,
            duplicated=found - distinct + max(audits - 1, 0),
            note=f"job {status}, runs {attempts}, inserted {inserted:,}, audit rows {audits}",
        )


class AccountIssuance(JobKind):
    """60 accounts (three batches of 25, PBKDF2 hashing); killed after the first batch's slips are published."""

    name = "account issuance (60 accounts)"
    PER_CELL, CELLS = 20, 3

    def prepare(self, tenant: Any, work: Path) -> None:
        from django.contrib.auth.models import User

        from core.access.models import Role, RoleGrant
        from core.members.models import Member, MemberStatus
        from core.org.models import OrgKind, OrgUnit
        from core.org.services import org_unit_create

        root = OrgUnit.objects.get(kind=OrgKind.ROOT)
        self.unit = OrgUnit.objects.filter(code="FAULTX").first() or org_unit_create(
            code="FAULTX", name="Đảng bộ xã (thử lỗi)", kind=OrgKind.COMMUNE, parent=root
        )
        for c in range(self.CELLS):
            code = f"FAULTX{c}"
            cell = OrgUnit.objects.filter(code=code).first() or org_unit_create(
                code=code, name=f"Chi bộ thử lỗi {c}", kind=OrgKind.CELL, parent=self.unit
            )
            for m in range(self.PER_CELL):
                Member.objects.get_or_create(
                    party_card_number=f"6{c:02d}{m:07d}",
                    defaults={"full_name": f"Đảng viên {c}-{m}", "cell": cell, "date_of_birth": dt.date(1970, 1, 1),
                              "sex": "male", "admitted_on": dt.date(1995, 1, 1), "status": MemberStatus.OFFICIAL},
                )  # fmt: skip
        self.actor, _ = User.objects.get_or_create(username="faults_btc")
        RoleGrant.objects.get_or_create(user=self.actor, role=Role.ORG_DEPARTMENT, unit=root)

    def reset(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE members_member SET user_id = NULL WHERE party_card_number LIKE '6%%' RETURNING user_id"
            )
            cursor.execute(
                "DELETE FROM accounts_accountstate WHERE user_id IN "
                "(SELECT id FROM auth_user WHERE username LIKE '6%%')"
            )
            cursor.execute("DELETE FROM auth_user WHERE username LIKE '6%%'")
            cursor.execute("DELETE FROM audit_auditevent WHERE action IN ('account.issued', 'account.issue_started')")

    def enqueue(self) -> None:
        from django.db import transaction

        from core.accounts.issuance import issuance_start

        with transaction.atomic():
            self.job_id = issuance_start(unit=self.unit, actor=self.actor).id

    def _job(self) -> Any:
        from core.accounts.issue_jobs import job_get

        return job_get(self.job_id)

    def in_the_middle(self, probe: Probe) -> bool:
        job = self._job()
        return job is not None and 0 < job.done < job.total

    def finished(self, probe: Probe) -> bool:
        job = self._job()
        return job is not None and job.finished

    def verify(self, probe: Probe) -> Verdict:
        from core.accounts.activation import code_digest
        from core.accounts.slips import job_slips

        expected = self.PER_CELL * self.CELLS
        accounts = probe.value("SELECT count(*) FROM auth_user WHERE username LIKE '6%%'")
        linked = probe.value(
            "SELECT count(*) FROM members_member WHERE party_card_number LIKE '6%%' AND user_id IS NOT NULL"
        )
        audits = probe.value("SELECT count(*) FROM audit_auditevent WHERE action = 'account.issued'")
        job = self._job()
        slips = job_slips(job, self.actor)
        distinct = len({slip["member_id"] for slip in slips})
        checked = all(
            code_digest(slip["password"]) == probe.value(
                "SELECT s.activation_digest FROM members_member m JOIN accounts_accountstate s ON s.user_id = m.user_id"
                " WHERE m.id = %s", [slip["member_id"]])
            for slip in slips[:: max(len(slips) // 3, 1)]
        )  # fmt: skip
        return Verdict(
            expected=expected,
            found=min(accounts, linked, distinct),
            duplicated=(len(slips) - distinct) + max(audits - expected, 0) + max(accounts - linked, 0),
            note=f"job {job.state}, runs {job.attempts}; accounts {accounts}, slips {len(slips)}, "
            f"audit rows {audits}; sample codes match their accounts: {checked}",
        )


class SeriesDaily(JobKind):
    """The daily series task on the 15th over 10,000 cells: 20,000 drafts and 10,000 reminders to secretaries;
    killed while drafts are being written."""

    name = "daily meeting series (10,000 cells)"

    def prepare(self, tenant: Any, work: Path) -> None:
        from django.db import connection
        from django.utils import timezone

        self.today = timezone.localdate().replace(day=15)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM meetings_meetingseries")
            if cursor.fetchone()[0] == 0:
                cursor.execute(
                    "INSERT INTO meetings_meetingseries (cell_id, title, day_of_month, start_time, duration_minutes,"
                    " place, starts_month, active, created_at) SELECT id, 'Sinh hoạt chi bộ thường kỳ', 28, '19:00',"
                    " 120, 'Nhà văn hóa', %s, true, now() FROM org_orgunit"
                    " WHERE kind = 'cell' AND code NOT LIKE 'FAULTX%%'",
                    [self.today.replace(day=1)],
                )  # fmt: skip
                cursor.execute(
                    "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
                    " is_active, date_joined) SELECT '!', false, 'sec_' || id, '', '', '', false, true, now()"
                    " FROM org_orgunit WHERE kind = 'cell' AND code NOT LIKE 'FAULTX%%'"
                )  # fmt: skip
                cursor.execute(
                    "INSERT INTO access_rolegrant (user_id, role, unit_id, created_at) SELECT u.id, 'cell_secretary',"
                    " substr(u.username, 5)::bigint, now() FROM auth_user u WHERE u.username LIKE 'sec\\_%%'"
                )  # fmt: skip
            cursor.execute("SELECT count(*) FROM meetings_meetingseries WHERE active")
            self.series = cursor.fetchone()[0]

    def reset(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM meetings_meeting WHERE series_id IS NOT NULL")
            cursor.execute("DELETE FROM notifications_notification")
            cursor.execute("DELETE FROM notifications_notice")

    def enqueue(self) -> None:
        from core.meetings.tasks import series_daily

        series_daily.delay(self.today.isoformat())

    def in_the_middle(self, probe: Probe) -> bool:
        made = probe.value("SELECT count(*) FROM meetings_meeting WHERE series_id IS NOT NULL")
        return 0 < made < 2 * self.series

    def finished(self, probe: Probe) -> bool:
        made = probe.value("SELECT count(*) FROM meetings_meeting WHERE series_id IS NOT NULL")
        notes = probe.value(REMINDERS)
        return made >= 2 * self.series and notes >= self.series and not probe.running('INSERT INTO "meetings_')

    def verify(self, probe: Probe) -> Verdict:
        made, months = probe.row(
            "SELECT count(*), count(DISTINCT (series_id, series_month)) FROM meetings_meeting "
            "WHERE series_id IS NOT NULL"
        )
        notes = probe.value(REMINDERS)
        distinct_notes = probe.value(REMINDERS.replace("count(*)", "count(DISTINCT (n.user_id, t.url, t.text))"))
        return Verdict(
            expected=2 * self.series + self.series,
            found=made + notes,
            duplicated=(made - months) + (notes - distinct_notes),
            note=f"drafts {made:,} (expected {2 * self.series:,}), reminders {notes:,} (expected {self.series:,})",
        )


REMINDERS = (
    "SELECT count(*) FROM notifications_notification n JOIN notifications_notice t ON t.id = n.notice_id"
    " WHERE t.kind = 'reminder'"
)


class NotifyFanout(JobKind):
    """One notice to the whole committee (250,000 members with accounts), fanned out in chunks of 25,000 member
    ids (the worker's NOTIFY_FANOUT_CHUNK); killed after some chunks are committed, inside a later one."""

    name = "notification fan-out (250,000 members)"

    def prepare(self, tenant: Any, work: Path) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM members_member WHERE user_id IS NULL")
            if cursor.fetchone()[0]:
                cursor.execute(
                    "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
                    " is_active, date_joined) SELECT '!', false, 'n' || party_card_number, '', '', '', false, true,"
                    " now() FROM members_member WHERE user_id IS NULL"
                )  # fmt: skip
                cursor.execute(
                    "UPDATE members_member m SET user_id = u.id FROM auth_user u"
                    " WHERE m.user_id IS NULL AND u.username = 'n' || m.party_card_number"
                )
            cursor.execute(
                "SELECT count(*) FROM members_member WHERE user_id IS NOT NULL AND status NOT IN"
                " ('transferred_out', 'deceased', 'expelled', 'removed')"
            )
            self.expected = cursor.fetchone()[0]

    def reset(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM notifications_notification")
            cursor.execute("DELETE FROM notifications_notice")

    def enqueue(self) -> None:
        from django.db import transaction

        from core.notifications.models import Audience, Kind
        from core.notifications.services import notify

        with transaction.atomic():
            self.notice_id = notify(kind=Kind.GENERAL, text="Thử lỗi", audience=Audience.COMMITTEE).pk

    def in_the_middle(self, probe: Probe) -> bool:
        row = probe.row("SELECT cursor, state FROM notifications_notice WHERE id = %s", [self.notice_id])
        return bool(row) and row[0] > 0 and row[1] == "pending" and probe.running("INSERT INTO notifications_")

    def finished(self, probe: Probe) -> bool:
        return probe.value("SELECT state FROM notifications_notice WHERE id = %s", [self.notice_id]) == "done"

    def verify(self, probe: Probe) -> Verdict:
        found, distinct = probe.row(
            "SELECT count(*), count(DISTINCT user_id) FROM notifications_notification WHERE notice_id = %s",
            [self.notice_id],
        )
        runs, statements, recipients = probe.row(
            "SELECT runs, statements, recipients FROM notifications_notice WHERE id = %s", [self.notice_id]
        )
        return Verdict(
            expected=self.expected,
            found=found,
            duplicated=found - distinct,
            note=f"runs {runs}, INSERT statements {statements}, recipients counted {recipients:,}",
        )


KINDS: list[type[JobKind]] = [MemberImport, AccountIssuance, SeriesDaily, NotifyFanout]
