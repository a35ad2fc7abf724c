from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "core.library"
    label = "library"
    verbose_name = "Văn bản, nghị quyết / Documents library"
