"""The Regulation 339 profile columns of a member row (ethnicity, religion, hometown … workplace).

`fast()` serves clean rows with cached codes (None sends the row to the full checks); `checked()` records an
error per bad cell. Both return the values in PROFILE_COLUMNS order ("" for an empty cell or an absent column).
"""

from collections.abc import Callable
from typing import Any

from core.imports.profile_values import PROFILE_COLUMNS, PROFILE_PARSERS, BadValue

TEXT_LIMITS = {"hometown": 200, "residence": 200, "occupation": 120, "workplace": 200}
_MISS = object()
_UNSAFE = ("\\", "\t", "\n", "\r")


class ProfileCells:
    def __init__(self, index: dict[str, int]) -> None:
        self.present = [(PROFILE_COLUMNS.index(n), n, index[n]) for n in PROFILE_COLUMNS if n in index]
        self.caches: dict[str, dict[Any, Any]] = {n: {} for n in PROFILE_COLUMNS}

    def fast(self, values: list[Any]) -> tuple[str, ...] | None:
        out = [""] * len(PROFILE_COLUMNS)
        for slot, name, position in self.present:
            raw = values[position]
            if raw is None or raw == "":
                continue
            if type(raw) is not str:
                return None
            limit = TEXT_LIMITS.get(name)
            if limit is not None:
                if len(raw) > limit or any(ch in raw for ch in _UNSAFE):
                    return None
                out[slot] = " ".join(raw.split())
                continue
            cache = self.caches[name]
            found = cache.get(raw, _MISS) if raw in cache else self._learn(cache, name, raw)
            if found is _MISS:
                return None
            out[slot] = found
        return tuple(out)

    @staticmethod
    def _learn(cache: dict[Any, Any], name: str, raw: Any) -> Any:
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
