from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "core.study"
    label = "study"
    verbose_name = "Học tập nghị quyết / Resolution study"
