from django.apps import AppConfig


class EducationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "education"
    label = "education"
    verbose_name = "红色教育"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
