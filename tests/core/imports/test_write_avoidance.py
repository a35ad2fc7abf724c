"""Re-importing a members file writes nothing for the rows it does not change (core/imports/member_import.py).

The reported counts are not enough: `updated_at = now()` is the *transaction's* start time, and each test runs in
one transaction, so a rewritten row keeps the same stamp. These tests look at what PostgreSQL did instead: the
row version (`xmin`, `ctid`), the row lock (`xmax`: the upsert's `ON CONFLICT` path locks a row even when its
`WHERE` then skips it) and the table's update counter for this transaction (`pg_stat_xact_user_tables`).
"""

from django.db import connection

from core.imports.models import ImportKind, ImportStatus
from core.members.models import Member
from tenants.db.schema import current_schema
from tests.core.imports.helpers import member_row, members_csv

MEMBERS = ImportKind.MEMBERS
CARDS = ("01000001", "01000002", "01000003")


def _file(**changed_phone: str) -> str:
    return members_csv(
        [member_row(card, phone=changed_phone.get(f"c{card}", f"09123450{card[-2:]}")) for card in CARDS]
    )


def _versions() -> dict[str, tuple[str, str, str]]:
    """card → (xmin, ctid, xmax) of the member row: a new version changes xmin and ctid, a lock sets xmax."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT party_card_number, xmin::text, ctid::text, xmax::text FROM {Member._meta.db_table} "
            "WHERE party_card_number = ANY(%s)",
            [list(CARDS)],
        )
        return {card: (xmin, ctid, xmax) for card, xmin, ctid, xmax in cursor.fetchall()}


def _updates_so_far() -> int:
    """Rows this transaction has updated in the members table (HOT or not), per PostgreSQL's statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relid = %s::regclass",
            [f"{current_schema()}.{Member._meta.db_table}"],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def test_reimporting_an_unchanged_file_neither_rewrites_nor_locks_a_row(tree, run_import):
    first = run_import(MEMBERS, _file())
    assert (first.status, first.inserted) == (ImportStatus.DONE, 3), first.errors
    before, updates_before = _versions(), _updates_so_far()
    assert all(xmax == "0" for _, _, xmax in before.values())  # freshly inserted: neither updated nor locked

    again = run_import(MEMBERS, _file())

    assert (again.status, again.inserted, again.updated, again.unchanged) == (ImportStatus.DONE, 0, 0, 3)
    assert _versions() == before  # same row versions, and no row was even locked
    assert _updates_so_far() == updates_before


def test_a_changed_row_gets_a_new_version_and_its_neighbours_keep_theirs(tree, run_import):
    run_import(MEMBERS, _file())
    before, updates_before = _versions(), _updates_so_far()

    job = run_import(MEMBERS, _file(c01000002="0987000111"))

    assert (job.inserted, job.updated, job.unchanged) == (0, 1, 2)
    after = _versions()
    assert after["01000002"][:2] != before["01000002"][:2]  # the changed member was rewritten…
    assert {c: after[c] for c in ("01000001", "01000003")} == {c: before[c] for c in ("01000001", "01000003")}
    assert _updates_so_far() == updates_before + 1  # …and it is the only row updated
    assert Member.objects.get(party_card_number="01000002").phone == "0987000111"
