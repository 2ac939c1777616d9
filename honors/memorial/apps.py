from django.apps import AppConfig


class MemorialConfig(AppConfig):
    name = "honors.memorial"
    label = "memorial"
    verbose_name = "英烈纪念"

    def ready(self):
        from . import live_counts, signal_handlers

        live_counts.register()
        signal_handlers.connect()
