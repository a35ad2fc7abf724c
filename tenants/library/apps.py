from django.apps import AppConfig


class PlatformLibraryConfig(AppConfig):
    name = "tenants.library"
    label = "platform_library"
    verbose_name = "Văn bản dùng chung / Platform-wide documents"
