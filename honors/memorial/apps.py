from django.apps import AppConfig


class MemorialConfig(AppConfig):
    name = "honors.memorial"
    label = "memorial"
    verbose_name = "英烈纪念"
