"""The project's one CSV/XLSX writer: every spreadsheet the platform hands out is written here.

A value a user typed (a unit renamed to `=HYPERLINK("http://…"&A1,"…")`, a member's name, an import cell) must
never become a live formula in the file: `cells.csv_safe` prefixes formula-like text with an apostrophe in CSV,
and `writers.xlsx_bytes` stores every text as a string cell (never `<f>`), marked "quote prefix" when it looks
like a formula so Excel keeps it text even after an edit. See docs/adr/0009-one-export-writer.md.

Use `responses.csv_response` / `responses.xlsx_response` in views, `writers.csv_write` for files; no other
module writes CSV or XLSX (tests/core/exports/test_every_export.py fails if one does).
"""
