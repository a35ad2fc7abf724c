"""Read an uploaded table row by row, streaming: CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX.

`open_table(path)` returns a `Table` whose `rows` yields `(row_number, values)` with the row number the user
sees in Excel (first line = 1). CSV values are strings; XLSX values keep their cell types (dates stay dates).
Whole-file problems (wrong type, wrong encoding, corrupt workbook) raise `FileProblem` with a Vietnamese
message.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.imports.report import ImportResult
from core.imports.storage import extension_of

UTF8_HINT = "Trong Excel chọn “Lưu thành” → “CSV UTF-8 (phân tách bằng dấu phẩy)”."
csv.field_size_limit(1024 * 1024)


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


@dataclass
class Table:
    rows: Iterator[tuple[int, list[Any]]]
    fraction_read: Callable[[], float]
    closers: list[Callable[[], None]] = field(default_factory=list)
    where: Callable[[], str] = lambda: "tệp"

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn decoding/format errors met while iterating `rows` into FileProblem."""
        try:
            yield
        except UnicodeDecodeError:
            raise FileProblem(f"Tệp CSV không ở mã UTF-8 (lỗi ở {self.where()}). {UTF8_HINT}") from None
        except csv.Error as exc:
            raise FileProblem(f"Tệp CSV sai định dạng ({self.where()}): {exc}.") from None

    def close(self) -> None:
        for closer in self.closers:
            with suppress(Exception):
                closer()


def open_table(path: Path, filename: str) -> Table:
    ext = extension_of(filename)
    if ext == ".csv":
        return _open_csv(path)
    if ext == ".xlsx":
        return _open_xlsx(path)
    raise FileProblem(f"Không nhận tệp “{filename}”: chỉ nhận tệp .csv hoặc .xlsx.")


Progress = Callable[[int, str], None]  # (percent, label) reported while an import runs


def read_whole_file[T](
    path: Path, filename: str, result: ImportResult, read: Callable[[Table, ImportResult], T | None]
) -> T | None:
    """Open the uploaded file, read it with `read` and close it. A file that cannot be read as a whole becomes the
    result's file error; None then, or when reading found fatal errors."""
    try:
        table = open_table(path, filename)
    except FileProblem as exc:
        result.errors.file_error(str(exc))
        return None
    try:
        content = read(table, result)
    except FileProblem as exc:
        result.errors.file_error(str(exc))
        return None
    finally:
        table.close()
    return None if result.errors.fatal else content


def check_file(path: Path, filename: str) -> None:
    """Quick checks before a job is queued: type, UTF-8 encoding of the whole CSV, a readable workbook."""
    ext = extension_of(filename)
    if ext == ".xls":
        raise FileProblem("Tệp .xls (Excel 97-2003) không được hỗ trợ: hãy mở bằng Excel và lưu lại thành .xlsx.")
    if ext not in (".csv", ".xlsx"):
        raise FileProblem(f"Không nhận tệp “{filename}”: chỉ nhận tệp .csv hoặc .xlsx.")
    if path.stat().st_size == 0:
        raise FileProblem("Tệp rỗng, không có dữ liệu.")
    if ext == ".csv":
        _check_utf8(path)
    elif not zipfile.is_zipfile(path):
        raise FileProblem("Tệp .xlsx bị hỏng hoặc không phải tệp Excel (.xlsx).")


def _check_utf8(path: Path) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as f:
        head = f.read(2)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raise FileProblem(f"Tệp CSV đang ở mã UTF-16, cần mã UTF-8. {UTF8_HINT}")
        f.seek(0)
        while chunk := f.read(1024 * 1024):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise FileProblem(f"Tệp CSV không ở mã UTF-8 (lỗi ở dòng {line}). {UTF8_HINT}") from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileProblem(f"Tệp CSV không ở mã UTF-8 (lỗi ở dòng {line}). {UTF8_HINT}") from None


def _delimiter(first_line: str) -> str:
    """Comma or semicolon, whichever occurs more often in the header line (outside quotes)."""
    counts = {",": 0, ";": 0}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _open_csv(path: Path) -> Table:
    raw = path.open("rb")
    size = max(path.stat().st_size, 1)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        text.seek(0)
    except UnicodeDecodeError:
        text.close()
        raise FileProblem(f"Tệp CSV không ở mã UTF-8. {UTF8_HINT}") from None
    reader = csv.reader(text, delimiter=_delimiter(first))

    def where() -> str:
        return f"dòng {reader.line_num + 1}"

    return Table(
        rows=enumerate(reader, start=1),
        fraction_read=lambda: min(raw.tell() / size, 1.0),
        closers=[text.close],
        where=where,
    )


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise FileProblem("Tệp .xlsx bị hỏng hoặc không phải tệp Excel (.xlsx).") from None
    if not workbook.worksheets:
        workbook.close()
        raise FileProblem("Tệp Excel không có trang tính nào.")
    sheet = workbook.worksheets[0]
    total = max(sheet.max_row or 0, 1)
    state = {"row": 0}

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                state["row"] = number
                yield number, list(values)
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise FileProblem(f"Tệp Excel bị hỏng (dòng {state['row'] + 1}): {exc}.") from None

    return Table(rows=rows(), fraction_read=lambda: min(state["row"] / total, 1.0), closers=[workbook.close])
