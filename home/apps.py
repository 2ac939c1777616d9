from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "门户首页与工作动态"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
