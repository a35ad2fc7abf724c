from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "core.org"
    label = "org"
    verbose_name = "Tổ chức đảng / Party organisation"
