from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "tenants.backup"
    label = "backup"
    verbose_name = "Sao lưu đảng bộ / Tenant backups"
