"""Org import plan: check the file's rows against the tree in the database and against each other.

Parents may appear anywhere in the file (or already exist); the plan resolves every row's final parent,
refuses unknown or closed parents, wrong nesting (cells hold only party groups), cycles, and rows whose
parent row was refused (valid_only). Accepted rows come out parents first (topological order).
"""

import datetime as dt
from dataclasses import dataclass, field

from core.access.checks import ANY
from core.imports.org_rows import OrgFile, OrgRow
from core.imports.report import ImportResult
from core.imports.values import vi_label
from core.members.models import Member
from core.org.models import MEMBER_HOLDING_KINDS, OrgKind, OrgUnit

_HOLDING = {str(k) for k in MEMBER_HOLDING_KINDS}
_LABELS = {str(k.value): vi_label(k.label) for k in OrgKind}


@dataclass
class Unit:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    path: str
    depth: int
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass
class OrgPlan:
    units: dict[str, Unit]  # the database's units by code
    root_code: str  # the tenant root's code (existing, a file row, or the automatic root)
    auto_root: OrgRow | None  # a root named after the tenant, created when neither the tree nor the file has one
    accepted: list[OrgRow] = field(default_factory=list)  # parents first
    parent_of: dict[str, str | None] = field(default_factory=dict)  # final parent code of every code

    def changes(self, row: OrgRow) -> dict[str, list[object]]:
        """What the row would change on its existing unit ({} for new units and unchanged ones)."""
        unit = self.units.get(row.code)
        if unit is None:
            return {}
        out: dict[str, list[object]] = {}
        if row.name != unit.name:
            out["name"] = [unit.name, row.name]
        if row.kind != unit.kind:
            out["kind"] = [unit.kind, row.kind]
        if row.valid_from is not None and row.valid_from != unit.valid_from:
            out["valid_from"] = [str(unit.valid_from) if unit.valid_from else None, str(row.valid_from)]
        old_parent = self.parent_of_unit(unit)
        if self.parent_of.get(row.code) != old_parent:
            out["parent"] = [old_parent, self.parent_of.get(row.code)]
        return out

    def parent_of_unit(self, unit: Unit) -> str | None:
        return self._codes_by_id().get(unit.parent_id) if unit.parent_id else None

    def _codes_by_id(self) -> dict[int, str]:
        cached = getattr(self, "_by_id", None)
        if cached is None:
            cached = {u.id: u.code for u in self.units.values()}
            self._by_id = cached
        return cached


def load_units() -> dict[str, Unit]:
    fields = ("pk", "code", "name", "kind", "parent_id", "path", "depth", "valid_from", "valid_to")
    return {row[1]: Unit(*row) for row in OrgUnit.objects.values_list(*fields)}


