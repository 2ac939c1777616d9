from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "honors"
    verbose_name = "褒扬纪念"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
