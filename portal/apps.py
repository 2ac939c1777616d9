from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The Django project: settings, URLs and the assembly of the headless API."""

    name = "portal"
    verbose_name = "门户"

    def ready(self):
        from . import api_forms

        api_forms.install()
