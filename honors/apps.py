from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "honors"
    verbose_name = "褒扬纪念"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.page_cache import purge

        from .models import HonorTitle, Person

        # Snippets are shown on cached pages but are saved without publishing a page.
        for model in (Person, HonorTitle):
            name = model.__name__
            post_save.connect(purge, sender=model, dispatch_uid=f"pagecache-honors-{name}")
            post_delete.connect(purge, sender=model, dispatch_uid=f"pagecache-honors-{name}-del")
