from django.apps import AppConfig


class MemorialConfig(AppConfig):
    name = "honors.memorial"
    label = "memorial"
    verbose_name = "英烈纪念"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.page_cache import purge

        from . import live_counts
        from .models import Campaign

        live_counts.register()

        # The campaign banner is on the (cached) home page and every martyr's page.
        post_save.connect(purge, sender=Campaign, dispatch_uid="pagecache-campaign")
        post_delete.connect(purge, sender=Campaign, dispatch_uid="pagecache-campaign-del")
