from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "core.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ / Cell meetings"
