"""Errors found in an import file and the outcome of an import, plus the CSV error report."""

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from core.exports.writers import csv_write

# Errors kept (job JSON, report); `count` goes on counting past it.
ERROR_LIMIT = 10_000
REPORT_HEADER = ("Dòng", "Cột", "Giá trị", "Lỗi")


def show_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"


@dataclass
class ErrorSink:
    limit: int = ERROR_LIMIT
    items: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    fatal: bool = False  # a whole-file problem: nothing can be loaded

    def add(self, row: int | None, column: str, value: Any, message: str) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append({"row": row, "column": column, "value": show_value(value), "message": message})

    def file_error(self, message: str) -> None:
        self.fatal = True
        self.add(None, "", "", message)

    def __bool__(self) -> bool:
        return self.count > 0

    def sorted_items(self) -> list[dict[str, Any]]:
        return sorted(self.items, key=lambda e: (e["row"] or 0, e["column"]))


@dataclass
class ImportResult:
    errors: ErrorSink
    total: int = 0  # data rows (blank lines not counted)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows not loaded because of their errors
    loaded: bool = False  # something was (or, on a dry run, would be) written
    dry_run: bool = False

    @property
    def blocked(self) -> bool:
        """Nothing was (or would be) loaded because of errors."""
        return bool(self.errors) and not self.loaded

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": self.errors.count,
        }


def error_rows(errors: list[dict[str, Any]]) -> list[list[object]]:
    """The error report's rows (header first): row, column, value, message."""
    body = [[e.get("row") or "", e.get("column", ""), e.get("value", ""), e["message"]] for e in errors]
    return [list(REPORT_HEADER), *body]


def write_error_csv(errors: list[dict[str, Any]], out: IO[str]) -> None:
    """UTF-8 (with BOM, so Excel shows Vietnamese correctly) CSV through the project's export writer."""
    csv_write(out, error_rows(errors))
