from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "core.feedback"
    label = "feedback"
    verbose_name = "Ý kiến, kiến nghị / Feedback"
