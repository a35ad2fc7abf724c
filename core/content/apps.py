from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "core.content"
    label = "content"
    verbose_name = "Nội dung dùng chung / Shared content primitives"
