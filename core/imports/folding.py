"""A faster `core.members.search.fold` for the import's hot path, with exactly the same results.

fold() decomposes, strips combining marks and lower-cases character by character; for Latin letters
(with Vietnamese diacritics) that is a fixed per-character mapping, applied here with one str.translate.
Anything the table does not turn into plain ASCII goes through fold() itself.
"""

import unicodedata

from core.members.search import fold


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "d"))
        mapped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if mapped.isascii() and not any(c.isspace() for c in mapped):
            table[code] = mapped
    return table


_TABLE = _table()


def fast_fold(text: str) -> str:
    mapped = text.translate(_TABLE)
    if mapped.isascii():
        return " ".join(mapped.lower().split())
    return fold(text)
