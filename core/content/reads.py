"""Read tracking shared by content types: "đã đọc / chưa đọc" per user and read counts per unit.

A content type declares two concrete models (see core/library/models.py):

    class DocumentRead(ReadMarkBase):       item = FK(Document); unique (item, user)
    class DocumentUnitReads(UnitReadCountBase): item = FK(Document); unique (item, unit)

`read_mark(...)` records a user's first read and, for a member, adds one to the counter of every unit on the
path of their cell (root … cell: ≤ 8 rows, one INSERT … ON CONFLICT statement), so a committee's read rate for
an item is `reads of the unit / members of the unit's subtree` without scanning 472,869 read rows.
"""

import datetime as dt

from django.db import connection, models
from django.utils import timezone

from core.content.audience import Reader, path_ids


def read_mark(
    *,
    mark_model: type[models.Model],
    count_model: type[models.Model],
    item: models.Model,
    reader: Reader,
    now: dt.datetime | None = None,
) -> bool:
    """Record that `reader` read `item`; True on the first read. Call inside the caller's transaction.
    Not audited (reading changes nothing shared); the counters are the aggregate leaders see."""
    if reader.user_id is None:
        return False
    now = now or timezone.now()
    _mark, created = mark_model.objects.get_or_create(  # type: ignore[attr-defined]
        item=item, user_id=reader.user_id, defaults={"unit_id": reader.cell_id, "read_at": now}
    )
    if created and reader.cell_path:
        _bump(count_model, item.pk, list(path_ids(reader.cell_path)))
    return bool(created)


def _bump(count_model: type[models.Model], item_id: int, unit_ids: list[int]) -> None:
    table = count_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" (item_id, unit_id, reads) SELECT %s, u, 1 FROM unnest(%s::bigint[]) u '
            "ON CONFLICT (item_id, unit_id) DO UPDATE SET reads = EXCLUDED.reads + "
            f'"{table}".reads',
            [item_id, unit_ids],
        )


def read_ids(mark_model: type[models.Model], user_id: int | None, item_ids: list[int]) -> set[int]:
    """Which of `item_ids` the user has read (one query)."""
    if user_id is None or not item_ids:
        return set()
    return set(
        mark_model.objects.filter(user_id=user_id, item_id__in=item_ids).values_list(  # type: ignore[attr-defined]
            "item_id", flat=True
        )
    )
