from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "core.stats"
    label = "stats"
    verbose_name = "Số liệu sử dụng / Adoption figures"
