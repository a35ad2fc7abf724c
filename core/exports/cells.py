"""Cell values made safe for spreadsheets: formula-like text is neutralised, illegal characters dropped."""

import re

# A spreadsheet evaluates text starting with one of these as a formula (or a DDE call); the full-width forms are
# normalised to them by some spreadsheet imports. Tab, CR and LF are listed by OWASP's CSV-injection guidance.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Control characters XML 1.0 (and so XLSX) cannot hold: a value containing one would fail the whole export.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: its first non-blank character is a trigger."""
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def csv_safe(value: object) -> object:
    """The value for a CSV cell: formula-like text gets a leading apostrophe (shown as text by spreadsheets);
    numbers, dates and other values are written as they are."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def xml_safe(text: str) -> str:
    """`text` without the control characters an XLSX file cannot store."""
    return _XML_ILLEGAL.sub("", text)
