"""`manage.py import_org --tenant <slug> FILE [--dry-run] [--valid-only]`: import the org tree of a tenant."""

from core.imports.management.commands._import_command import ImportCommand
from core.imports.models import ImportKind


class Command(ImportCommand):
    help = "Nhập cây tổ chức đảng từ tệp CSV/XLSX / import the org tree"
    kind = ImportKind.ORG
