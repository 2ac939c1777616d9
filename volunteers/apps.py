from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volunteers"
    label = "volunteers"
    verbose_name = "志愿服务与服务站"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