class Planner:
    def __init__(self, file: OrgFile, result: ImportResult, valid_only: bool, scopes: list[str], root_name: str):
        self.file, self.result, self.valid_only = file, result, valid_only
        self.scopes = None if ANY in scopes else tuple(scopes)
        self.root_name = root_name
        self.bad = set(file.bad)

    def _error(self, row: OrgRow, field: str, value: object, message: str) -> None:
        self.result.errors.add(row.number, self.file.header.column(field), value, message)
        self.bad.add(row.code)

    def plan(self) -> OrgPlan:
        units = load_units()
        plan = OrgPlan(units=units, root_code="", auto_root=None)
        self._root(plan)
        for code, row in self.file.rows.items():
            if code not in self.bad and row.kind != OrgKind.ROOT:
                plan.parent_of[code] = row.parent_code or plan.root_code
        self._check_rows(plan)
        while self._check_cycles(plan):
            pass
        self._cascade(plan)
        self.file.rejected_rows.update(self.file.rows[c].number for c in self.bad)
        self.result.rejected = len(self.file.rejected_rows)
        return plan

    def _root(self, plan: OrgPlan) -> None:
        existing = [u for u in plan.units.values() if u.kind == OrgKind.ROOT]
        root_rows = [r for r in self.file.rows.values() if r.kind == OrgKind.ROOT and r.code not in self.bad]
        if existing:
            plan.root_code = existing[0].code
        for row in root_rows:
            if row.parent_code:
                self._error(row, "parent_code", row.raw_parent, "Đảng bộ gốc (tỉnh/thành phố) không có cấp trên.")
            elif plan.root_code and row.code != plan.root_code:
                self._error(row, "kind", row.raw_kind, f"Đã có đảng bộ gốc “{plan.root_code}”; chỉ có một đảng bộ gốc.")
            else:
                plan.root_code = row.code
                plan.parent_of[row.code] = None
        if not plan.root_code:
            code = "GOC"
            while code in plan.units or code in self.file.rows:
                code += "_"
            plan.root_code = code
            plan.auto_root = OrgRow(0, code, self.root_name, OrgKind.ROOT, "", None)

    def _kind_of(self, plan: OrgPlan, code: str) -> str | None:
        row = self.file.rows.get(code)
        if row is not None and code not in self.bad:
            return row.kind
        unit = plan.units.get(code)
        if unit is not None:
            return unit.kind
        return OrgKind.ROOT if code == plan.root_code else None

    def _check_rows(self, plan: OrgPlan) -> None:
        holding_with_members = self._members_in_changing_cells(plan)
        for code, row in self.file.rows.items():
            if code in self.bad:
                continue
            unit = plan.units.get(code)
            if unit is not None:
                self._check_existing(plan, row, unit, holding_with_members)
            if code in self.bad or row.kind == OrgKind.ROOT:
                continue
            self._check_parent(plan, row)

    def _members_in_changing_cells(self, plan: OrgPlan) -> set[int]:
        ids = [
            plan.units[c].id
            for c, r in self.file.rows.items()
            if c in plan.units and plan.units[c].kind in _HOLDING and r.kind and r.kind not in _HOLDING
        ]
        if not ids:
            return set()
        return set(Member.objects.filter(cell_id__in=ids).values_list("cell_id", flat=True).distinct())

    def _check_existing(self, plan: OrgPlan, row: OrgRow, unit: Unit, with_members: set[int]) -> None:
        if unit.kind == OrgKind.ROOT and row.kind != OrgKind.ROOT:
            self._error(row, "kind", row.raw_kind, "Không thể đổi loại của đảng bộ gốc (tỉnh/thành phố).")
        elif unit.kind != OrgKind.ROOT and row.kind == OrgKind.ROOT:
            self._error(row, "kind", row.raw_kind, f"Đã có đảng bộ gốc “{plan.root_code}”; chỉ có một đảng bộ gốc.")
        elif unit.id in with_members:
            self._error(
                row,
                "kind",
                row.raw_kind,
                f"“{unit.code}” đang có đảng viên, không thể đổi thành {_LABELS.get(row.kind, row.kind)}.",
            )
        elif unit.valid_to is not None and plan.changes(row):
            self._error(row, "code", row.code, f"Tổ chức “{unit.code}” đã giải thể hoặc sáp nhập, không thể sửa.")
        elif self.scopes is not None and not unit.path.startswith(self.scopes):
            self._error(row, "code", row.code, f"Bạn không có quyền sửa tổ chức “{unit.code}”.")

    def _check_parent(self, plan: OrgPlan, row: OrgRow) -> None:
        parent = plan.parent_of[row.code] or ""
        parent_unit = plan.units.get(parent)
        in_file = parent in self.file.rows
        if parent_unit is None and not in_file and parent != plan.root_code:
            self._error(row, "parent_code", row.raw_parent, f"Không tìm thấy mã cấp trên “{parent}”.")
            return
        if parent_unit is not None and parent_unit.valid_to is not None:
            self._error(row, "parent_code", row.raw_parent, f"Tổ chức cấp trên “{parent}” đã giải thể hoặc sáp nhập.")
            return
        if self.scopes is not None and parent_unit is not None and not parent_unit.path.startswith(self.scopes):
            self._error(row, "parent_code", row.raw_parent, f"Bạn không có quyền thêm tổ chức vào “{parent}”.")
            return
        parent_kind = self._kind_of(plan, parent)
        if parent_kind == OrgKind.PARTY_GROUP:
            self._error(row, "parent_code", row.raw_parent, "Tổ đảng không có tổ chức cấp dưới.")
        elif parent_kind == OrgKind.CELL and row.kind != OrgKind.PARTY_GROUP:
            self._error(row, "kind", row.raw_kind, f"Dưới chi bộ “{parent}” chỉ có tổ đảng.")
        elif row.kind == OrgKind.PARTY_GROUP and parent_kind is not None and parent_kind != OrgKind.CELL:
            self._error(row, "parent_code", row.raw_parent, "Tổ đảng phải trực thuộc một chi bộ.")

    def _final_parent(self, plan: OrgPlan, code: str) -> str | None:
        if code in plan.parent_of and code not in self.bad:
            return plan.parent_of[code]
        unit = plan.units.get(code)
        return plan.parent_of_unit(unit) if unit is not None else None

    def _check_cycles(self, plan: OrgPlan) -> bool:
        """Report every cycle in the final tree; True when a new one was found (then check again)."""
        found = False
        state: dict[str, int] = {}  # 1 = on the current chain, 2 = done
        for start in self.file.rows:
            chain: list[str] = []
            code: str | None = start
            while code is not None and state.get(code) is None:
                state[code] = 1
                chain.append(code)
                code = self._final_parent(plan, code)
            if code is not None and state.get(code) == 1:
                cycle = chain[chain.index(code) :]
                text = " → ".join([*cycle, code])
                for member in cycle:
                    row = self.file.rows.get(member)
                    if row is not None and member not in self.bad:
                        self._error(row, "parent_code", row.raw_parent, f"Vòng lặp cấp trên: {text}.")
                        found = True
            for member in chain:
                state[member] = 2
        return found

    def _cascade(self, plan: OrgPlan) -> None:
        """A new unit whose parent row was refused cannot be placed: refuse it too (reported in valid_only)."""
        changed = True
        while changed:
            changed = False
            for code, parent in plan.parent_of.items():
                if code in self.bad or parent is None or parent not in self.bad or parent in plan.units:
                    continue
                row, bad_row = self.file.rows[code], self.file.rows[parent]
                if self.valid_only:
                    message = f"Không ghi vì tổ chức cấp trên “{parent}” (dòng {bad_row.number}) có lỗi."
                    self._error(row, "parent_code", row.raw_parent, message)
                self.bad.add(code)
                changed = True
        final = {c: p for c, p in plan.parent_of.items() if c not in self.bad}
        plan.parent_of = final
        depth: dict[str, int] = {}
        for code in final:
            chain: list[str] = []
            current: str | None = code
            while current is not None and current in final and current not in depth and len(chain) <= len(final):
                chain.append(current)
                current = final[current]
            base = depth.get(current, 0) if current is not None else 0
            for c in reversed(chain):
                base += 1
                depth[c] = base
        plan.accepted = [self.file.rows[c] for c in sorted(final, key=depth.__getitem__)]
