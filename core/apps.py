from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of the portal shares: the page cache, request guards, rate
    limits, media serving, the review rules, exports and the portal's template tags."""

    name = "core"
    verbose_name = "公共组件"

    def ready(self):
        from . import exports, page_cache, restrictions, signal_handlers, workflow

        exports.install()
        workflow.install()
        restrictions.install()
        page_cache.install()
        signal_handlers.connect()
