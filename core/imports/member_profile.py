"""The Regulation 339 profile columns of a member row (ethnicity, religion, hometown … workplace).

`fast()` serves clean rows with cached codes (None sends the row to the full checks); `checked()` records an
error per bad cell. Both return the values in PROFILE_COLUMNS order ("" for an empty cell or an absent column).
"""

from collections.abc import Callable
from typing import Any

from core.imports.profile_values import PROFILE_COLUMNS, PROFILE_PARSERS, BadValue

TEXT_LIMITS = {"hometown": 200, "residence": 200, "occupation": 120, "workplace": 200}
_MISS = object()


class ProfileCells:
    def __init__(self, index: dict[str, int]) -> None:
        self.present = [(PROFILE_COLUMNS.index(n), n, index[n]) for n in PROFILE_COLUMNS if n in index]
        self.caches: dict[str, dict[Any, Any]] = {n: {} for n in PROFILE_COLUMNS}
        # (slot, column, position in the row, text limit or 0 for coded columns, cache of codes)
        self.plan = [(slot, n, pos, TEXT_LIMITS.get(n, 0), self.caches[n]) for slot, n, pos in self.present]

    def fast(self, values: list[Any]) -> tuple[str, ...] | None:
        out = [""] * len(PROFILE_COLUMNS)
        for slot, name, position, limit, cache in self.plan:
            raw = values[position]
            if raw is None or raw == "":
                continue
            if type(raw) is not str:
                return None
            if limit:  # free text: printable (no tab, newline), no backslash, spaces already single
                if len(raw) > limit or "\\" in raw or not raw.isprintable():
                    return None
                out[slot] = raw if ("  " not in raw and raw[0] != " " and raw[-1] != " ") else " ".join(raw.split())
                continue
            found = cache[raw] if raw in cache else self._learn(cache, name, raw)
            if found is _MISS:
                return None
            out[slot] = found
        return tuple(out)

    @staticmethod
    def _learn(cache: dict[Any, Any], name: str, raw: Any) -> Any:
        """Parse a value not seen before; invalid ones are remembered as _MISS too (sent to the full checks)."""
        try:
            found: Any = PROFILE_PARSERS[name](raw)
        except BadValue:
            found = _MISS
        if len(cache) < 10_000:
            cache[raw] = found
        return found

    def checked(self, values: list[Any], bad: Callable[[str, Any, str], None]) -> tuple[str, ...]:
        out = [""] * len(PROFILE_COLUMNS)
        for slot, name, position in self.present:
            raw = values[position]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                out[slot] = PROFILE_PARSERS[name](raw)
            except BadValue as exc:
                bad(name, raw, str(exc))
        return tuple(out)
