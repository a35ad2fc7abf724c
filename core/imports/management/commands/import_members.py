"""`manage.py import_members --tenant <slug> FILE [--dry-run] [--valid-only] [--errors-csv OUT]`."""

from django.core.management.base import CommandParser

from core.imports.management.commands._import_command import ImportCommand
from core.imports.models import ImportKind


class Command(ImportCommand):
    help = "Nhập danh sách đảng viên từ tệp CSV/XLSX / import party members"
    kind = ImportKind.MEMBERS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--errors-csv", metavar="OUT", help="ghi báo cáo lỗi (CSV) vào tệp này")
