from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "core.audit"
    label = "audit"
    verbose_name = "Nhật ký / Audit log"

    def ready(self) -> None:
        # Every app's `audit_sentences` module registers the sentences of its action kinds (core/audit/sentences.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("audit_sentences")
