"""`manage.py import_committee --tenant <slug> FILE [--dry-run] [--valid-only]`: import committee seats."""

from core.imports.management.commands._import_command import ImportCommand
from core.imports.models import ImportKind


class Command(ImportCommand):
    help = "Nhập cấp ủy viên (chức vụ cấp ủy) từ tệp CSV/XLSX / import committee seats"
    kind = ImportKind.COMMITTEE
